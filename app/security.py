"""Security manager: login audit, login rate limits on form and API, role sync hooks, and
permission checks answered from a per-request set. FAB's security API and Roles / Users /
Groups pages come hardened from app/security_guard.py: bad bodies answer 4xx, and no change
may leave the system without an active user holding the Admin role with its permissions."""
from __future__ import annotations

import logging

from flask import current_app, g, has_request_context, request
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import (  # noqa: F401  assoc_user_role: re-exported
    Permission,
    PermissionView,
    ViewMenu,
    assoc_group_role,
    assoc_permissionview_role,
    assoc_user_group,
    assoc_user_role,
)
from sqlalchemy import select

from app.core import audit, authz_cache
from app.core.scope import reset_scope_cache, unscoped
from app.security_guard import (  # noqa: F401  re-exported: callers import them from here
    GUARDED_APIS,
    GUARDED_VIEWS,
    SECURITY_MODELS,
    AdminLockout,
    _handle_lockout,
    active_admin_count,
    lockout_on_delete,
)

log = logging.getLogger(__name__)
_MISSING = object()


def user_role_ids_query(user_id: int):
    """The ids of a user's roles, direct and through groups (a subquery for ``IN``)."""
    direct = select(assoc_user_role.c.role_id).where(assoc_user_role.c.user_id == user_id)
    grouped = (select(assoc_group_role.c.role_id)
               .join(assoc_user_group, assoc_user_group.c.group_id == assoc_group_role.c.group_id)
               .where(assoc_user_group.c.user_id == user_id))
    return direct.union(grouped)


class YuelaoSecurityManager(SecurityManager):
    # FAB's user statistics chart loads Google Charts from the internet: not on our pages.
    userstatschartview = None
    # (FAB's security API and Roles / Users / Groups pages: the guarded classes, set below.)

    def register_views(self):
        current_app.register_error_handler(AdminLockout, _handle_lockout)
        super().register_views()
        # FAB limits only the login form; the JWT login endpoint needs the same limit.
        if not self.is_auth_limited:
            return
        for view in self.appbuilder.baseviews:
            if isinstance(view, self.security_api) and view.blueprint is not None:
                self.limiter.limit(self.auth_rate_limit, methods=["POST"])(view.blueprint)

    def permission_set(self, user) -> frozenset | None:
        """The user's (permission, resource) pairs, loaded once per request (and cached
        across requests under the security version); None when FAB must answer itself
        (no request, anonymous, builtin roles)."""
        if not has_request_context() or not getattr(user, "is_authenticated", False):
            return None
        cache = getattr(request, "_yuelao_permissions", None)
        if cache is None or cache[0] != user.id:
            if self.builtin_roles and any(r.name in self.builtin_roles
                                          for r in self.get_user_roles(user)):
                return None
            cache = (user.id, authz_cache.cached("permissions", user.id,
                                                 lambda: self._permission_pairs(user)))
            request._yuelao_permissions = cache
        return cache[1]

    def load_user(self, pk):
        """FAB's, with the security version (app/core/authz_cache.py) read in the same
        statement: every signed-in request needs both, now in one round trip."""
        if not has_request_context() or \
                getattr(request, "_yuelao_security_version", _MISSING) is not _MISSING:
            return super().load_user(pk)
        from app.core.models import SecurityVersion

        model = self.user_model
        version = (select(SecurityVersion.version).where(SecurityVersion.id == 1)
                   .scalar_subquery())
        with self.session.no_autoflush:
            row = self.session.execute(
                select(model, version).where(model.id == int(pk))
                .execution_options(unscoped=True)).first()
        if row is None:
            return None
        user, request._yuelao_security_version = row
        return user if user.is_active else None

    def has_access(self, permission_name, view_name):
        """FAB's answer for a signed-in session user, from the permission set this request
        already loaded. FAB's way re-checks the user's session state (an exception caught
        per call on the ``g.user`` proxy) for each of the dozen checks of a page; API-key
        and JWT users, anonymous and the first check of a request take FAB's way."""
        cache = getattr(request, "_yuelao_permissions", None) if has_request_context() \
            else None
        if cache is not None and not getattr(g, "_api_key_user", False):
            user = g.get("_login_user")  # flask_login's user of this request, once loaded
            if user is not None and getattr(user, "is_authenticated", False) and \
                    user.id == cache[0]:
                return bool(user.is_active) and (permission_name, view_name) in cache[1]
        return super().has_access(permission_name, view_name)

    def is_item_public(self, permission_name, view_name):
        """FAB reads the public role's permissions (two queries) on every REST check; they
        change only with the security version, so read them once per version."""
        if not has_request_context():
            return super().is_item_public(permission_name, view_name)
        pairs = authz_cache.cached("public", 0, self._public_pairs)
        return (permission_name, view_name) in pairs

    def _public_pairs(self) -> frozenset:
        role = self.get_public_role()
        if role is None:
            return frozenset()
        return frozenset((p.permission.name, p.view_menu.name) for p in role.permissions)

    def _has_view_access(self, user, permission_name: str, view_name: str) -> bool:
        """FAB asks the database once per check (about 40 per page for the menu and buttons);
        answer from the user's permission set instead."""
        perms = self.permission_set(user)
        if perms is None:
            return super()._has_view_access(user, permission_name, view_name)
        return (permission_name, view_name) in perms

    def _permission_pairs(self, user) -> frozenset:
        """(permission, resource) pairs of all the user's roles (direct and through groups),
        as plain tuples in one query (FAB builds an ORM object per pair, hundreds for an
        administrator)."""
        rows = self.session.execute(
            select(Permission.name, ViewMenu.name)
            .join(PermissionView, PermissionView.permission_id == Permission.id)
            .join(ViewMenu, PermissionView.view_menu_id == ViewMenu.id)
            .join(assoc_permissionview_role,
                  assoc_permissionview_role.c.permission_view_id == PermissionView.id)
            .where(assoc_permissionview_role.c.role_id.in_(user_role_ids_query(user.id)))
        ).all()
        return frozenset((p, v) for p, v in rows)

    def _audit_login(self, action: str, user_id, username) -> None:
        session = self.appbuilder.session
        try:
            with unscoped():
                audit.write(session, action, "user", user_id, actor_id=user_id,
                            actor_name=username)
                session.commit()
        except Exception:  # an audit failure must not turn a login into a 500
            session.rollback()
            log.exception("could not write login audit row")

    def on_user_login(self, user) -> None:
        reset_scope_cache()
        self._audit_login(audit.ACTION_LOGIN, user.id, user.username)

    def auth_user_db(self, username, password):
        if not (_usable_credential(username) and _usable_credential(password)):
            self._audit_login(audit.ACTION_LOGIN_FAILED, None, _printable(username))
            return None  # what no account can hold (NUL, lone surrogates, 1 MB) never matches
        user = super().auth_user_db(username, password)
        if user is None and username:
            known = self.find_user(username=username)
            self._audit_login(audit.ACTION_LOGIN_FAILED, known.id if known else None,
                              str(username)[:256])
        return user

    def auth_user_ldap(self, username, password):
        if not (_usable_credential(username) and _usable_credential(password)):
            return None
        user = super().auth_user_ldap(username, password)
        if user is None and username:
            self._audit_login(audit.ACTION_LOGIN_FAILED, None, str(username)[:256])
        return user


for _attr, _cls in {**GUARDED_APIS, **GUARDED_VIEWS}.items():
    setattr(YuelaoSecurityManager, _attr, _cls)


def _usable_credential(text) -> bool:
    if not isinstance(text, str) or "\x00" in text or len(text) > 1024:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(text) -> str:
    return str(text).encode("utf-8", "replace").decode("utf-8").replace("\x00", "")[:256]

"""Security manager: login audit, login rate limits on form and API, role sync hooks."""
from __future__ import annotations

import logging

from flask import has_request_context, request
from flask_appbuilder.security.sqla.manager import SecurityManager

from app.core import audit, authz_cache
from app.core.scope import reset_scope_cache, unscoped

log = logging.getLogger(__name__)


def user_role_ids_query(user_id: int):
    """The ids of a user's roles, direct and through groups (a subquery for ``IN``)."""
    from flask_appbuilder.security.sqla.models import (
        assoc_group_role,
        assoc_user_group,
        assoc_user_role,
    )
    from sqlalchemy import select

    direct = select(assoc_user_role.c.role_id).where(assoc_user_role.c.user_id == user_id)
    grouped = (select(assoc_group_role.c.role_id)
               .join(assoc_user_group, assoc_user_group.c.group_id == assoc_group_role.c.group_id)
               .where(assoc_user_group.c.user_id == user_id))
    return direct.union(grouped)


class YuelaoSecurityManager(SecurityManager):
    # FAB's user statistics chart loads Google Charts from the internet: not on our pages.
    userstatschartview = None

    def register_views(self):
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
        from flask_appbuilder.security.sqla.models import (
            Permission,
            PermissionView,
            ViewMenu,
            assoc_permissionview_role,
        )
        from sqlalchemy import select

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
        user = super().auth_user_db(username, password)
        if user is None and username:
            known = self.find_user(username=username)
            self._audit_login(audit.ACTION_LOGIN_FAILED, known.id if known else None,
                              str(username)[:256])
        return user

    def auth_user_ldap(self, username, password):
        user = super().auth_user_ldap(username, password)
        if user is None and username:
            self._audit_login(audit.ACTION_LOGIN_FAILED, None, str(username)[:256])
        return user

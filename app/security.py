"""Security manager: login audit, login rate limits on form and API, role sync hooks; FAB's
security API and Roles / Users / Groups pages hardened: bad bodies answer 4xx, and no change
may leave the system without an active user holding the Admin role with its permissions."""
from __future__ import annotations

import functools
import logging
from itertools import chain

from flask import current_app, flash, g, has_request_context, jsonify, redirect, request
from flask_appbuilder.security.sqla import apis as fab_apis
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import (
    Group,
    Permission,
    PermissionView,
    Role,
    User,
    ViewMenu,
    assoc_group_role,
    assoc_permissionview_role,
    assoc_user_group,
    assoc_user_role,
)
from flask_appbuilder.security.views import (
    RoleModelView,
    UserDBModelView,
    UserGroupModelView,
    UserLDAPModelView,
    UserOAuthModelView,
    UserRemoteUserModelView,
)
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, func, or_, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from app.core import audit, authz_cache
from app.core.errors import Conflict
from app.core.scope import reset_scope_cache, unscoped

log = logging.getLogger(__name__)

SECURITY_MODELS = (User, Role, Group, PermissionView, Permission, ViewMenu)
_LOCKOUT = "_yuelao_admin_lockout"
_CHECK_ADMINS = "_yuelao_check_admins"


class AdminLockout(Conflict):
    """A change that would leave nobody able to administer the system (409)."""


# --------------------------------------------------------------------------- Admin guard


def _admin_role_name() -> str:
    return current_app.config.get("AUTH_ROLE_ADMIN", "Admin")


def active_admin_count(connection, *, except_user=None, except_group=None) -> int:
    """Active users holding the Admin role, directly or through a group."""
    role = Role.__table__
    direct = (select(assoc_user_role.c.user_id)
              .join(role, role.c.id == assoc_user_role.c.role_id)
              .where(role.c.name == _admin_role_name()))
    grouped = (select(assoc_user_group.c.user_id)
               .join(assoc_group_role, assoc_group_role.c.group_id == assoc_user_group.c.group_id)
               .join(role, role.c.id == assoc_group_role.c.role_id)
               .where(role.c.name == _admin_role_name()))
    if except_group is not None:
        grouped = grouped.where(assoc_user_group.c.group_id != except_group)
    user = User.__table__
    stmt = (select(func.count()).select_from(user)
            .where(user.c.active.is_(True), or_(user.c.id.in_(direct), user.c.id.in_(grouped))))
    if except_user is not None:
        stmt = stmt.where(user.c.id != except_user)
    return connection.execute(stmt).scalar() or 0


def _admin_holds(connection, pv_id) -> bool:
    role = Role.__table__
    stmt = (select(assoc_permissionview_role.c.id)
            .join(role, role.c.id == assoc_permissionview_role.c.role_id)
            .where(role.c.name == _admin_role_name(),
                   assoc_permissionview_role.c.permission_view_id == pv_id))
    return connection.execute(stmt.limit(1)).first() is not None


def _refuse(message) -> None:
    text = str(message)
    if has_request_context():
        setattr(request._get_current_object(), _LOCKOUT, text)
    raise AdminLockout(text)


def _guarding() -> bool:
    """Changes made by a signed-in user through the app are guarded; the CLI, migrations and
    role sync (no user) are not."""
    if not has_request_context():
        return False
    for user in (g.get("user"), g.get("_login_user")):  # JWT user, session user
        try:
            if user is not None and user.is_authenticated:
                return True
        except Exception:  # noqa: BLE001  no user can be loaded: nobody to guard against
            continue
    return False


def _before_flush(session, _flush_context, _instances) -> None:
    touched = [o for o in chain(session.new, session.dirty, session.deleted)
               if isinstance(o, SECURITY_MODELS)]
    if not touched or not _guarding():
        return
    admin = _admin_role_name()
    with session.no_autoflush:
        for obj in session.deleted:
            message = lockout_on_delete(session, obj)
            if message:
                _refuse(message)
        for obj in session.dirty:
            state = sa_inspect(obj)
            if isinstance(obj, Role):
                if admin in (state.attrs.name.history.deleted or ()):
                    _refuse(_l("The Admin role cannot be renamed"))
                if obj.name == admin and state.attrs.permissions.history.deleted:
                    _refuse(_l("Permissions cannot be removed from the Admin role"))
            if isinstance(obj, PermissionView) and any(
                    getattr(r, "name", None) == admin
                    for r in state.attrs.role.history.deleted or ()):
                _refuse(_l("Permissions cannot be removed from the Admin role"))
    session.info[_CHECK_ADMINS] = True


def _after_flush(session, _flush_context) -> None:
    if not session.info.pop(_CHECK_ADMINS, False):
        return
    if active_admin_count(session.connection()) == 0:
        _refuse(_l("At least one active user must keep the Admin role"))


for _name, _fn in (("before_flush", _before_flush), ("after_flush", _after_flush)):
    if not event.contains(Session, _name, _fn):
        event.listen(Session, _name, _fn)


def lockout_on_delete(session, item) -> str | None:
    """Why deleting ``item`` would lock the administrators out (None when it would not)."""
    if not isinstance(item, SECURITY_MODELS):
        return None
    conn = session.connection()
    if isinstance(item, Role) and item.name == _admin_role_name():
        return str(_l("The Admin role cannot be deleted"))
    if isinstance(item, (User, Group)):
        left = active_admin_count(conn, **{"except_user" if isinstance(item, User)
                                           else "except_group": item.id})
        if left == 0 < active_admin_count(conn):
            return str(_l("At least one active user must keep the Admin role"))
    if isinstance(item, PermissionView) and _admin_holds(conn, item.id):
        return str(_l("This permission belongs to the Admin role and cannot be deleted"))
    return None


def _handle_lockout(err: AdminLockout):
    from app.extensions import db

    db.session.rollback()
    if request.path.startswith("/api/"):
        return jsonify(message=err.message), err.status
    flash(err.message, "danger")
    return redirect(request.referrer or request.url)


# --------------------------------------------------------------------------- pages


class AdminGuardViewMixin:
    """Roles / Users / Groups pages: a refused change is a clear message, nothing is saved.

    The guard may fire in any flush FAB's edit triggers (populating the form, its own
    ``pre_update``, the save); FAB then flashes a generic error, or lets it through."""

    def pre_delete(self, item):
        super().pre_delete(item)
        from app.extensions import db

        message = lockout_on_delete(db.session, item)
        if message:
            raise AdminLockout(message)

    def _edit(self, pk):
        return self._guarded(super()._edit, pk)

    def _delete(self, pk):
        return self._guarded(super()._delete, pk)

    def _guarded(self, action, pk):
        from flask import session

        from app.extensions import db

        try:
            result = action(pk)
        except AdminLockout:
            result = None
        message = request.__dict__.pop(_LOCKOUT, None)
        if message:
            db.session.rollback()
            generic = str(self.database_error_message)
            flashes = [f for f in session.get("_flashes", []) if f[1] not in (generic, message)]
            session["_flashes"] = [*flashes, ("danger", message)]
        return result


def _guarded_view(base):
    return type(f"Guarded{base.__name__}", (AdminGuardViewMixin, base), {})


GUARDED_VIEWS = {
    "rolemodelview": _guarded_view(RoleModelView),
    "groupmodelview": _guarded_view(UserGroupModelView),
    "userdbmodelview": _guarded_view(UserDBModelView),
    "userldapmodelview": _guarded_view(UserLDAPModelView),
    "useroauthmodelview": _guarded_view(UserOAuthModelView),
    "userremoteusermodelview": _guarded_view(UserRemoteUserModelView),
}


# --------------------------------------------------------------------------- REST


def _guard_endpoint(api, view):
    """Wrap one exposed endpoint: the body must be a usable JSON object; FAB's ``@safe`` turns
    every exception into a 500, so a refusal by the guard becomes a 409 and any other failure
    a 422 (a database outage is left to app/core/web.py, which answers 503)."""

    @functools.wraps(view)
    def endpoint(*args, **kwargs):
        from app.core.web import body_problem, database_failed
        from app.extensions import db

        if request.method in ("POST", "PUT", "PATCH"):
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                return api.response_400(message=str(_l("The request body must be a JSON "
                                                        "object")))
            problem = body_problem(body, api.datamodel.obj)
            if problem:
                return api.response_400(message=problem)
        response = view(*args, **kwargs)
        lockout = request.__dict__.pop(_LOCKOUT, None)
        if lockout:
            db.session.rollback()
            return api.response(409, message=lockout)
        if response.status_code == 422 and b"Database exception" in response.get_data():
            db.session.rollback()  # FAB quotes the database's error and SQL: say it plainly
            return api.response_422(message=str(_l(
                "This would duplicate a record, or remove one that others still refer to")))
        if response.status_code < 500 or database_failed():
            return response
        db.session.rollback()
        log.error("security API %s %s failed; answered 422", request.method, request.path)
        return api.response_422(message=str(_l("The request could not be completed")))

    return endpoint


class GuardedApiMixin:
    def __init__(self):
        super().__init__()
        for name in dir(type(self)):
            attr = getattr(type(self), name, None)
            if callable(attr) and hasattr(attr, "_urls"):
                setattr(self, name, _guard_endpoint(self, getattr(self, name)))


def _guarded_api(base):
    # FAB lists related columns ("roles.name") among the searchable ones, cannot filter on
    # them and warns at every start-up: search on the plain columns only.
    plain = [c for c in (getattr(base, "search_columns", None) or []) if "." not in c]
    attrs = {"search_columns": plain} if getattr(base, "search_columns", None) else {}
    return type(f"Guarded{base.__name__}", (GuardedApiMixin, base), attrs)


GUARDED_APIS = {
    "permission_api": _guarded_api(fab_apis.PermissionApi),
    "role_api": _guarded_api(fab_apis.RoleApi),
    "user_api": _guarded_api(fab_apis.UserApi),
    "view_menu_api": _guarded_api(fab_apis.ViewMenuApi),
    "permission_view_menu_api": _guarded_api(fab_apis.PermissionViewMenuApi),
    "group_api": _guarded_api(fab_apis.GroupApi),
}


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

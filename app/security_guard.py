"""No change may leave the system without an active user holding the Admin role with its
permissions: the flush guard, and FAB's Roles / Users / Groups pages and security REST API
hardened (a refused change is a clear 409 or message, bad bodies answer 4xx). The security
manager (app/security.py) installs the guarded pages and APIs.
"""
from __future__ import annotations

import functools
import logging
from itertools import chain

from flask import current_app, flash, g, has_request_context, jsonify, redirect, request
from flask_appbuilder.security.sqla import apis as fab_apis
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

from app.core.errors import Conflict

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

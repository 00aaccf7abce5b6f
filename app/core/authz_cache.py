"""Permissions and data scopes cached across requests, invalidated by a version number.

Loading a user's permission set and resolving their scope takes four queries per request.
Both only change when roles, permissions, role scopes, users' roles or people's departments
change; every such change (ORM flush or bulk statement) bumps ``security_version`` in the
same transaction. Each request reads the number once and uses entries stored under it, so a
change is seen by the next request in every worker process (the way Odoo signals registry
changes between workers).
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

_MISSING = object()
_MAX_ENTRIES = 4096
_CACHE: dict[tuple, object] = {}
_STATE = {"version": None}

# Model → the attributes whose change matters (None: any change).
_WATCHED: dict[type, frozenset | None] = {}


def _watched() -> dict[type, frozenset | None]:
    if not _WATCHED:
        from flask_appbuilder.security.sqla.models import (
            Group,
            Permission,
            PermissionView,
            Role,
            User,
            ViewMenu,
        )

        from app.core.models import RoleScope
        from app.org.models import Department, Employee

        _WATCHED.update({
            Role: None, Group: None, Permission: None, ViewMenu: None, PermissionView: None,
            RoleScope: None,
            User: frozenset({"roles", "groups", "active"}),
            Employee: frozenset({"user_id", "department_id", "status", "archived_at"}),
            Department: frozenset({"parent_id", "archived_at"}),
        })
    return _WATCHED


def _matters(obj, changed: bool) -> bool:
    attrs = _watched().get(type(obj), _MISSING)
    if attrs is _MISSING:
        return False
    if attrs is None or not changed:
        return True
    from sqlalchemy import inspect

    state = inspect(obj)
    return any(state.attrs[a].history.has_changes() for a in attrs if a in state.attrs)


def _bump(session) -> None:
    from app.core.models import SecurityVersion

    session.connection().execute(
        update(SecurityVersion.__table__).where(SecurityVersion.__table__.c.id == 1)
        .values(version=SecurityVersion.__table__.c.version + 1))


def _after_flush(session, _ctx) -> None:
    if (any(_matters(o, False) for o in session.new)
            or any(_matters(o, False) for o in session.deleted)
            or any(_matters(o, True) for o in session.dirty)):
        _bump(session)


def _on_bulk(state) -> None:
    if (state.is_update or state.is_delete) and any(
            m.class_ in _watched() for m in state.all_mappers):
        state.session.info["yuelao_security_bump"] = True


def _before_commit(session) -> None:
    if session.info.pop("yuelao_security_bump", False):
        _bump(session)


def _after_rollback(session) -> None:
    session.info.pop("yuelao_security_bump", None)


for _name, _fn in (("after_flush", _after_flush), ("do_orm_execute", _on_bulk),
                   ("before_commit", _before_commit), ("after_rollback", _after_rollback)):
    if not event.contains(Session, _name, _fn):
        event.listen(Session, _name, _fn)


def current_version() -> int | None:
    """The security version, read once per request (None outside requests: nothing is
    cached there)."""
    if not has_request_context():
        return None
    version = getattr(request, "_yuelao_security_version", _MISSING)
    if version is _MISSING:
        from app.core.models import SecurityVersion
        from app.extensions import db

        version = db.session.execute(
            select(SecurityVersion.version).where(SecurityVersion.id == 1)
            .execution_options(unscoped=True)).scalar()
        request._yuelao_security_version = version
    return version


def cached(kind: str, user_id: int, compute):
    """``compute()`` once per (kind, user, security version, database)."""
    version = current_version()
    if version is None:
        return compute()
    from app.extensions import db

    if _STATE["version"] != version or len(_CACHE) > _MAX_ENTRIES:
        _CACHE.clear()
        _STATE["version"] = version
    key = (kind, user_id, version, str(db.engine.url))
    value = _CACHE.get(key, _MISSING)
    if value is _MISSING:
        value = _CACHE[key] = compute()
    return value

"""Audit trail: every insert, update (old → new), delete, transition, login and contact reveal.

Rows are written in the same transaction as the change they describe, by session events, so no
code path can change an audited record without leaving its row. Audit rows themselves can only
be inserted: the ORM refuses to update or delete them, and so does PostgreSQL (see migration).
"""
from __future__ import annotations

import datetime as dt
import decimal
import enum

from flask import has_request_context, request
from sqlalchemy import and_, event, insert, inspect, or_, select
from sqlalchemy.orm import Session

from app.core.models import AuditLog, utcnow
from app.core.request_memo import forget

# Columns never worth a history line.
_SKIPPED = {"updated_at", "created_at"}

ACTION_INSERT = "insert"
ACTION_UPDATE = "update"
ACTION_DELETE = "delete"
ACTION_ARCHIVE = "archive"
ACTION_TRANSITION = "transition"
ACTION_LOGIN = "login"
ACTION_LOGIN_FAILED = "login_failed"
ACTION_REVEAL = "reveal"


class AuditImmutable(Exception):
    """Raised when anything tries to change or remove an audit row."""


def resource_of(obj_or_cls) -> str:
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return getattr(cls, "__resource__", None) or cls.__tablename__


def mask(value) -> str | None:
    """``13812345678`` → ``138****5678``; short values keep only their first character."""
    if value is None or value == "":
        return value
    s = str(value)
    if len(s) >= 7:
        return s[:3] + "****" + s[-4:]
    return s[:1] + "*" * (len(s) - 1)


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, dict, str, int, float, bool)) or value is None:
        return value
    return str(value)


def actor() -> tuple[int | None, str | None, str | None]:
    """(user id, user name, client IP) of whoever is acting now; 'system' outside a request."""
    if not has_request_context():
        return None, "system", None
    from flask import current_app

    user = None
    try:
        user = current_app.appbuilder.sm.current_user
    except RuntimeError:
        user = None
    ip = request.remote_addr
    if user is not None and getattr(user, "is_authenticated", False):
        return user.id, user.username, ip
    return None, None, ip


_UNSET = object()


def audit_row(action: str, resource: str | None = None, record_id=None, *, changes=None,
              from_state=None, to_state=None, comment=None, actor_id=_UNSET,
              actor_name=None) -> dict:
    a_id, a_name, ip = actor()
    return {
        "created_at": utcnow(),
        "actor_id": a_id if actor_id is _UNSET else actor_id,
        "actor_name": actor_name if actor_name is not None else a_name,
        "ip": ip,
        "action": action,
        "resource": resource,
        "record_id": None if record_id is None else str(record_id),
        "changes": changes,
        "from_state": from_state,
        "to_state": to_state,
        "comment": comment,
    }


def write(session: Session, action: str, resource: str | None = None, record_id=None,
          **kwargs) -> None:
    """Append one audit row in the session's current transaction (the caller commits)."""
    session.execute(insert(AuditLog), [audit_row(action, resource, record_id, **kwargs)])
    forget()  # what the request kept (a record's history, a store's staff) may have changed


def child_links(resource: str) -> list[tuple[str, type, object]]:
    """(child resource, child model, foreign-key column) of the audited models whose scope
    derives from a record of ``resource`` (a survey's answers, a complaint's evidence)."""
    from app.core.scope import SCOPED_MODELS

    out = []
    for model in SCOPED_MODELS:
        if not getattr(model, "scope_parent", None) or not getattr(model, "__audited__", False):
            continue
        parent, fk = model.scope_parent_link()
        if resource_of(parent) == resource:
            out.append((resource_of(model), model, fk))
    return out


def history(session: Session, resource: str, record_id) -> list[AuditLog]:
    """The record's own audit rows, and those of its children (labelled by their resource),
    oldest first. Children are found by a SELECT, so the reader's scope applies to them."""
    where = and_(AuditLog.resource == resource, AuditLog.record_id == str(record_id))
    for child_resource, model, fk in child_links(resource):
        # The mapped attribute, not the table column: only ORM statements get the scope.
        pk = getattr(model, model.__mapper__.primary_key[0].key)
        try:
            ids = [str(i) for i in session.scalars(select(pk).where(fk == record_id))]
        except (TypeError, ValueError):
            ids = []
        if ids:
            where = or_(where, and_(AuditLog.resource == child_resource,
                                    AuditLog.record_id.in_(ids)))
    return list(session.scalars(select(AuditLog).where(where).order_by(AuditLog.id)))


def _masked(cls) -> set[str]:
    return set(getattr(cls, "audit_masked_columns", ()))


def _snapshot(obj) -> dict:
    masked = _masked(type(obj))
    out = {}
    for attr in inspect(obj).mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        value = getattr(obj, attr.key)
        if value is None:
            continue
        out[attr.key] = mask(value) if attr.key in masked else _plain(value)
    return out


def _diff(obj) -> dict:
    masked = _masked(type(obj))
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        if attr.key in masked:
            old, new = mask(old), mask(new)
        changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _is_audited(obj) -> bool:
    return getattr(type(obj), "__audited__", False)


def _before_flush(session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditLog) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditImmutable("audit rows cannot be changed or deleted")
    user_id = actor()[0] if has_request_context() else None
    for obj in session.new:
        if _is_audited(obj) and getattr(obj, "created_by_id", None) is None and user_id:
            obj.created_by_id = user_id


def _after_flush(session, flush_context) -> None:
    rows = []
    for obj in session.new:
        if _is_audited(obj):
            rows.append(audit_row(ACTION_INSERT, resource_of(obj), _pk(obj),
                                  changes=_snapshot(obj)))
    for obj in session.dirty:
        if _is_audited(obj) and session.is_modified(obj, include_collections=False):
            changes = _diff(obj)
            if changes:
                action = ACTION_UPDATE
                if "archived_at" in changes and changes["archived_at"][0] is None:
                    action = ACTION_ARCHIVE
                rows.append(audit_row(action, resource_of(obj), _pk(obj), changes=changes))
    for obj in session.deleted:
        if _is_audited(obj):
            rows.append(audit_row(ACTION_DELETE, resource_of(obj), _pk(obj),
                                  changes=_snapshot(obj)))
    if rows:
        session.execute(insert(AuditLog), rows)
        forget()


def _pk(obj):
    # In after_flush a new object has its key values but not yet its identity key.
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    if not ident or ident[0] is None:
        return None
    return ident[0] if len(ident) == 1 else ",".join(str(i) for i in ident)


def _refuse_bulk(state) -> None:
    """Bulk UPDATE/DELETE statements on the audit log are refused as well."""
    if (state.is_update or state.is_delete) and any(
        m.class_ is AuditLog for m in state.all_mappers
    ):
        raise AuditImmutable("audit rows cannot be changed or deleted")


for _name, _fn in (("before_flush", _before_flush), ("after_flush", _after_flush),
                   ("do_orm_execute", _refuse_bulk)):
    if not event.contains(Session, _name, _fn):
        event.listen(Session, _name, _fn)

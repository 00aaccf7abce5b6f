"""公海: clients nobody follows up return to the unassigned pool; heads hand them out again.

A client whose matchmaker logged no follow-up for ``POOL_RETURN_DAYS`` days (counted from the
last follow-up, else from the assignment, else from registration) loses the matchmaker.
``return_due`` is a compare-and-set per client, so running it twice, or on two servers at
once, returns each client once. Assignments wait for the matchmaker's confirmation.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.clients.models import OPEN_STATUSES, Client, ClientAssignment
from app.clients.rules import cited
from app.core import audit
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.models import utcnow
from app.core.scope import unscoped
from app.extensions import db
from app.org.models import Employee

DEFAULT_RETURN_DAYS = 30


def return_days() -> int:
    try:
        return int(current_app.config.get("POOL_RETURN_DAYS", DEFAULT_RETURN_DAYS))
    except (TypeError, ValueError):
        return DEFAULT_RETURN_DAYS


def last_touch():
    """When the matchmaker last did something for the client (SQL expression)."""
    return func.coalesce(Client.last_followup_at, Client.assigned_at, Client.created_at)


def due_criteria(now: dt.datetime, days: int | None = None):
    cutoff = now - dt.timedelta(days=return_days() if days is None else days)
    return (Client.matchmaker_id.isnot(None), Client.archived_at.is_(None),
            Client.status.in_(OPEN_STATUSES), last_touch() < cutoff)


def due_for_return(now: dt.datetime | None = None, days: int | None = None) -> list[Client]:
    """Clients (in the caller's scope) whose matchmaker would lose them at ``now``."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(Client).where(*due_criteria(now, days)).order_by(Client.id)))


def return_due(now: dt.datetime | None = None, *, dry_run: bool = False,
               days: int | None = None) -> list[int]:
    """Return every due client to the pool (company-wide); commits; returns their ids."""
    now = now or utcnow()
    returned = []
    with unscoped():
        rows = db.session.execute(
            select(Client.id, Client.matchmaker_id).where(*due_criteria(now, days))
            .order_by(Client.id).execution_options(unscoped=True)).all()
        if dry_run:
            return [r.id for r in rows]
        for cid, mm in rows:
            res = db.session.execute(
                update(Client)
                .where(Client.id == cid, Client.matchmaker_id == mm, *due_criteria(now, days))
                .values(matchmaker_id=None, pool_since=now)
                .execution_options(synchronize_session=False, unscoped=True))
            if res.rowcount == 1:
                audit.write(db.session, audit.ACTION_UPDATE, "client", cid,
                            changes={"matchmaker_id": [mm, None],
                                     "pool_since": [None, now.isoformat()]},
                            comment=str(_l("Returned to the pool: no follow-up for %(n)s days",
                                           n=return_days() if days is None else days)))
                returned.append(cid)
        db.session.commit()
    return returned


def _check_assign_permission() -> None:
    if has_request_context() and not current_app.appbuilder.sm.has_access("can_assign",
                                                                          "client"):
        raise Forbidden(cited(_l("You are not permitted to assign clients"),
                              "000.clients.pool_assign"))


def assign(client_ids, employee_id: int, *, note: str | None = None) -> list[ClientAssignment]:
    """Offer clients (in scope) to a matchmaker (in scope, not left); all or nothing."""
    _check_assign_permission()
    ids = sorted({int(i) for i in client_ids or ()})
    if not ids:
        raise Invalid(str(_l("Select at least one client")))
    emp = db.session.scalar(select(Employee).where(Employee.id == int(employee_id)))
    if emp is None:
        raise NotFound(str(_l("Employee not found")))
    if emp.status == "left" or emp.archived_at is not None:
        raise Invalid(str(_l("%(name)s has left and cannot take clients", name=emp.name)))
    clients = list(db.session.scalars(select(Client).where(Client.id.in_(ids))))
    if len(clients) != len(ids):
        raise NotFound(str(_l("Record not found")))
    with unscoped():
        pending = set(db.session.scalars(select(ClientAssignment.client_id).where(
            ClientAssignment.client_id.in_(ids), ClientAssignment.status == "pending")))
    out = []
    for c in clients:
        if c.archived_at is not None or c.status not in OPEN_STATUSES:
            db.session.rollback()
            raise Conflict(str(_l("%(client)s cannot be assigned in its current state",
                                  client=c.client_no)))
        if c.id in pending:
            db.session.rollback()
            raise Conflict(str(_l("%(client)s already waits for a matchmaker's confirmation",
                                  client=c.client_no)))
        a = ClientAssignment(client_id=c.id, employee_id=emp.id, department_id=c.department_id,
                             status="pending", note=note)
        db.session.add(a)
        out.append(a)
    db.session.commit()
    return out


def apply_confirmed_assignment(assignment: ClientAssignment) -> None:
    """Effect of confirming: the assignee becomes the client's matchmaker (audited)."""
    now = utcnow()
    assignment.decided_at = now
    with unscoped():
        client = db.session.get(Client, assignment.client_id)
        client.matchmaker_id = assignment.employee_id
        client.assigned_at = now
        client.pool_since = None
        db.session.flush()

"""SLA: overdue complaints — the daily report, escalation (responsible head, then store
manager), the inbox.

Both jobs take ``now`` explicitly (tests freeze time; cron passes nothing) and are safe to run
twice and from several servers at once: escalation is a compare-and-set on its level.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select, update

from app.core import audit
from app.core.approvers import recorded_head
from app.core.inbox import InboxItem, InboxSection
from app.core.models import utcnow
from app.core.scope import current_scope, unscoped
from app.extensions import db
from app.org.models import Department, Employee
from app.service.complaints import store_of
from app.service.models import Complaint
from app.service.rules import cited
from app.service.workflows import COMPLAINT_WORKFLOW

ACTION_ESCALATE = "escalate"


def overdue_complaints(now: dt.datetime | None = None, limit: int | None = None):
    """Overdue complaints visible to the current user (everything outside a request)."""
    now = now or utcnow()
    stmt = (select(Complaint).where(Complaint.overdue_clause(now))
            .options(*COMPLAINT_WORKFLOW.inbox_load())  # each line names the client
            .order_by(Complaint.escalated_at.is_(None), Complaint.deadline, Complaint.id))
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def sla_report(now: dt.datetime | None = None) -> list[str]:
    """Lines of the daily report: overdue complaints per store, then one line each."""
    now = now or utcnow()
    with unscoped():
        rows = overdue_complaints(now)
        names = dict(db.session.execute(select(Department.id, Department.name)).all())
    lines = [f"SLA report at {now:%Y-%m-%d %H:%M} UTC: {len(rows)} overdue complaint(s)"]
    per_store: dict[str, int] = {}
    for c in rows:
        key = names.get(c.store_id, "-")
        per_store[key] = per_store.get(key, 0) + 1
    for store, n in sorted(per_store.items()):
        lines.append(f"  {store}: {n}")
    for c in rows:
        kind = "response" if c.is_response_overdue(now) else "resolution"
        due = c.response_deadline if kind == "response" else c.deadline
        late = now - due
        hours = int(late.total_seconds() // 3600)
        lines.append(
            f"  {c.complaint_no} [{c.status}] {kind} overdue by {hours}h; "
            f"department={names.get(c.department_id or c.received_department_id, '-')}; "
            f"escalated={'yes' if c.escalated_at else 'no'}")
    return lines


def escalate(now: dt.datetime | None = None) -> list[str]:
    """Escalate overdue complaints as the actor "system": first to the responsible department's
    recorded head (the receiving department's while none is named), then — still overdue
    ``SERVICE_ESCALATION_HOURS`` (default 24) later — to the store manager (the store's
    recorded head). Where both are the same person the first step goes to the manager."""
    now = (now or utcnow()).replace(microsecond=0)
    again = dt.timedelta(hours=int(current_app.config.get("SERVICE_ESCALATION_HOURS", 24)))
    done = []
    with unscoped():
        candidates = db.session.execute(
            select(Complaint.id, Complaint.complaint_no, Complaint.store_id,
                   Complaint.department_id, Complaint.received_department_id,
                   Complaint.escalation_level)
            .where(Complaint.overdue_clause(now),
                   or_(Complaint.escalation_level == 0,
                       and_(Complaint.escalation_level == 1,
                            Complaint.escalated_at <= now - again)))
            .order_by(Complaint.id)
        ).all()
        for cid, no, store_id, dept_id, recv_id, level in candidates:
            store_id = store_id or store_of(dept_id) or store_of(recv_id)
            manager = recorded_head(store_id) if store_id else None
            target, head = 2, manager
            if level == 0:
                dept_head = recorded_head(dept_id or recv_id)
                if dept_head is not None and dept_head != manager:
                    target, head = 1, dept_head
            # Compare-and-set on the level: a second run (or server) finds nothing to do.
            result = db.session.execute(
                update(Complaint)
                .where(Complaint.id == cid, Complaint.escalation_level == level)
                .values(escalation_level=target, escalated_at=now, escalated_to_id=head,
                        store_id=store_id)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                continue
            head_name = db.session.scalar(select(Employee.name).where(Employee.id == head))
            audit.write(db.session, ACTION_ESCALATE, "complaint", cid, actor_id=None,
                        actor_name="system",
                        comment=f"SLA overdue: escalated to {head_name or '-'}",
                        changes={"escalation_level": target,
                                 "escalated_at": f"{now:%Y-%m-%d %H:%M}",
                                 "escalated_to_id": head, "store_id": store_id})
            done.append(f"escalated {no} to {head_name or '(nobody recorded)'} (level {target})")
        db.session.commit()
    return done or ["nothing to escalate"]


def inbox_overdue() -> list[InboxSection]:
    """Inbox provider: overdue complaints in the user's scope, for those who watch the SLA."""
    sm = current_app.appbuilder.sm
    if not sm.has_access("can_monitor_sla", "complaint"):
        return []
    now = utcnow()
    me = current_scope().employee_id
    items = []
    for c in overdue_complaints(now, limit=50):
        if c.escalated_at and c.escalated_to_id == me:
            note = str(_l("Escalated to you on %(d)s", d=f"{c.escalated_at:%Y-%m-%d %H:%M}"))
        elif c.escalated_at:
            note = str(_l("Escalated on %(d)s", d=f"{c.escalated_at:%Y-%m-%d %H:%M}"))
        else:
            due = c.response_deadline if c.is_response_overdue(now) else c.deadline
            note = str(_l("Overdue since %(d)s", d=f"{due:%Y-%m-%d %H:%M}"))
        items.append(InboxItem("complaint", c.id, str(c), c.status,
                               COMPLAINT_WORKFLOW.state_label(c.status), [_l("Overdue")], note))
    if not items:
        return []
    return [InboxSection("complaint", cited(_l("Overdue complaints (SLA)"),
                                            "000.service.complaint_deadline"), items)]

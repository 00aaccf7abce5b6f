"""Complaint lifecycle (rule books 000 客戶投訴處理, 002 七、客戶投訴處理, 003 4.3):

received ─assign→ assigned ─investigate→ investigating ─resolve→ resolved ─follow_up→
followed_up ─close→ closed; reopen (resolved / followed_up → investigating) when the client is
not satisfied. Customer service receives and follows up; the responsible department investigates
and resolves; its head closes. Who may is permissions (app/service/permissions.py) plus the
guards below, which ask the user's data scope, never a role name.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.approvers import head_of_department
from app.core.errors import Forbidden
from app.core.models import utcnow
from app.core.scope import SCOPE_ALL, SCOPE_DEPARTMENT, current_scope
from app.core.workflow import Field, Transition, Workflow
from app.extensions import db
from app.service.complaints import DepartmentChoices, store_of
from app.service.models import Complaint
from app.service.rules import cited


def _covers(department_id, *, heads_only: bool) -> bool:
    scope = current_scope()
    if scope.kind == SCOPE_ALL:
        return True
    if heads_only and scope.kind != SCOPE_DEPARTMENT:
        return False
    return department_id is not None and department_id in scope.department_ids


def heads_receiving_department(complaint, ctx):
    """Routing is for the head of the department that received it (or above)."""
    if not _covers(complaint.received_department_id, heads_only=True):
        raise Forbidden(cited(_l("Only the head of the receiving department may route this "
                                 "complaint"), "000.service.complaint_routing"))


def in_responsible_department(complaint, ctx):
    """Investigating and resolving belong to the responsible department."""
    if not _covers(complaint.department_id, heads_only=False):
        raise Forbidden(cited(_l("Only the responsible department may handle this complaint"),
                              "000.service.complaint_handling"))


# 相關部門 closes what it handled: the head recorded on the responsible department (the next
# level up where it has none), not whoever holds a head role over it.
closed_by_recorded_head = head_of_department(
    lambda c: c.department_id,
    message=_l("Only the recorded head of the responsible department may close this complaint"))


def _assigned(c, ctx):
    with db.session.no_autoflush:  # one history row for the routing, not one per query
        c.department_id = int(c.department_id)
        c.store_id = store_of(c.department_id) or store_of(c.received_department_id)
        c.assigned_at = utcnow()


def _investigating(c, ctx):
    now = utcnow()
    c.investigating_at = c.investigating_at or now
    note = (ctx.data.get("evidence_note") or "").strip()
    if note:
        stamp = f"[{now:%Y-%m-%d %H:%M}] "
        c.evidence = f"{c.evidence}\n{stamp}{note}" if c.evidence else stamp + note


def _resolved(c, ctx):
    c.resolved_at = utcnow()


def _followed_up(c, ctx):
    c.followed_up_at = utcnow()


def _closed(c, ctx):
    c.closed_at = utcnow()


def _reopened(c, ctx):
    c.reopen_count = (c.reopen_count or 0) + 1
    c.closed_at = None


COMPLAINT_WORKFLOW = Workflow(
    resource="complaint",
    model=Complaint,
    title=_l("Complaints"),
    initial="received",
    states={"received": _l("Received"), "assigned": _l("Assigned"),
            "investigating": _l("Investigating"), "resolved": _l("Resolved"),
            "followed_up": _l("Followed up"), "closed": _l("Closed")},
    transitions=[
        Transition("assign", ("received",), "assigned", _l("Assign to department"),
                   guards=(heads_receiving_department,), effect=_assigned,
                   rule="000.service.complaint_routing",
                   fields=(Field("department_id", _l("Responsible department"), kind="choice",
                                 choices=DepartmentChoices()),)),
        Transition("investigate", ("assigned",), "investigating", _l("Start investigation"),
                   guards=(in_responsible_department,), effect=_investigating,
                   rule="000.service.complaint_handling",
                   fields=(Field("evidence_note", _l("Evidence found"), required=False),)),
        Transition("resolve", ("investigating",), "resolved", _l("Resolve"),
                   guards=(in_responsible_department,), effect=_resolved,
                   rule="000.service.complaint_handling",
                   fields=(Field("plan", _l("Handling plan")),
                           Field("result", _l("Result told to the client")))),
        Transition("follow_up", ("resolved",), "followed_up", _l("Record follow-up visit"),
                   effect=_followed_up, rule="000.service.complaint_close",
                   fields=(Field("satisfaction", _l("Satisfaction (1-5)"), kind="int", min=1,
                                 max=5),)),
        Transition("close", ("followed_up",), "closed", _l("Close"),
                   guards=(closed_by_recorded_head,), effect=_closed,
                   rule="000.service.complaint_close"),
        Transition("reopen", ("resolved", "followed_up"), "investigating",
                   _l("Reopen (client not satisfied)"), comment_required=True,
                   effect=_reopened, style="warning", inbox=False,
                   rule="000.service.complaint_close"),
    ],
)

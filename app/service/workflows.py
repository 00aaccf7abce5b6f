"""Complaint and return-visit lifecycles (rule books 000 客戶投訴處理 / 客戶溝通與關懷, 002 七,
003 4.3).

Complaint: received ─assign (客服專員 forwards to the responsible department of the store;
重大 ones: the 客服 head)→ assigned ─investigate→ investigating ─resolve (finding 成立 /
不成立, response given to the client)→ resolved ─follow_up (return visit)→ followed_up, which
the engine moves on at once as the actor "system": closed when the client is satisfied,
reopened (→ investigating) when not. Nobody closes by hand.

Survey / return visit: scheduled ─complete→ done, or ─cancel→ cancelled.

Who may is permissions (app/service/permissions.py) plus the guards below, which ask the org
chart and the user's data scope, never a role name. The show page offers a step only to users
the guards let take it (app/core/workflow.py ``available``).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.approvers import current_employee_id, recorded_head
from app.core.errors import Forbidden, Invalid
from app.core.models import utcnow
from app.core.scope import SCOPE_ALL, SCOPE_DEPARTMENT, current_scope, unscoped
from app.core.workflow import Field, Transition, Workflow
from app.extensions import db
from app.service.complaints import (
    FINDING_LABELS,
    VISIT_OUTCOMES,
    DepartmentChoices,
    store_of,
)
from app.service.models import FINDINGS, Complaint
from app.service.survey_models import Survey, SurveyAnswer, SurveyQuestion


def _covers(department_id, *, heads_only: bool) -> bool:
    scope = current_scope()
    if scope.kind == SCOPE_ALL:
        return True
    if heads_only and scope.kind != SCOPE_DEPARTMENT:
        return False
    return department_id is not None and department_id in scope.department_ids


def _on_receiving_side(complaint) -> bool:
    """The receiver, a colleague of the receiving department, or a head over it."""
    if _covers(complaint.received_department_id, heads_only=True):
        return True
    me = current_employee_id()
    if me is None:
        return False
    if me == complaint.received_by_id:
        return True
    from app.org.models import Employee

    with unscoped():
        dept = db.session.scalar(select(Employee.department_id).where(Employee.id == me))
    return dept is not None and dept == complaint.received_department_id


def forwarded_by_receiving_side(complaint, ctx):
    """客服專員 forwards what their department received; a 重大 complaint goes to the 客服
    head: the head recorded on the receiving customer-service department (the next level up
    where it has none)."""
    if complaint.major:
        head = recorded_head(complaint.received_department_id)
        if head is None or head != current_employee_id():
            raise Forbidden(_major_refusal())
        return
    if not _on_receiving_side(complaint):
        raise Forbidden(str(_l("Only customer service of the receiving department may forward "
                               "this complaint")))


def _major_refusal() -> str:
    from app.service.rules import cited

    return cited(_l("A major complaint is forwarded by the head of customer service"),
                 "000.service.complaint_major")


def in_responsible_department(complaint, ctx):
    """Investigating and resolving belong to the responsible department."""
    if not _covers(complaint.department_id, heads_only=False):
        raise Forbidden(str(_l("Only the responsible department may handle this complaint")))


def visited_by_receiving_side(complaint, ctx):
    """The return visit is customer service's (000 服務反饋與評估 1: 客服專員定期回訪客戶)."""
    if not _on_receiving_side(complaint):
        raise Forbidden(str(_l("The return visit is made by customer service of the receiving "
                               "department")))


def by_return_visit_only(complaint, ctx):
    """Closing and reopening follow the return visit: the engine takes them, nobody by hand."""
    if ctx.user is not None:
        raise Forbidden(str(_l("A complaint closes only when the return visit records the "
                               "client as satisfied, and reopens when not")))


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
    c.satisfied = ctx.data.get("client_satisfied") == "satisfied"


def _after_visit(c, ctx) -> str:
    return "close" if c.satisfied else "reopen"


def _closed(c, ctx):
    c.closed_at = utcnow()


def _reopened(c, ctx):
    c.reopen_count = (c.reopen_count or 0) + 1
    c.closed_at = None


COMPLAINT_WORKFLOW = Workflow(
    resource="complaint",
    model=Complaint,
    title=_l("Complaints"),
    inbox_load=lambda: (selectinload(Complaint.client),),  # the title names the client
    initial="received",
    states={"received": _l("Received"), "assigned": _l("Assigned"),
            "investigating": _l("Investigating"), "resolved": _l("Resolved"),
            "followed_up": _l("Followed up"), "closed": _l("Closed")},
    transitions=[
        Transition("assign", ("received",), "assigned", _l("Forward to the responsible "
                                                          "department"),
                   guards=(forwarded_by_receiving_side,), effect=_assigned,
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
                   fields=(Field("finding", _l("Finding"), kind="choice",
                                 choices=tuple((f, FINDING_LABELS[f]) for f in FINDINGS)),
                           Field("plan", _l("Handling plan")),
                           Field("result", _l("Response given to the client")))),
        Transition("follow_up", ("resolved",), "followed_up", _l("Record the return visit"),
                   guards=(visited_by_receiving_side,), effect=_followed_up, then=_after_visit,
                   rule="000.service.complaint_close",
                   fields=(Field("client_satisfied", _l("Is the client satisfied?"),
                                 kind="choice", choices=VISIT_OUTCOMES),
                           Field("satisfaction", _l("Satisfaction (1-5)"), kind="int", min=1,
                                 max=5, required=False))),
        Transition("close", ("followed_up",), "closed", _l("Close (client satisfied)"),
                   guards=(by_return_visit_only,), effect=_closed, inbox=False,
                   rule="000.service.complaint_close"),
        Transition("reopen", ("followed_up",), "investigating",
                   _l("Reopen (client not satisfied)"), comment_required=True,
                   guards=(by_return_visit_only,), effect=_reopened, style="warning",
                   inbox=False, rule="000.service.complaint_close"),
    ],
)


# --- return visits and surveys --------------------------------------------------------------

def answers_recorded(survey, ctx):
    """A visit with a questionnaire is done once its required questions are answered (the
    answer page records them, then takes this step)."""
    if survey.template_id is None:
        return
    required = db.session.scalar(select(SurveyQuestion.id).where(
        SurveyQuestion.template_id == survey.template_id, SurveyQuestion.required.is_(True))
        .limit(1))
    if required is None:
        return
    answered = db.session.scalar(select(SurveyAnswer.id).where(
        SurveyAnswer.survey_id == survey.id).limit(1))
    if answered is None:
        raise Invalid(str(_l("Record the questionnaire's answers first")), field="answers")


def _survey_done(s, ctx):
    s.done_at = utcnow().replace(microsecond=0)


SURVEY_WORKFLOW = Workflow(
    resource="survey",
    model=Survey,
    title=_l("Return visits and surveys"),
    initial="scheduled",
    states={"scheduled": _l("Scheduled"), "done": _l("Done"), "cancelled": _l("Cancelled")},
    transitions=[
        Transition("complete", ("scheduled",), "done", _l("Record the visit"),
                   guards=(answers_recorded,), effect=_survey_done, inbox=False,
                   rule="000.service.survey",
                   fields=(Field("satisfaction", _l("Satisfaction (1-5)"), kind="int", min=1,
                                 max=5, required=False),
                           Field("result", _l("Result"), required=False))),
        Transition("cancel", ("scheduled",), "cancelled", _l("Cancel the visit"),
                   comment_required=True, style="warning", inbox=False),
    ],
)

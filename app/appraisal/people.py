"""Honours, discipline and post-evaluation actions: validation, the discipline workflow and
the guard on 處理 (rules 000.honour.titles, 001.discipline.penalties,
003.discipline.approval, 000.action.sanction_after_coaching).

Discipline: draft ─record→ effective (警告 / 罰款: HR records it) or draft ─submit→
pending_approval ─approve→ effective / ─reject→ rejected. A demotion or a dismissal is never
recorded directly: management (the ``can_approve`` permission on ``discipline``, granted to
the Executive kind) approves it, never whoever submitted it.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.appraisal.models_people import (
    ACTION_KINDS,
    DISCIPLINE_STATES,
    HONOUR_TITLES,
    NEEDS_APPROVAL,
    OFFENCES,
    OUTCOMES,
    PENALTIES,
    AppraisalAction,
    Discipline,
    Honour,
)
from app.appraisal.scoring import dec
from app.core.approvers import current_employee_id
from app.core.errors import Invalid
from app.core.models import utcnow
from app.core.rules import cite
from app.core.scope import unscoped
from app.core.workflow import Transition, Workflow
from app.extensions import db


def _with(message, code: str) -> str:
    return f"{message} {cite(code)}".strip()


def _department_of(employee_id) -> int:
    from app.org.models import Employee

    with unscoped():
        dept = db.session.scalar(select(Employee.department_id)
                                 .where(Employee.id == employee_id))
    if dept is None:
        raise Invalid(str(_l("Choose an employee")), field="employee")
    return dept


def _choice(value, allowed, field: str) -> str:
    if value not in allowed:
        raise Invalid(str(_l("Choose a value from the list")), field=field)
    return value


# --- honours ----------------------------------------------------------------------------------
def validate_honour(h: Honour) -> None:
    """優秀員工 / 服務之星 / 業務標兵 (000 榮譽激勵), never dated in the future."""
    if h.employee_id is None and h.employee is not None:
        h.employee_id = h.employee.id
    h.department_id = _department_of(h.employee_id)
    _choice(h.title, HONOUR_TITLES, "title")
    if h.awarded_on is None:
        h.awarded_on = dt.date.today()
    if h.awarded_on > dt.date.today():
        raise Invalid(str(_l("An honour is not awarded in the future")), field="awarded_on")


# --- discipline -------------------------------------------------------------------------------
def validate_discipline(d: Discipline) -> None:
    """The offence, the penalty (001: 警告、罰款甚至辭退; 003: 降級或解雇) and, for a fine,
    its amount (Decimal, above 0); no amount for any other penalty."""
    if d.employee_id is None and d.employee is not None:
        d.employee_id = d.employee.id
    d.department_id = _department_of(d.employee_id)
    _choice(d.offence, OFFENCES, "offence")
    _choice(d.penalty, PENALTIES, "penalty")
    d.status = d.status or "draft"
    if d.status not in DISCIPLINE_STATES:
        raise Invalid(str(_l("Choose a value from the list")), field="status")
    if not (d.description or "").strip():
        raise Invalid(str(_l("Describe what happened")), field="description")
    if d.occurred_on is None:
        raise Invalid(str(_l("%(field)s is required", field=_l("Occurred on"))),
                      field="occurred_on")
    if d.occurred_on > dt.date.today():
        raise Invalid(str(_l("The date cannot be in the future")), field="occurred_on")
    if d.penalty == "fine":
        if d.fine_amount in (None, ""):
            raise Invalid(str(_l("A fine needs its amount")), field="fine_amount")
        amount = dec(d.fine_amount, "fine_amount", label=_l("Fine amount"))
        if amount <= 0 or amount >= Decimal("10000000000"):
            raise Invalid(str(_l("The fine must be above 0")), field="fine_amount")
        d.fine_amount = amount.quantize(Decimal("0.01"))
    elif d.fine_amount not in (None, ""):
        raise Invalid(str(_l("Only a fine has an amount")), field="fine_amount")
    else:
        d.fine_amount = None


def directly_recordable(d: Discipline, ctx) -> None:
    """A demotion or a dismissal needs management's approval (003 降級或解雇)."""
    if d.penalty in NEEDS_APPROVAL:
        raise Invalid(_with(str(_l("A demotion or a dismissal takes effect only once "
                                   "management approves it: submit it for approval")),
                            "003.discipline.approval"), field="penalty")


def _decided(d: Discipline, ctx) -> None:
    d.decided_at = utcnow()
    d.approver_id = current_employee_id()
    if ctx.comment:
        d.decision_note = ctx.comment


DISCIPLINE_WORKFLOW = Workflow(
    resource="discipline",
    model=Discipline,
    title=_l("Disciplinary records"),
    initial="draft",
    states={"draft": _l("Draft"), "pending_approval": _l("Awaiting management approval"),
            "effective": _l("In effect"), "rejected": _l("Penalty rejected")},
    transitions=[
        Transition("record", ("draft",), "effective", _l("Record (warning or fine)"),
                   guards=(directly_recordable,), effect=_decided, inbox=False,
                   rule="003.discipline.approval"),
        Transition("submit", ("draft",), "pending_approval", _l("Submit for approval"),
                   inbox=False),
        Transition("approve", ("pending_approval",), "effective", _l("Approve"),
                   not_by=("submit",), effect=_decided, style="success",
                   rule="003.discipline.approval"),
        Transition("reject", ("pending_approval",), "rejected", _l("Reject the penalty"),
                   comment_required=True, not_by=("submit",), effect=_decided,
                   style="danger"),
    ],
)


# --- post-evaluation action -------------------------------------------------------------------
def validate_action(a: AppraisalAction) -> None:
    """獎勵 / 培訓指導 / 處理 after an appraisal; 處理 only after a recorded 培訓指導 of the
    same employee whose outcome is "not improved" (000: 對存在問題的紅娘進行培訓和指導,
    如仍未改善則進行相應處理)."""
    from app.appraisal.models import Appraisal

    if a.appraisal_id is None and a.appraisal is not None:  # a form sets the relationship
        a.appraisal_id = a.appraisal.id
    with unscoped():
        appraisal = db.session.get(Appraisal, a.appraisal_id) if a.appraisal_id else None
    if appraisal is None:
        raise Invalid(str(_l("Choose an appraisal")), field="appraisal")
    a.employee_id = appraisal.employee_id
    a.department_id = appraisal.department_id
    _choice(a.kind, ACTION_KINDS, "kind")
    a.outcome = a.outcome or "pending"
    _choice(a.outcome, OUTCOMES, "outcome")
    if not (a.note or "").strip():
        raise Invalid(str(_l("%(field)s is required", field=_l("Note"))), field="note")
    if a.decided_on is None:
        a.decided_on = dt.date.today()
    if a.kind != "coaching" and a.outcome != "pending":
        raise Invalid(str(_l("Only training and coaching has an outcome")), field="outcome")
    if a.kind == "sanction":
        with unscoped():
            failed = db.session.scalar(
                select(AppraisalAction.id).where(
                    AppraisalAction.employee_id == a.employee_id,
                    AppraisalAction.kind == "coaching",
                    AppraisalAction.outcome == "not_improved",
                    AppraisalAction.id != (a.id or 0),
                    AppraisalAction.decided_on <= a.decided_on)
                .order_by(AppraisalAction.decided_on.desc(), AppraisalAction.id.desc())
                .limit(1))
        if failed is None:
            raise Invalid(_with(str(_l("Disciplinary handling comes only after recorded "
                                       "training and coaching that did not help")),
                                "000.action.sanction_after_coaching"), field="kind")
        a.after_action_id = failed
    else:
        a.after_action_id = None

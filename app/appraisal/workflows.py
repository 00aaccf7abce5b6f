"""The appraisal flow (DESIGN §1; rule books 000 績效考核實施, 002 績效考核流程):

self_review ─submit→ supervisor_review ─review→ hr_review ─approve→ approved ─publish→
published ─appeal→ appealed ─resolve→ published ─finalize→ final.

The employee submits the self-assessment (自評表); their recorded manager (else their
department's recorded head) reviews, rating the manual indicators and logging the performance
talk; HR consolidates and publishes (公示 for the cycle's publish_days); the employee may appeal
inside the window; HR answers; after the window HR finalizes (bonus, flags; locked).
A cycle's ``open`` creates the appraisals.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.appraisal import services
from app.appraisal.models import Appraisal, AppraisalCycle
from app.appraisal.scoring import dec
from app.core.approvers import current_employee_id, manager_of_employee
from app.core.errors import Forbidden, Invalid
from app.core.models import utcnow
from app.core.rules import cite
from app.core.workflow import Field, Transition, Workflow


@dataclass(frozen=True)
class ScoresField(Field):
    """``{"<code>": number}`` (JSON), or ``score_<code>`` form fields gathered by the view."""

    def clean(self, raw):
        if raw in (None, ""):
            if self.required:
                raise Invalid(str(_l("%(field)s is required", field=self.label)),
                              field=self.name)
            return {}
        if not isinstance(raw, dict):
            raise Invalid(str(_l("scores must be an object {code: number}")), field=self.name)
        out = {}
        for code, value in raw.items():
            if value in (None, ""):
                continue
            # As text: the transition's audit row stores it as JSON.
            out[str(code)[:64]] = str(dec(value, self.name, label=str(code)[:64]))
        return out


def _with(message, code: str) -> str:
    c = cite(code)
    return f"{message} {c}".strip()


# --- guards -----------------------------------------------------------------------------------
def by_the_employee(a: Appraisal, ctx) -> None:
    """Only the appraised employee submits the self-assessment and appeals."""
    if current_employee_id() != a.employee_id:
        raise Forbidden(_with(str(_l("Only the appraised employee may do this")),
                              "000.appraisal.self_review"))


_manager = manager_of_employee(lambda a: a.employee_id, message=_l(
    "Only the employee's recorded supervisor may review this appraisal"))


def review_guards(a: Appraisal, ctx) -> None:
    """Not before the self-assessment; never one's own; only the recorded supervisor; every
    manual indicator rated (000: 上級主管…填寫《月度績效考核評價表》,并與員工進行績效溝通)."""
    if a.status == "self_review" or not (a.self_assessment or "").strip():
        raise Invalid(_with(str(_l("The employee has not submitted the self-assessment yet")),
                            "000.appraisal.self_review"), field="status")
    if current_employee_id() == a.employee_id:
        raise Invalid(str(_l("You cannot review your own appraisal")), field="reviewer")
    _manager(a, ctx)
    if "scores" in ctx.data:  # the inbox asks guards without data
        services.apply_scores(a, ctx.data["scores"] or {}, require_all=True)


def inside_window(a: Appraisal, ctx) -> None:
    if a.publish_until is None or dt.date.today() > a.publish_until:
        raise Invalid(_with(str(_l("The appeal window has closed")),
                            "000.appraisal.appeal_window"), field="comment")


def after_window(a: Appraisal, ctx) -> None:
    if a.publish_until is not None and dt.date.today() <= a.publish_until:
        raise Invalid(str(_l("The publication window is still open until %(d)s",
                             d=a.publish_until.isoformat())), field="status")


def hr_rescore(a: Appraisal, ctx) -> None:
    if ctx.data.get("scores"):
        services.apply_scores(a, ctx.data["scores"], require_all=False)


# --- effects ----------------------------------------------------------------------------------
def _submitted(a, ctx):
    a.submitted_at = utcnow()


def _reviewed(a, ctx):
    a.review_comment = ctx.comment
    a.reviewed_at = utcnow()
    a.reviewer_id = current_employee_id()


def _approved(a, ctx):
    if ctx.comment:
        a.hr_comment = ctx.comment


def _published(a, ctx):
    a.publish_until = dt.date.today() + dt.timedelta(days=int(a.cycle.publish_days or 0))
    a.public = a.cycle.publicity == "company"


def _appealed(a, ctx):
    a.appeal_text = ctx.comment
    a.appealed_at = utcnow()


def _resolved(a, ctx):
    a.appeal_answer = ctx.comment


def _finalized(a, ctx):
    services.settle(a)


APPRAISAL_STATES = {
    "self_review": _l("Self-assessment"), "supervisor_review": _l("Supervisor review"),
    "hr_review": _l("HR consolidation"), "approved": _l("Consolidated"),
    "published": _l("Published"), "appealed": _l("Appealed"), "final": _l("Final"),
}

APPRAISAL_WORKFLOW = Workflow(
    resource="appraisal",
    model=Appraisal,
    title=_l("Appraisals"),
    initial="self_review",
    states=APPRAISAL_STATES,
    transitions=[
        Transition("submit", ("self_review",), "supervisor_review",
                   _l("Submit self-assessment"), guards=(by_the_employee,),
                   effect=_submitted,
                   fields=(Field("self_assessment", _l("Self-assessment")),)),
        Transition("review", ("self_review", "supervisor_review"), "hr_review",
                   _l("Supervisor review"), comment_required=True, guards=(review_guards,),
                   effect=_reviewed,
                   fields=(ScoresField("scores", _l("Ratings of the manual indicators"),
                                       kind="scores", required=False),)),
        # HR never consolidates, or answers an appeal on, their own appraisal.
        Transition("approve", ("hr_review",), "approved", _l("Consolidate (HR)"),
                   not_by=("submit",), effect=_approved),
        Transition("publish", ("approved",), "published", _l("Publish"), effect=_published),
        Transition("appeal", ("published",), "appealed", _l("Appeal"), comment_required=True,
                   guards=(by_the_employee, inside_window), effect=_appealed,
                   style="warning", inbox=False),
        Transition("resolve", ("appealed",), "published", _l("Answer the appeal"),
                   comment_required=True, not_by=("appeal",), guards=(hr_rescore,),
                   effect=_resolved,
                   fields=(ScoresField("scores", _l("Corrected ratings"), kind="scores",
                                       required=False),)),
        Transition("finalize", ("published",), "final", _l("Finalize"), guards=(after_window,),
                   effect=_finalized, style="success"),
    ],
)


# --- cycles -----------------------------------------------------------------------------------
def _opened(cycle, ctx):
    services.open_cycle(cycle)


def _closable(cycle, ctx):
    from sqlalchemy import func, select

    from app.extensions import db

    pending = db.session.scalar(select(func.count(Appraisal.id)).where(
        Appraisal.cycle_id == cycle.id, Appraisal.status != "final"))
    if pending:
        raise Invalid(str(_l("%(n)s appraisals of this cycle are not final yet", n=pending)),
                      field="status")


CYCLE_WORKFLOW = Workflow(
    resource="appraisal_cycle",
    model=AppraisalCycle,
    title=_l("Appraisal cycles"),
    initial="draft",
    states={"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")},
    transitions=[
        Transition("open", ("draft",), "open", _l("Open the cycle"), effect=_opened,
                   inbox=False),
        Transition("close", ("open",), "closed", _l("Close the cycle"), guards=(_closable,),
                   inbox=False),
    ],
)

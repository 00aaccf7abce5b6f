"""Client lifecycle (DESIGN §1): lead → pending_review → active ⇄ paused → matched / closed.

``matched`` is reached only through the match lifecycle (services.mark_matched); every other
state change is a transition below, with its own permission (can_<name> on ``client``).
"""
from flask_babel import lazy_gettext as _l

from app.clients.models import Client, ClientAssignment
from app.clients.review import (
    OWNER_FIELD,
    file_with_frontline,
    has_owning_matchmaker,
    record_owner,
    reviewed_by_frontline_head,
    sections_filled,
)
from app.clients.rules import cited
from app.clients.services import employee_id_of
from app.core.errors import Forbidden, Invalid
from app.core.models import utcnow
from app.core.workflow import Transition, Workflow

# The registration form (客戶信息登記表) is complete when these are filled.
REQUIRED_FOR_REVIEW = {
    "name": _l("Full name"), "gender": _l("Gender"), "birth_date": _l("Birth date"),
    "height_cm": _l("Height (cm)"), "education": _l("Education"), "city": _l("City"),
    "marital_status": _l("Marital status"), "income_monthly": _l("Monthly income"),
    "phone": _l("Phone"), "department_id": _l("Department"),
}


def missing_fields(client) -> list[str]:
    return [str(label) for f, label in REQUIRED_FOR_REVIEW.items()
            if getattr(client, f, None) in (None, "")]


def record_complete(client, ctx):
    """紅娘部 reviews complete records only: list what is missing."""
    missing = missing_fields(client)
    if missing:
        raise Invalid(cited(_l("The registration form is incomplete: %(fields)s missing",
                               fields="、".join(missing)), "000.clients.review_complete"),
                      missing=missing)


CLIENT_WORKFLOW = Workflow(
    resource="client",
    model=Client,
    title=_l("Client"),
    initial="lead",
    states={
        "lead": _l("Lead"), "pending_review": _l("Pending review"), "active": _l("Active"),
        "paused": _l("Paused"), "matched": _l("Matched"), "closed": _l("Closed"),
    },
    transitions=[
        # The form goes to the store's front line (紅娘部) for review and filing.
        Transition("submit", ("lead",), "pending_review", _l("Submit for review"),
                   guards=(record_complete, sections_filled), effect=file_with_frontline,
                   inbox=False, rule="000.clients.form_sections"),
        # Both review steps are offered in the inbox by app.clients.review.inbox_reviews, with
        # the owner select filled for the client's store (inbox=False: not the core's list).
        Transition("approve", ("pending_review",), "active", _l("Approve"),
                   not_by=("submit",), fields=(OWNER_FIELD,),
                   # The reviewer's guard first: Workflow.available stops at the first
                   # refusal, and a missing owner must not hide that this user may not review.
                   guards=(reviewed_by_frontline_head, record_complete, has_owning_matchmaker),
                   effect=record_owner, style="success", inbox=False,
                   rule="000.clients.review_approval"),
        Transition("reject", ("pending_review",), "lead", _l("Return for completion"),
                   comment_required=True, guards=(reviewed_by_frontline_head,),
                   style="warning", inbox=False, rule="000.clients.review_approval"),
        Transition("pause", ("active",), "paused", _l("Pause"), comment_required=True,
                   style="warning", inbox=False),
        Transition("resume", ("paused",), "active", _l("Resume"), inbox=False),
        Transition("close", ("lead", "pending_review", "active", "paused", "matched"), "closed",
                   _l("Close"), comment_required=True, style="danger", inbox=False),
    ],
)


def _assignee_only(assignment, ctx):
    emp_id = employee_id_of(ctx.user)
    if emp_id is None or emp_id != assignment.employee_id:
        raise Forbidden(cited(_l("Only the assigned matchmaker can answer this assignment"),
                              "000.clients.pool_assign"))


def _take_over(assignment, ctx):
    from app.clients.pool import apply_confirmed_assignment

    apply_confirmed_assignment(assignment)


def _stamp(assignment, ctx):
    assignment.decided_at = utcnow()


ASSIGNMENT_WORKFLOW = Workflow(
    resource="client_assignment",
    model=ClientAssignment,
    title=_l("Client assignment"),
    initial="pending",
    states={"pending": _l("Waiting for confirmation"), "confirmed": _l("Confirmed"),
            "declined": _l("Declined")},
    transitions=[
        Transition("confirm", ("pending",), "confirmed", _l("Accept the client"),
                   guards=(_assignee_only,), effect=_take_over, style="success",
                   rule="000.clients.pool_assign"),
        Transition("decline", ("pending",), "declined", _l("Decline"), comment_required=True,
                   guards=(_assignee_only,), effect=_stamp, style="warning",
                   rule="000.clients.pool_assign"),
    ],
)

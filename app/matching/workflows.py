"""Match lifecycle (DESIGN §5) and event attendance, declared once for the workflow engine.

proposed → contacted → accepted / declined → meeting_scheduled → met → dating → relationship
→ married; ``end`` from any open state. The candidate's side answers (征求對方意見): only the
candidate's matchmaker, or a head whose scope covers the candidate, may accept or decline.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.core.approvers import employee_of_user
from app.core.errors import Forbidden, Invalid
from app.core.models import utcnow
from app.core.scope import current_scope
from app.core.workflow import Field, Transition, Workflow
from app.extensions import db
from app.matching.models import OPEN_STATES, Match, Meeting
from app.matching.models_event import Event, EventSignup
from app.matching.profile import load_client
from app.matching.rules import cited


def actor_employee_id(user) -> int | None:
    return employee_of_user(user.id) if user is not None else None


def candidate_side(match, ctx) -> None:
    """The candidate's matchmaker answers, or a head whose scope covers the candidate."""
    if match.candidate_matchmaker_id is not None and (
        actor_employee_id(ctx.user) == match.candidate_matchmaker_id
    ):
        return
    scope = current_scope()
    candidate = load_client(match, "candidate", match.candidate_id)
    if scope.is_all or (scope.kind == "department" and candidate is not None
                        and candidate.department_id in scope.department_ids):
        return
    raise Forbidden(cited(_l("Only the candidate's matchmaker (or their head) may answer for "
                             "the candidate"), "000.matching.candidate_consent"))


def parse_when(raw) -> dt.datetime:
    text = str(raw or "").strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise Invalid(cited(_l("Meeting time must look like 2026-05-01 19:30"),
                        "000.matching.meeting_time_place"), field="meeting_time")


def scheduled_meeting(match_id) -> Meeting | None:
    return db.session.scalars(
        select(Meeting).where(Meeting.match_id == match_id, Meeting.status == "scheduled")
        .order_by(Meeting.time.desc()).limit(1)
    ).first()


def meeting_given_or_exists(match, ctx) -> None:
    """``schedule`` needs a scheduled meeting, or a time and place to create one."""
    if ctx.data.get("meeting_time") or ctx.data.get("place"):
        ctx.data["meeting_time"] = parse_when(ctx.data.get("meeting_time"))
        if not (ctx.data.get("place") or "").strip():
            raise Invalid(cited(_l("Place is required"), "000.matching.meeting_time_place"),
                          field="place")
        return
    if scheduled_meeting(match.id) is None:
        raise Invalid(cited(_l("Give the meeting's time and place, or add the meeting first"),
                            "000.matching.meeting_time_place"), field="meeting_time")


def _stamp(column):
    def effect(match, ctx):
        setattr(match, column, utcnow())
    return effect


def _create_meeting(match, ctx) -> None:
    if ctx.data.get("meeting_time"):
        db.session.add(Meeting(match_id=match.id, time=ctx.data["meeting_time"],
                               place=ctx.data["place"].strip(), status="scheduled",
                               recorded_by_id=actor_employee_id(ctx.user)))


def _meeting_held(match, ctx) -> None:
    meeting = scheduled_meeting(match.id)
    if meeting is not None:
        MEETING_WORKFLOW.run(meeting.id, "hold", system=True, commit=False)


def _commit(match, ctx) -> None:
    match.relationship_at = utcnow()
    mark_clients_matched([match.client_id, match.candidate_id])


# Match states that keep both clients ``matched``.
HOLDING = ("relationship", "married")


def _end(match, ctx) -> None:
    match.ended_at = utcnow()
    # Through the engine: each cancelled meeting gets its transition row.
    for meeting_id in db.session.scalars(
        select(Meeting.id).where(Meeting.match_id == match.id, Meeting.status == "scheduled")
    ).all():
        MEETING_WORKFLOW.run(meeting_id, "cancel", comment=ctx.comment, system=True,
                             commit=False)
    if ctx.from_state == "relationship":
        # The relationship is over: both clients go back to matching, unless another match
        # of theirs is still a relationship or a marriage.
        from app.clients.public import unmark_matched
        from app.core.scope import unscoped

        with unscoped():
            ids = {match.client_id, match.candidate_id}
            others = db.session.execute(
                select(Match.client_id, Match.candidate_id).where(
                    Match.id != match.id, Match.status.in_(HOLDING),
                    or_(Match.client_id.in_(ids), Match.candidate_id.in_(ids)))).all()
            held = {cid for row in others for cid in row} & ids
            unmark_matched(ids - held, comment=ctx.comment)


def mark_clients_matched(client_ids: list[int]) -> None:
    """Both clients become ``matched`` (the clients module owns how)."""
    from app.clients.public import mark_matched
    from app.core.scope import unscoped

    with unscoped():  # the candidate is usually outside the actor's scope
        mark_matched(client_ids)


MATCH_STATE_LABELS = {
    "proposed": _l("Proposed"), "contacted": _l("Contacted"), "accepted": _l("Accepted"),
    "declined": _l("Declined"), "meeting_scheduled": _l("Meeting scheduled"),
    "met": _l("Met"), "dating": _l("Dating"), "relationship": _l("In a relationship"),
    "married": _l("Married"), "ended": _l("Ended"),
}

MATCH_WORKFLOW = Workflow(
    resource="match",
    model=Match,
    title=_l("Matches"),
    inbox_load=lambda: (selectinload(Match.client), selectinload(Match.candidate)),
    initial="proposed",
    states=MATCH_STATE_LABELS,
    transitions=[
        Transition("contact", ("proposed",), "contacted", _l("Contacted the other side"),
                   effect=_stamp("contacted_at")),
        Transition("accept", ("contacted",), "accepted", _l("Candidate accepts"),
                   guards=(candidate_side,), effect=_stamp("accepted_at"), style="success",
                   rule="000.matching.candidate_consent"),
        Transition("decline", ("contacted",), "declined", _l("Candidate declines"),
                   comment_required=True, guards=(candidate_side,),
                   effect=_stamp("declined_at"), style="warning",
                   rule="000.matching.candidate_consent"),
        # Offered in the inbox by app.matching.inbox_entries.inbox_schedule (the core's list
        # hides a step whose input is still to be typed).
        Transition("schedule", ("accepted",), "meeting_scheduled", _l("Schedule a meeting"),
                   guards=(meeting_given_or_exists,), effect=_create_meeting,
                   fields=(Field("meeting_time", _l("Meeting time"), kind="datetime",
                                 required=False),
                           Field("place", _l("Place"), required=False)),
                   inbox=False, rule="000.matching.meeting_time_place"),
        Transition("meet", ("meeting_scheduled",), "met", _l("They met"), inbox=False,
                   effect=_meeting_held),
        Transition("date", ("met",), "dating", _l("Dating"), inbox=False),
        Transition("commit", ("dating",), "relationship", _l("In a relationship"),
                   effect=_commit, style="success", inbox=False),
        Transition("marry", ("relationship",), "married", _l("Married"), style="success",
                   inbox=False),
        Transition("end", OPEN_STATES, "ended", _l("End the match"), comment_required=True,
                   effect=_end, style="danger", inbox=False),
    ],
)

def _match_met(meeting, ctx) -> None:
    """A meeting held on its own page moves its match on too (已見面), as the match's own
    "They met" step holds the meeting: either button leaves both records agreeing."""
    from app.core.scope import unscoped

    with unscoped():  # the match may be the other side's record
        match = db.session.get(Match, meeting.match_id)
    if match is not None and match.status == "meeting_scheduled":
        MATCH_WORKFLOW.run(match.id, "meet", comment=ctx.comment, system=True, commit=False)


MEETING_WORKFLOW = Workflow(
    resource="meeting",
    model=Meeting,
    title=_l("Meetings"),
    initial="scheduled",
    states={"scheduled": _l("Scheduled"), "held": _l("Held"), "no_show": _l("No-show"),
            "cancelled": _l("Cancelled")},
    transitions=[
        Transition("hold", ("scheduled",), "held", _l("Meeting held"), style="success",
                   effect=_match_met, inbox=False),
        Transition("no_show", ("scheduled",), "no_show", _l("No-show"), comment_required=True,
                   style="warning", inbox=False),
        Transition("cancel", ("scheduled",), "cancelled", _l("Cancel the meeting"),
                   comment_required=True, style="danger", inbox=False),
    ],
)

SIGNUP_WORKFLOW = Workflow(
    resource="event_signup",
    model=EventSignup,
    title=_l("Event sign-ups"),
    initial="signed_up",
    states={"signed_up": _l("Signed up"), "attended": _l("Attended"),
            "no_show": _l("No-show"), "cancelled": _l("Cancelled")},
    transitions=[
        Transition("attend", ("signed_up", "no_show"), "attended", _l("Attended"),
                   style="success", inbox=False),
        Transition("no_show", ("signed_up",), "no_show", _l("No-show"), style="warning",
                   inbox=False),
        Transition("cancel", ("signed_up",), "cancelled", _l("Cancel sign-up"),
                   style="danger", inbox=False),
    ],
)

EVENT_WORKFLOW = Workflow(
    resource="event",
    model=Event,
    title=_l("Events"),
    initial="planned",
    states={"planned": _l("Planned"), "open": _l("Open for sign-up"),
            "closed": _l("Sign-up closed"), "done": _l("Held"), "cancelled": _l("Cancelled")},
    transitions=[
        Transition("open", ("planned", "closed"), "open", _l("Open sign-up"), inbox=False),
        Transition("close", ("planned", "open"), "closed", _l("Close sign-up"), inbox=False),
        Transition("finish", ("open", "closed"), "done", _l("Event held"), style="success",
                   inbox=False),
        Transition("cancel", ("planned", "open", "closed"), "cancelled", _l("Cancel the event"),
                   comment_required=True, style="danger", inbox=False),
    ],
)

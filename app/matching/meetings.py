"""Meetings and follow-up (rule book 000, 客戶匹配與約見 3, 見面服務與跟進 3–4, 紅娘主管):
briefing each side before the meeting, the lists of un-briefed and feedback-missing meetings,
and the head's review of a match or a meeting (never of their own records).

Services validate, check permission and scope, apply and leave the commit to the request.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.interface import prepare_save
from app.core.models import utcnow
from app.core.scope import scoped_get
from app.extensions import db
from app.matching.models import Match, Meeting
from app.matching.rules import cited

SIDES = ("client", "candidate")
SIDE_LABELS = {"client": _l("Client"), "candidate": _l("Candidate")}
# Days after the meeting by which both sides' feedback is recorded (setting).
DEFAULT_FEEDBACK_DAYS = 3


def feedback_days() -> int:
    return int(current_app.config.get("MEETING_FEEDBACK_DAYS", DEFAULT_FEEDBACK_DAYS))


def _user():
    return current_app.appbuilder.sm.current_user


def _may(permission: str, resource: str) -> bool:
    return current_app.appbuilder.sm.has_access(permission, resource)


def _actor_employee_id():
    from app.matching.workflows import actor_employee_id

    return actor_employee_id(_user())


# --- briefing (在約見前紅娘應與客戶和匹配對象分別溝通) ----------------------------------------

def brief(meeting_id, side: str, note: str) -> Meeting:
    """Log the briefing of one side of a scheduled meeting. Raises, writes nothing, on error."""
    if not _may("can_brief", "meeting"):
        raise Forbidden(str(_l("You are not permitted to log briefings")))
    meeting = scoped_get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    if side not in SIDES:
        raise Invalid(str(_l("Choose whom you briefed")), field="side")
    note = (note or "").strip()
    if not note:
        raise Invalid(cited(_l("Say what you told them (attire, punctuality …)"),
                            "000.matching.briefing"), field="note")
    if meeting.status != "scheduled":
        raise Conflict(str(_l("Only a scheduled meeting is briefed")))
    setattr(meeting, f"{side}_briefing", note)
    setattr(meeting, f"{side}_briefed_at", utcnow())
    prepare_save(meeting, is_new=False, user=_user())
    return meeting


def unbriefed_criteria(now: dt.datetime | None = None):
    """Upcoming scheduled meetings where one side has not been briefed yet."""
    now = now or utcnow()
    return and_(Meeting.status == "scheduled", Meeting.time >= now,
                or_(Meeting.client_briefed_at.is_(None),
                    Meeting.candidate_briefed_at.is_(None)))


def missing_feedback_criteria(now: dt.datetime | None = None, days: int | None = None):
    """Held meetings older than ``days`` whose feedback (either side's impression or wish to
    continue) is still missing."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=feedback_days() if days is None else days)
    blank = [or_(col.is_(None), col == "") for col in (Meeting.client_feedback,
                                                        Meeting.candidate_feedback)]
    return and_(Meeting.status == "held", Meeting.time < cutoff,
                or_(*blank, Meeting.client_wishes_continue.is_(None),
                    Meeting.candidate_wishes_continue.is_(None)))


# Inbox titles name both clients of the meeting's match: loaded with the rows.
def _with_clients() -> tuple:
    return (selectinload(Meeting.match).selectinload(Match.client),
            selectinload(Meeting.match).selectinload(Match.candidate))


def unbriefed(limit: int = 50) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(unbriefed_criteria())
                                   .options(*_with_clients()).order_by(Meeting.time)
                                   .limit(limit)))


def missing_feedback(limit: int = 50) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(missing_feedback_criteria())
                                   .options(*_with_clients()).order_by(Meeting.time)
                                   .limit(limit)))


# --- the head's review (紅娘主管 審核紅娘服務流程) -------------------------------------------

REVIEWABLE = {"match": Match, "meeting": Meeting}


def _own_record(obj, employee_id, user_id) -> bool:
    match = obj.match if isinstance(obj, Meeting) else obj
    employees = {match.matchmaker_id, match.candidate_matchmaker_id} if match else set()
    if isinstance(obj, Meeting):
        employees.add(obj.recorded_by_id)
    employees.discard(None)
    creators = {obj.created_by_id, getattr(match, "created_by_id", None)} - {None}
    return (employee_id is not None and employee_id in employees) or user_id in creators


def review(resource: str, pk, comment: str):
    """Mark a match or a meeting as reviewed with a comment. The head reviews the work of
    others: a record they proposed, answered for or recorded is refused (403)."""
    model = REVIEWABLE.get(resource)
    if model is None:
        raise NotFound()
    if not _may("can_review", resource):
        raise Forbidden(cited(_l("You are not permitted to review"),
                              "000.matching.supervisor_review"))
    obj = scoped_get(model, pk)
    if obj is None:
        raise NotFound()
    comment = (comment or "").strip()
    if not comment:
        raise Invalid(cited(_l("A review needs a comment"), "000.matching.supervisor_review"),
                      field="comment")
    user = _user()
    employee_id = _actor_employee_id()
    if _own_record(obj, employee_id, getattr(user, "id", None)):
        raise Forbidden(cited(_l("You cannot review your own record"),
                              "000.matching.supervisor_review"))
    obj.reviewed_at = utcnow()
    obj.reviewed_by_id = employee_id
    obj.review_comment = comment
    prepare_save(obj, is_new=False, user=user)
    return obj

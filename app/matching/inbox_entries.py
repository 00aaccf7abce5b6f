"""Inbox entries of the matching module (app/core/inbox.py INBOX_PROVIDERS): accepted matches
whose meeting is to be arranged, meetings to brief, meetings whose feedback is missing, active
clients with no next follow-up date. Each entry names both clients and offers the step right
there (the time and place, the briefing form, the feedback form)."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.inbox import InboxAction, InboxItem, InboxSection, record_title
from app.core.workflow import Field
from app.extensions import db
from app.matching import followups, meetings
from app.matching.models import Match
from app.matching.rules import cited

LIMIT = 20


def _brief_action(meeting) -> InboxAction:
    sides = tuple((s, meetings.SIDE_LABELS[s]) for s in meetings.SIDES
                  if getattr(meeting, f"{s}_briefed_at") is None)
    return InboxAction(
        "brief", _l("Log briefing"), "MeetingView.brief", {"pk": meeting.id},
        fields=(Field("side", _l("Briefed"), kind="choice", choices=sides),
                Field("note", _l("What you told them"))),
        rule="000.matching.briefing")


def _side_names(meeting) -> str:
    missing = [str(meetings.SIDE_LABELS[s]) for s in meetings.SIDES
               if getattr(meeting, f"{s}_briefed_at") is None]
    return str(_l("Not briefed yet: %(who)s", who="、".join(missing)))


def inbox_meetings() -> list[InboxSection]:
    sm = current_app.appbuilder.sm
    out = []
    if sm.has_access("can_brief", "meeting"):
        items = [InboxItem("meeting", m.id, m.inbox_title, m.status, _l("Scheduled"),
                           [_brief_action(m)], _side_names(m))
                 for m in meetings.unbriefed(limit=LIMIT)]
        if items:
            out.append(InboxSection("meeting", cited(_l("Meetings to brief"),
                                                     "000.matching.briefing"), items))
    if sm.has_access("can_write", "meeting"):
        days = meetings.feedback_days()
        items = [InboxItem("meeting", m.id, m.inbox_title, m.status, _l("Held"),
                           [InboxAction("feedback", _l("Record feedback"), "MeetingView.edit",
                                        {"pk": m.id}, link=True)],
                           str(_l("No complete feedback %(n)s days after the meeting", n=days)))
                 for m in meetings.missing_feedback(limit=LIMIT)]
        if items:
            out.append(InboxSection("meeting", cited(_l("Meetings missing feedback"),
                                                     "000.matching.meeting_feedback"), items))
    if sm.has_access("can_write", "followup"):
        items = []
        for c in followups.without_next_followup(limit=LIMIT):
            items.append(InboxItem(
                "client", c.id, f"{c.client_no} {c.name}", c.status,
                _l("Active"), [InboxAction("followup", _l("Record a follow-up"),
                                           "FollowUpView.add", {"client_id": c.id}, link=True)],
                str(_l("No next follow-up date"))))
        if items:
            out.append(InboxSection("client", cited(_l("Clients without a next follow-up"),
                                                    "000.matching.next_followup"), items))
    return out


def inbox_schedule() -> list[InboxSection]:
    """Accepted matches: the 紅娘 arranges the time and place (客戶匹配與約見 2), right from
    the inbox. Offered as the show page offers it (Workflow.available: permission, scope and
    the guards that forbid this user; the time and place are what the form asks for)."""
    from app.matching.workflows import MATCH_WORKFLOW as wf

    step = wf.get("schedule")
    if not wf.permitted(step):
        return []
    rows = db.session.scalars(select(Match).where(Match.status == "accepted")
                              .options(*wf.inbox_load()).order_by(Match.id.desc())
                              .limit(LIMIT)).all()
    wf.remember_history([m.id for m in rows])
    items = [InboxItem("match", m.id, record_title(m), m.status, wf.state_label(m.status),
                       [step], str(_l("The candidate agreed: arrange the time and place")))
             for m in rows if any(t.name == step.name for t in wf.available(m))]
    if not items:
        return []
    return [InboxSection("match", cited(_l("Meetings to arrange"),
                                        "000.matching.meeting_time_place"), items)]

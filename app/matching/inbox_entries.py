"""Inbox entries of the matching module (app/core/inbox.py INBOX_PROVIDERS): meetings to brief,
meetings whose feedback is missing, active clients with no next follow-up date. Each entry
names both clients and offers the step right there (the briefing form, the feedback form)."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.inbox import InboxAction, InboxItem, InboxSection
from app.core.workflow import Field
from app.matching import followups, meetings
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

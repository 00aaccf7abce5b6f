"""Meetings have a declared workflow: the state moves only by transitions (issue 9), never by
a form or REST field; the match's meet / end steps move their meetings as the system."""
from __future__ import annotations

from sqlalchemy import select

from app.core.models import AuditLog
from app.extensions import db
from app.matching.models import Meeting
from tests.matching.helpers import make_match, make_meeting, pair


def test_status_is_not_writable_through_rest(app, api_as):
    with app.app_context():
        mt = make_meeting(make_match(*pair(), status="meeting_scheduled")).id
    r = api_as("th_mm1").put(f"/api/v1/meeting/{mt}", json={"status": "held"})
    assert r.status_code in (400, 422)
    assert db.session.scalar(select(Meeting.status).where(Meeting.id == mt)) == "scheduled"


def test_matchmaker_marks_no_show_with_a_comment(app, api_as):
    with app.app_context():
        mt = make_meeting(make_match(*pair(), status="meeting_scheduled")).id
    api = api_as("th_mm1")
    assert api.post(f"/api/v1/meeting/{mt}/transition/no_show", json={}).status_code == 422
    r = api.post(f"/api/v1/meeting/{mt}/transition/no_show", json={"comment": "男方未到場"})
    assert r.status_code == 200 and r.json["state"] == "no_show"


def test_ending_a_match_cancels_its_meetings_through_the_engine(app, api_as):
    with app.app_context():
        match = make_match(*pair(), status="meeting_scheduled")
        mid = match.id
        mt = make_meeting(match).id
    r = api_as("th_mm1").post(f"/api/v1/match/{mid}/transition/end",
                              json={"comment": "雙方決定不再見面"})
    assert r.status_code == 200, r.json
    assert db.session.scalar(select(Meeting.status).where(Meeting.id == mt)) == "cancelled"
    row = db.session.scalar(select(AuditLog).where(
        AuditLog.resource == "meeting", AuditLog.record_id == str(mt),
        AuditLog.action == "transition"))
    assert row.to_state == "cancelled" and row.actor_name == "system"


def test_a_state_written_outside_the_engine_is_refused(app):
    import pytest

    from app.core.state_guard import StateWriteRefused

    with app.app_context():
        meeting = make_meeting(make_match(*pair(), status="meeting_scheduled"))
        meeting.status = "held"
        with pytest.raises(StateWriteRefused):
            db.session.flush()
        db.session.rollback()

"""制度依據 in matching: meetings carry the etiquette reminder; refusals quote their clause."""
import pytest
from sqlalchemy import select

from app.core import rules
from app.core.errors import Forbidden, Invalid
from app.extensions import db
from app.matching.models import Meeting
from app.matching.workflows import MATCH_WORKFLOW as WF
from tests.matching.helpers import make_match


@pytest.mark.rule("000.matching.meeting_etiquette")
def test_a_scheduled_meeting_carries_the_etiquette_reminder(app, as_user):
    with app.app_context():
        pk = make_match(status="accepted").id
    with as_user("th_mm1"):
        WF.run(pk, "schedule", data={"meeting_time": "2026-06-01 19:30", "place": "花城匯"})
    meeting = db.session.scalars(select(Meeting).where(Meeting.match_id == pk)).one()
    # In the UI's default script (Simplified), as every text the app writes by itself.
    assert "穿着得体" in meeting.etiquette and "准时到达" in meeting.etiquette


@pytest.mark.rule("000.matching.candidate_consent")
def test_the_candidate_side_refusal_quotes_the_clause(app, as_user, api_as):
    with app.app_context():
        pk = make_match(status="contacted").id
    with as_user("th_mm1"):
        with pytest.raises(Forbidden) as err:
            WF.run(pk, "accept")
        db.session.rollback()
    assert err.value.message.endswith(f"（{rules.cite('000.matching.candidate_consent')}）")
    assert "征求對方意見" in err.value.message
    r = api_as("th_mm1").post(f"/api/v1/match/{pk}/transition/accept", json={})
    assert r.status_code == 403 and "婚介公司經營管理制度" in r.json["message"]


@pytest.mark.rule("000.matching.meeting_time_place")
def test_scheduling_without_time_and_place_quotes_the_clause(app, as_user):
    with app.app_context():
        pk = make_match(status="accepted").id
    with as_user("th_mm1"):
        with pytest.raises(Invalid) as err:
            WF.run(pk, "schedule")
        db.session.rollback()
    assert "安排雙方約見時間、地點" in err.value.message

"""Writes obey scope as strictly as reads (DESIGN §3, issue 8): every foreign key a user writes
points inside their scope, or the write is 422 naming the field and nothing is written."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.clients.models import Client
from app.core.models import AuditLog
from app.extensions import db
from app.matching.models import Meeting
from app.matching.models_event import Event, EventSignup
from app.service.models import Complaint
from app.service.survey_models import Survey, SurveyAnswer
from tests import factories
from tests.matching.helpers import make_match, make_meeting, pair
from tests.service.conftest import make_complaint


def _refused(resp, field):
    assert resp.status_code == 422, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert resp.json.get("field") == field, resp.json


def test_client_matchmaker_cannot_be_handed_to_another_store(app, api_as):
    with app.app_context():
        cid = factories.make_client("TH-MM", matchmaker="th_mm1").id
        yx = factories.employee_of("yx_mm1").id
        mine = factories.employee_of("th_mm1").id
    r = api_as("th_mm1").put(f"/api/v1/client/{cid}", json={"matchmaker_id": yx})
    _refused(r, "matchmaker_id")
    # Nothing written: the matchmaker is unchanged, and the other store cannot read it.
    assert db.session.scalar(select(Client.matchmaker_id).where(Client.id == cid)) == mine
    assert api_as("yx_mm1").get(f"/api/v1/client/{cid}").status_code == 404


def test_head_may_hand_a_client_inside_the_store_only(app, api_as):
    with app.app_context():
        cid = factories.make_client("TH-MM", matchmaker="th_mm1").id
        th2 = factories.employee_of("th_mm2").id
        yx = factories.employee_of("yx_mm1").id
    api = api_as("th_mm_head")
    _refused(api.put(f"/api/v1/client/{cid}", json={"matchmaker_id": yx}), "matchmaker_id")
    assert api.put(f"/api/v1/client/{cid}", json={"matchmaker_id": th2}).status_code == 200


def test_reference_to_nothing_is_422_not_a_database_error(app, api_as):
    with app.app_context():
        cid = factories.make_client("TH-MM", matchmaker="th_mm1").id
    r = api_as("th_mm_head").put(f"/api/v1/client/{cid}", json={"matchmaker_id": 987654321})
    _refused(r, "matchmaker_id")


def test_complaint_client_and_handler_out_of_scope(app, api_as):
    with app.app_context():
        yx_client = factories.make_client("YX-MM", matchmaker="yx_mm1").id
        th_client = factories.make_client("TH-MM", matchmaker="th_mm1").id
        pk = make_complaint("th_cs1")
        yx_emp = factories.employee_of("yx_cs1").id
    api = api_as("th_cs1")
    body = {"client_id": yx_client, "complainant_name": "张女士", "channel": "phone",
            "category": "quality", "content": "服務態度問題"}
    _refused(api.post("/api/v1/complaint/", json=body), "client_id")
    body["client_id"] = th_client
    body["category"] = "no-such-category"
    _refused(api.post("/api/v1/complaint/", json=body), "category")
    _refused(api_as("th_cs_head").put(f"/api/v1/complaint/{pk}", json={"handler_id": yx_emp}),
             "handler_id")
    assert db.session.scalar(select(Complaint.handler_id).where(Complaint.id == pk)) is None


def test_routing_a_complaint_to_another_store_is_refused(app, api_as):
    with app.app_context():
        pk = make_complaint("th_cs1")
        yx_dept = factories.department("YX-MM").id
        th_dept = factories.department("TH-MM").id
    api = api_as("th_cs_head")
    r = api.post(f"/api/v1/complaint/{pk}/transition/assign", json={"department_id": yx_dept})
    assert r.status_code in (403, 422), r.json
    assert db.session.scalar(select(Complaint.status).where(Complaint.id == pk)) == "received"
    r = api.post(f"/api/v1/complaint/{pk}/transition/assign", json={"department_id": th_dept})
    assert r.status_code == 200, r.json


def test_survey_assignee_and_complaint_out_of_scope(app, api_as):
    with app.app_context():
        yx_complaint = make_complaint("yx_cs1")
        yx_emp = factories.employee_of("yx_cs1").id
        # A client th_cs1 registered (in scope for them: created by, in their department).
        th_client = factories.make_client("TH-CS", matchmaker=None, status="lead",
                                          created_by_id=factories.user("th_cs1").id).id
    api = api_as("th_cs1")
    base = {"purpose": "return_visit", "channel": "phone", "client_id": th_client,
            "scheduled_for": (dt.datetime.now() + dt.timedelta(days=1)).strftime(
                "%Y-%m-%d %H:%M:%S")}
    before = db.session.scalar(select(func.count(Survey.id)))
    _refused(api.post("/api/v1/survey/", json={**base, "assignee_id": yx_emp}), "assignee_id")
    _refused(api.post("/api/v1/survey/", json={**base, "complaint_id": yx_complaint}),
             "complaint_id")
    assert db.session.scalar(select(func.count(Survey.id))) == before


def test_event_cannot_be_filed_in_another_store(app, api_as):
    yx = factories.department("YX").id
    r = api_as("th_manager").post("/api/v1/event/", json={
        "title": "跨店活動", "kind": "social_party", "place": "越秀公園",
        "starts_at": (dt.datetime.now() + dt.timedelta(days=9)).strftime("%Y-%m-%d %H:%M:%S"),
        "capacity": 20, "department_id": yx})
    _refused(r, "department_id")


def test_created_by_does_not_reach_across_stores(app, api_as):
    """A client created by th_cs1 but filed under the other store is not th_cs1's."""
    with app.app_context():
        th_cs1 = factories.user("th_cs1").id
        moved = factories.make_client("YX-MM", matchmaker="yx_mm1", created_by_id=th_cs1).id
        home = factories.make_client("TH-CS", matchmaker=None, created_by_id=th_cs1,
                                     status="lead").id
    api = api_as("th_cs1")
    assert api.get(f"/api/v1/client/{moved}").status_code == 404
    assert api.post(f"/api/v1/client/{moved}/transition/submit", json={}).status_code == 404
    assert api.get(f"/api/v1/client/{home}").status_code == 200


def test_matchmaker_records_meeting_feedback(app, api_as):
    """Derived scope (a meeting is its match's) saves through the same core path."""
    with app.app_context():
        a, b = pair()
        mt = make_meeting(make_match(a, b, status="meeting_scheduled")).id
    r = api_as("th_mm1").put(f"/api/v1/meeting/{mt}", json={
        "client_feedback": "對方很真誠，願意再見面", "client_rating": 5})
    assert r.status_code == 200, r.json
    assert db.session.scalar(select(Meeting.client_rating).where(Meeting.id == mt)) == 5
    assert api_as("th_mm2").put(f"/api/v1/meeting/{mt}", json={
        "client_rating": 1}).status_code == 404


def test_meeting_cannot_move_to_an_out_of_scope_match(app, api_as):
    with app.app_context():
        mine = make_match(*pair())
        theirs = make_match(*pair(("YX-MM", "yx_mm1"), ("YX-MM", "yx_mm1"))).id
        mt, mine_id = make_meeting(mine).id, mine.id
    api = api_as("th_mm1")
    # A meeting never moves to another match (not an editable field) ...
    moved = api.put(f"/api/v1/meeting/{mt}", json={"match_id": theirs})
    assert moved.status_code == 422 and "match_id" in moved.json["message"]
    # ... and a new one cannot be filed under another store's match.
    _refused(api.post("/api/v1/meeting/", json={"match_id": theirs, "place": "天河咖啡館",
                                                "time": "2099-01-02T15:00:00"}), "match_id")
    with app.app_context():
        assert db.session.get(Meeting, mt).match_id == mine_id


def test_survey_answers_are_audited_under_their_own_name(app, as_user):
    """Each audited table writes its own resource: an answer's id is never read as a
    survey's, and a survey's History shows its own answers, labelled as children."""
    from app.core import audit
    from app.service.survey_models import SurveyQuestion, SurveyTemplate

    with app.app_context():
        tpl = SurveyTemplate(name=f"回訪問卷{factories.nextval()}")
        db.session.add(tpl)
        db.session.flush()
        q = SurveyQuestion(template_id=tpl.id, position=1, text="滿意度", kind="rating")
        db.session.add(q)
        dept = factories.department("TH-CS").id
        s1 = Survey(purpose="return_visit", channel="phone", template_id=tpl.id,
                    department_id=dept, scheduled_for=dt.datetime.now(), respondent_name="甲")
        s2 = Survey(purpose="return_visit", channel="phone", template_id=tpl.id,
                    department_id=factories.department("YX-CS").id,
                    scheduled_for=dt.datetime.now(), respondent_name="乙")
        db.session.add_all([s1, s2])
        db.session.flush()
        ans = SurveyAnswer(survey_id=s2.id, question_id=q.id, rating=4)
        db.session.add(ans)
        db.session.commit()
        s1_id, s2_id, ans_id, q_id = s1.id, s2.id, ans.id, q.id
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "insert",
                                                     AuditLog.record_id == str(ans_id))).all()
    assert {r.resource for r in rows} >= {"survey_answer"}
    assert not [r for r in rows if r.resource == "survey"
                and r.changes.get("question_id") == q_id]
    with as_user("admin"):
        own = audit.history(db.session, "survey", s2_id)
        assert any(r.resource == "survey_answer" and r.record_id == str(ans_id) for r in own)
        other = audit.history(db.session, "survey", s1_id)
        assert not any(r.resource == "survey_answer" for r in other)
    with as_user("th_cs_head"):
        # The other store's answers never show under a Tianhe reader.
        assert not [r for r in audit.history(db.session, "survey", s2_id)
                    if r.resource == "survey_answer"]


def test_event_organiser_marks_attendance_but_cannot_edit_another_stores_signup(app, api_as):
    with app.app_context():
        mkt = factories.user("mkt_head").id
        e = Event(title=f"聯誼會{factories.nextval()}", kind="social_party", place="珠江新城",
                  starts_at=dt.datetime.now() + dt.timedelta(days=5), capacity=30,
                  department_id=factories.department("MKT").id, created_by_id=mkt)
        db.session.add(e)
        db.session.flush()
        c = factories.make_client("YX-MM", matchmaker="yx_mm1", commit=False)
        db.session.flush()
        s = EventSignup(event_id=e.id, client_id=c.id, department_id=c.department_id,
                        matchmaker_id=c.matchmaker_id)
        db.session.add(s)
        db.session.commit()
        sid = s.id
    org = api_as("mkt_head")
    assert org.get(f"/api/v1/event_signup/{sid}").status_code == 200
    assert org.put(f"/api/v1/event_signup/{sid}", json={"note": "改"}).status_code == 422
    assert org.delete(f"/api/v1/event_signup/{sid}").status_code in (403, 422)
    assert db.session.scalar(select(EventSignup.note).where(EventSignup.id == sid)) is None
    r = org.post(f"/api/v1/event_signup/{sid}/transition/attend", json={})
    assert r.status_code == 200, r.json

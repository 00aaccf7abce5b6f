"""Return visits move only through their declared workflow (issue 9): a new visit starts
scheduled, recording it is the ``complete`` step (logged), cancelling needs a reason, and a
state written by hand is refused."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.core.models import AuditLog
from app.core.state_guard import StateWriteRefused
from app.extensions import db
from app.service.survey_models import Survey, SurveyTemplate
from app.service.workflows import SURVEY_WORKFLOW
from tests import factories


def _visit(template: bool = True) -> int:
    emp = factories.employee_of("th_cs1")
    tmpl = db.session.scalar(select(SurveyTemplate).where(
        SurveyTemplate.name == "服务满意度调查问卷")) if template else None
    s = Survey(purpose="return_visit", channel="phone", template_id=tmpl.id if tmpl else None,
               respondent_name="流程回訪", department_id=emp.department_id, assignee_id=emp.id,
               scheduled_for=dt.datetime(2030, 2, 1, 10), status=SURVEY_WORKFLOW.initial)
    db.session.add(s)
    db.session.commit()
    return s.id


def _steps(pk):
    return [(r.from_state, r.to_state, r.actor_name) for r in db.session.scalars(
        select(AuditLog).where(AuditLog.resource == "survey", AuditLog.record_id == str(pk),
                               AuditLog.action == "transition").order_by(AuditLog.id))]


def test_a_new_visit_starts_scheduled_whatever_the_body_says(app, api_as):
    r = api_as("th_cs1").post("/api/v1/survey/", json={
        "purpose": "return_visit", "channel": "phone", "respondent_name": "吳小姐",
        "scheduled_for": "2030-06-01T10:00:00", "status": "done"})
    assert r.status_code in (201, 400, 422), r.json
    if r.status_code == 201:
        with app.app_context():
            assert db.session.get(Survey, r.json["id"]).status == "scheduled"


@pytest.mark.rule("000.service.survey")
def test_a_visit_without_questionnaire_is_recorded_by_its_step(app, api_as):
    with app.app_context():
        pk = _visit(template=False)
    api = api_as("th_cs1")
    r = api.post(f"/api/v1/survey/{pk}/transition/complete",
                 json={"satisfaction": 4, "result": "客戶滿意"})
    assert r.status_code == 200 and r.json["state"] == "done"
    with app.app_context():
        s = db.session.get(Survey, pk)
        assert (s.satisfaction, s.result) == (4, "客戶滿意") and s.done_at is not None
        assert _steps(pk) == [("scheduled", "done", "th_cs1")]
    assert api.post(f"/api/v1/survey/{pk}/transition/complete", json={}).status_code == 409


@pytest.mark.rule("000.service.survey", "001.service.survey")
def test_answers_complete_the_visit_through_the_workflow(app, api_as):
    with app.app_context():
        pk = _visit()
        tmpl = db.session.get(Survey, pk).template
        answers = {str(q.id): (4 if q.kind == "rating" else q.choices[0] if q.choices
                               else "好") for q in tmpl.questions}
    api = api_as("th_cs1")
    # A visit with a questionnaire is not done by the bare step: its answers are recorded.
    assert api.post(f"/api/v1/survey/{pk}/transition/complete", json={}).status_code == 422
    r = api.post(f"/api/v1/survey/{pk}/answers", json={"answers": answers, "result": "ok"})
    assert r.status_code == 200 and r.json["status"] == "done"
    with app.app_context():
        assert _steps(pk) == [("scheduled", "done", "th_cs1")]
        assert db.session.get(Survey, pk).satisfaction == 4


def test_cancel_needs_a_reason_and_scope(app, api_as):
    with app.app_context():
        pk = _visit(template=False)
    assert api_as("yx_cs1").post(f"/api/v1/survey/{pk}/transition/cancel",
                                 json={"comment": "x"}).status_code == 404
    api = api_as("th_cs1")
    assert api.post(f"/api/v1/survey/{pk}/transition/cancel", json={}).status_code == 422
    r = api.post(f"/api/v1/survey/{pk}/transition/cancel", json={"comment": "客戶出國"})
    assert r.status_code == 200 and r.json["state"] == "cancelled"


def test_a_state_written_by_hand_is_refused(app):
    with app.app_context():
        pk = _visit(template=False)
        s = db.session.get(Survey, pk)
        s.status = "done"
        with pytest.raises(StateWriteRefused):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(Survey, pk).status == "scheduled"


def test_the_survey_pages_show_words_not_codes(app, client_as):
    with app.app_context():
        pk = _visit(template=False)
    c = client_as("th_cs1")
    page = c.get(f"/surveyview/show/{pk}").get_data(as_text=True)
    assert f"/surveyview/transition/{pk}/complete" in page
    assert ">scheduled<" not in page and ">phone<" not in page and ">return_visit<" not in page
    listing = c.get("/surveyview/list/?psize_SurveyView=100").get_data(as_text=True)
    assert ">scheduled<" not in listing and ">done<" not in listing

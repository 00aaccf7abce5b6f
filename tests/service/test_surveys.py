"""Return visits / surveys: answers validated all-or-nothing; the client-care list."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.extensions import db
from app.service.care import festivals_between, upcoming_birthdays
from app.service.survey_models import Survey, SurveyAnswer, SurveyTemplate
from tests import factories


def _template():
    return db.session.scalar(select(SurveyTemplate).where(
        SurveyTemplate.name == "服务满意度调查问卷"))


@pytest.fixture
def scheduled(app):
    with app.app_context():
        emp = factories.employee_of("th_cs1")
        s = Survey(purpose="return_visit", channel="phone", template_id=_template().id,
                   respondent_name="測試回訪", department_id=emp.department_id,
                   assignee_id=emp.id, scheduled_for=dt.datetime(2030, 1, 1, 10),
                   status="scheduled")
        db.session.add(s)
        db.session.commit()
        qs = {q.kind + str(q.position): q.id for q in _template().questions}
        return s.id, qs


def _answers(qs, override=None):
    base = {qs["rating1"]: 5, qs["rating2"]: 4, qs["rating3"]: 3, qs["choice4"]: "愿意",
            qs["text5"]: "很好"}
    base.update(override or {})
    return {str(k): v for k, v in base.items()}


@pytest.mark.rule("000.service.survey",
                  "001.service.survey",
                  "002.service.survey",
                  "004.service.survey")
def test_answers_recorded_with_overall_satisfaction(app, api_as, scheduled):
    pk, qs = scheduled
    r = api_as("th_cs1").post(f"/api/v1/survey/{pk}/answers",
                              json={"answers": _answers(qs), "result": "已回訪"})
    assert r.status_code == 200, r.json
    assert r.json["status"] == "done" and r.json["satisfaction"] == 4
    again = api_as("th_cs1").post(f"/api/v1/survey/{pk}/answers",
                                  json={"answers": _answers(qs)})
    assert again.status_code == 409


@pytest.mark.rule("000.service.survey", "001.service.survey", "002.service.survey",
                  "004.service.survey")
@pytest.mark.parametrize("bad", [{"rating1": 6}, {"rating2": 0}, {"choice4": "也許"},
                                 {"rating3": None}])
def test_bad_answers_write_nothing(app, api_as, scheduled, bad):
    pk, qs = scheduled
    override = {qs[k]: v for k, v in bad.items()}
    r = api_as("th_cs1").post(f"/api/v1/survey/{pk}/answers",
                              json={"answers": _answers(qs, override)})
    assert r.status_code == 422, r.json
    with app.app_context():
        assert db.session.get(Survey, pk).status == "scheduled"
        assert not db.session.scalars(select(SurveyAnswer).where(
            SurveyAnswer.survey_id == pk)).all()


def test_survey_scope(app, api_as, client_as, scheduled):
    pk, qs = scheduled
    assert api_as("th_cs1").get(f"/api/v1/survey/{pk}").status_code == 200
    assert api_as("th_cs_head").get(f"/api/v1/survey/{pk}").status_code == 200
    assert api_as("yx_cs1").get(f"/api/v1/survey/{pk}").status_code == 404
    assert api_as("yx_cs1").post(f"/api/v1/survey/{pk}/answers",
                                 json={"answers": {}}).status_code == 404
    assert api_as("th_mm1").get(f"/api/v1/survey/{pk}").status_code == 403
    assert api_as(None).get(f"/api/v1/survey/{pk}").status_code == 401
    c = client_as("th_cs1")
    assert c.get(f"/surveyview/answer/{pk}").status_code == 200
    r = c.post(f"/surveyview/answer/{pk}",
               data={f"q{k}": v for k, v in _answers(qs).items()} | {"result": "ok"})
    assert r.status_code == 302
    assert client_as("yx_cs1").get(f"/surveyview/answer/{pk}").status_code == 404


def test_schedule_a_return_visit_over_rest(api_as):
    r = api_as("th_cs1").post("/api/v1/survey/", json={
        "purpose": "return_visit", "channel": "wechat", "respondent_name": "周女士",
        "scheduled_for": "2030-05-01T10:00:00"})
    assert r.status_code == 201, r.json
    r = api_as("th_cs1").post("/api/v1/survey/", json={
        "purpose": "return_visit", "channel": "pigeon", "respondent_name": "周女士",
        "scheduled_for": "2030-05-01T10:00:00"})
    assert r.status_code == 422


def test_festivals_include_lunar_and_fixed():
    names = {str(f["name"]) for f in festivals_between(dt.date(2026, 2, 1), 30)}
    assert any("春節" in n for n in names) and any("情人節" in n for n in names)
    qixi = festivals_between(dt.date(2026, 8, 1), 30)
    assert any("七夕" in str(f["name"]) and f["date"] == dt.date(2026, 8, 19) for f in qixi)


@pytest.mark.rule("000.service.care")
def test_birthdays_are_scoped_and_windowed(app, as_user, client_as):
    today = dt.date(2030, 6, 10)
    with app.app_context():
        mine = factories.make_client("TH-MM", matchmaker="th_mm1",
                                     birth_date=dt.date(1995, 6, 15)).id
        other = factories.make_client("YX-MM", matchmaker="yx_mm1",
                                      birth_date=dt.date(1994, 6, 12)).id
        later = factories.make_client("TH-MM", matchmaker="th_mm1",
                                      birth_date=dt.date(1990, 7, 30)).id
    with as_user("th_mm1"):
        got = {b["client_id"]: b for b in upcoming_birthdays(today, 14, limit=10**6)}
        assert mine in got and other not in got and later not in got
        assert got[mine]["in_days"] == 5 and got[mine]["age"] == 35
    with as_user("th_mm_head"):
        assert mine in {b["client_id"] for b in upcoming_birthdays(today, 14, limit=10**6)}
    assert client_as("th_mm1").get("/client_care/?days=30").status_code == 200

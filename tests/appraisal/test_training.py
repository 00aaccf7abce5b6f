"""Training: the plan's sessions, results with re-tests until passed (002), and the scores
feeding the appraisal (000)."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.appraisal.models_training import Training, TrainingRecord
from app.core import metrics
from app.extensions import db
from tests import factories
from tests.appraisal.factories import at, month


def _training(day, **kw):
    t = Training(title=kw.pop("title", f"服務技巧培訓{factories.nextval()}"),
                 kind="internal", starts_at=at(day), **kw)
    t.validate()
    db.session.add(t)
    db.session.commit()
    return t


def _record(api, training, employee, **body):
    return api.post("/api/v1/training_record/",
                    json={"training_id": training.id, "employee_id": employee.id, **body})


@pytest.mark.rule("002.training.retest")
def test_a_failed_exam_is_retaken_until_passed(api_as):
    start, _ = month()
    t = _training(start)
    emp = factories.make_employee("TH-MM")
    hr = api_as("hr")
    first = _record(hr, t, emp, score=45)
    assert first.status_code == 201, first.get_data(as_text=True)
    assert db.session.get(TrainingRecord, first.json["id"]).passed is False
    # Attempt 3 before attempt 2: refused.
    assert _record(hr, t, emp, attempt=3, score=90).status_code == 422
    second = _record(hr, t, emp, attempt=2, score=75)
    assert second.status_code == 201
    rec = db.session.get(TrainingRecord, second.json["id"])
    assert rec.passed is True and rec.attended is True
    # Passed: no further re-test.
    resp = _record(hr, t, emp, attempt=3, score=95)
    assert resp.status_code == 422 and "直至合格" in resp.json["message"]
    assert _record(hr, t, emp, attempt=4, score=101).status_code == 422


@pytest.mark.rule("000.training.appraisal")
def test_training_scores_and_attendance_feed_the_appraisal(app):
    start, end = month()
    emp = factories.make_employee("TH-MM")
    a, b = _training(start), _training(start + dt.timedelta(days=3))
    for training, attempt, score, attended in ((a, 1, 50, True), (a, 2, 80, True),
                                               (b, 1, None, False)):
        r = TrainingRecord(training_id=training.id, employee_id=emp.id, attempt=attempt,
                           score=score, attended=attended)
        r.validate()
        db.session.add(r)
        db.session.commit()
    assert metrics.compute("training.score", [emp.id], start, end)[emp.id] == Decimal("80")
    assert metrics.compute("training.attendance", [emp.id], start, end)[emp.id] == Decimal("50")
    assert len(metrics.records("training.score", emp.id, start, end)) == 3


def test_an_employee_sees_only_her_own_results(api_as):
    start, _ = month()
    t = _training(start)
    mine = _record(api_as("hr"), t, factories.employee_of("th_mm1"), score=88).json["id"]
    other = _record(api_as("hr"), t, factories.employee_of("yx_mm1"), score=70).json["id"]
    mm1 = api_as("th_mm1")
    assert mm1.get(f"/api/v1/training_record/{mine}").status_code == 200
    assert mm1.get(f"/api/v1/training_record/{other}").status_code == 404
    assert mm1.post("/api/v1/training_record/", json={}).status_code == 403
    assert mm1.get(f"/api/v1/training/{t.id}").status_code == 200


def test_bad_trainings_are_refused(api_as):
    hr = api_as("hr")
    assert hr.post("/api/v1/training/", json={"title": "x", "kind": "nope",
                                              "starts_at": "2026-03-01T10:00:00"}
                   ).status_code == 422
    assert hr.post("/api/v1/training/", json={"title": "x", "plan_year": 1900,
                                              "starts_at": "2026-03-01T10:00:00"}
                   ).status_code == 422
    ok = hr.post("/api/v1/training/", json={"title": "婚戀心理咨詢", "kind": "external",
                                            "plan_year": 2026,
                                            "starts_at": "2026-03-01T10:00:00"})
    assert ok.status_code == 201, ok.get_data(as_text=True)
    assert db.session.scalar(select(Training.pass_score).where(
        Training.id == ok.json["id"])) == 60

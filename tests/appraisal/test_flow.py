"""The appraisal flow on the demo organisation: HR opens a cycle; th_mm1 submits her
self-assessment; th_mm_head (her recorded supervisor) reviews; HR consolidates and
publishes; th_mm1 appeals inside the window; HR answers; after the window it is final."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.appraisal.models import Appraisal, AppraisalLine
from app.core.models import AuditLog
from app.extensions import db
from tests import factories
from tests.appraisal.factories import appraisal_of, make_cycle, month, opened_cycle


def _go(api, pk, name, **body):
    return api.post(f"/api/v1/appraisal/{pk}/transition/{name}", json=body)


def _reload(pk) -> Appraisal:
    db.session.expire_all()
    return db.session.get(Appraisal, pk)


@pytest.fixture
def cycle(app):
    # October 2026: everyone of the demo (th_mm2 joined 60 days ago) is appraised.
    return opened_cycle(*month(0), publish_days=3)


def test_hr_opens_a_cycle_one_appraisal_per_employee_with_a_template(api_as):
    c = make_cycle()
    resp = api_as("hr").post(f"/api/v1/appraisal_cycle/{c.id}/transition/open", json={})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    a = appraisal_of(c, "th_mm1")
    assert a is not None and a.status == "self_review"
    assert a.template.name == "红娘月度考核"
    assert a.department_id == factories.department("TH-MM").id
    assert [line.code for line in a.lines][:2] == ["relationships", "satisfaction"]
    # No template fits the general manager: no appraisal for him.
    assert appraisal_of(c, "boss") is None
    # Opening twice is a 409, and nothing is duplicated.
    again = api_as("hr").post(f"/api/v1/appraisal_cycle/{c.id}/transition/open", json={})
    assert again.status_code == 409
    assert db.session.scalar(select(func.count(Appraisal.id)).where(
        Appraisal.cycle_id == c.id, Appraisal.employee_id == a.employee_id)) == 1


def test_only_hr_opens_cycles(api_as):
    c = make_cycle()
    assert api_as("th_mm_head").post(
        f"/api/v1/appraisal_cycle/{c.id}/transition/open", json={}).status_code == 403


@pytest.mark.rule("000.appraisal.self_review", "000.appraisal.supervisor_review",
                  "000.appraisal.appeal_window")
def test_the_whole_flow(api_as, cycle):
    pk = appraisal_of(cycle, "th_mm1").id
    mm1, head, hr = api_as("th_mm1"), api_as("th_mm_head"), api_as("hr")

    # The indicators, with their values, sources and records.
    ind = mm1.get(f"/api/v1/appraisal/{pk}/indicators")
    assert ind.status_code == 200
    rows = {r["code"]: r for r in ind.json["result"]}
    assert set(rows["relationships"]) >= {"code", "name", "weight", "source", "value",
                                           "score", "records"}
    assert rows["service_quality"]["source"] == "manual"
    assert rows["relationships"]["source"] != "manual"

    # The supervisor cannot review before the self-assessment (422, with the clause).
    early = _go(head, pk, "review", comment="溝通", scores={"service_quality": 80})
    assert early.status_code == 422 and "自評表" in early.json["message"]
    # Only the employee submits it: a colleague does not even see it, her head may not.
    assert _go(api_as("th_mm2"), pk, "submit", self_assessment="x").status_code == 404
    assert _go(head, pk, "submit", self_assessment="x").status_code == 403
    assert _go(mm1, pk, "submit").status_code == 422  # the self-assessment is required
    ok = _go(mm1, pk, "submit", self_assessment="本月促成兩對，回訪按時。")
    assert ok.status_code == 200 and ok.json["state"] == "supervisor_review"

    # Another department's head does not see it; the store manager sees it but is not her
    # recorded supervisor.
    assert _go(api_as("th_cs_head"), pk, "review", comment="x",
               scores={"service_quality": 90}).status_code == 404
    assert _go(api_as("th_manager"), pk, "review", comment="x",
               scores={"service_quality": 90}).status_code == 403
    # Every manual indicator must be rated, 0-100; a comment (the talk) is required.
    assert _go(head, pk, "review", comment="績效溝通").status_code == 422
    assert _go(head, pk, "review", comment="績效溝通",
               scores={"service_quality": 180}).status_code == 422
    assert _go(head, pk, "review", scores={"service_quality": 80}).status_code == 422
    assert _go(head, pk, "review", comment="x", scores={"nope": 1}).status_code == 422
    assert _reload(pk).status == "supervisor_review"
    before = _reload(pk).score
    ok = _go(head, pk, "review", comment="已面談：服務細緻，回訪需加強。",
             scores={"service_quality": 80})
    assert ok.status_code == 200, ok.get_data(as_text=True)
    a = _reload(pk)
    assert a.status == "hr_review" and a.review_comment.startswith("已面談")
    assert a.reviewer_id == factories.employee_of("th_mm_head").id
    line = next(x for x in a.lines if x.code == "service_quality")
    assert line.value == 80 and line.score == Decimal("12.00")  # weight 15 × 80 %
    assert a.score == before + Decimal("12.00")
    assert a.score == sum(x.score for x in a.lines)

    # HR consolidates and publishes: the 公示 window opens.
    assert _go(mm1, pk, "approve").status_code == 403
    assert _go(hr, pk, "approve", comment="已匯總").status_code == 200
    assert _go(hr, pk, "publish").status_code == 200
    a = _reload(pk)
    assert a.publish_until == dt.date.today() + dt.timedelta(days=3) and a.public

    # Appeal inside the window (comment required), answered by HR.
    assert _go(mm1, pk, "appeal").status_code == 422
    assert _go(head, pk, "appeal", comment="代她申訴").status_code == 403
    assert _go(mm1, pk, "appeal", comment="回訪數據漏計一筆").status_code == 200
    assert _go(hr, pk, "resolve").status_code == 422
    ok = _go(hr, pk, "resolve", comment="已核實，補計後分數不變。")
    assert ok.status_code == 200 and ok.json["state"] == "published"
    a = _reload(pk)
    assert a.appeal_text == "回訪數據漏計一筆" and a.appeal_answer.startswith("已核實")

    # Not final while the window is open; after it, no appeal; final with grade and bonus.
    assert _go(hr, pk, "finalize").status_code == 422
    a.publish_until = dt.date.today() - dt.timedelta(days=1)
    db.session.commit()
    late = _go(mm1, pk, "appeal", comment="再申訴")
    assert late.status_code == 422 and "公示期" in late.json["message"]
    assert _go(hr, pk, "finalize").status_code == 200
    a = _reload(pk)
    assert a.status == "final" and a.grade and a.bonus is not None and a.finalized_at
    # Locked: nothing moves any more.
    assert _go(mm1, pk, "appeal", comment="x").status_code == 409
    # Every step is in the history (audit).
    steps = db.session.scalars(select(AuditLog.to_state).where(
        AuditLog.resource == "appraisal", AuditLog.record_id == str(pk),
        AuditLog.action == "transition").order_by(AuditLog.id)).all()
    assert steps == ["supervisor_review", "hr_review", "approved", "published", "appealed",
                     "published", "final"]
    history = mm1.get(f"/api/v1/appraisal/{pk}/history")
    assert history.status_code == 200 and history.json["count"] >= 7


@pytest.mark.rule("000.appraisal.supervisor_review")
def test_a_supervisor_cannot_review_themselves(api_as, cycle):
    a = appraisal_of(cycle, "th_mm_head")
    head = api_as("th_mm_head")
    assert _go(head, a.id, "submit", self_assessment="本月團隊完成目標").status_code == 200
    resp = _go(head, a.id, "review", comment="自評", scores={"team": 90})
    assert resp.status_code == 422
    # Her own supervisor (th_manager, the store manager) may.
    ok = _go(api_as("th_manager"), a.id, "review", comment="面談完成", scores={"team": 90})
    assert ok.status_code == 200, ok.get_data(as_text=True)


def test_review_scores_must_be_numbers(api_as, cycle):
    a = appraisal_of(cycle, "th_mm2")
    assert _go(api_as("th_mm2"), a.id, "submit", self_assessment="自評").status_code == 200
    head = api_as("th_mm_head")
    for bad in ({"service_quality": "abc"}, {"service_quality": True}, ["x"], "80",
                {"service_quality": "1e999"}):
        assert _go(head, a.id, "review", comment="x", scores=bad).status_code == 422
    assert _reload(a.id).status == "supervisor_review"
    assert db.session.scalar(select(AppraisalLine.value).where(
        AppraisalLine.appraisal_id == a.id, AppraisalLine.code == "service_quality")) is None


def test_a_published_appraisal_can_be_rescored_by_hr_when_answering(api_as, cycle):
    a = appraisal_of(cycle, "yx_mm1")
    api = {u: api_as(u) for u in ("yx_mm1", "yx_mm_head", "hr")}
    assert _go(api["yx_mm1"], a.id, "submit", self_assessment="自評").status_code == 200
    assert _go(api["yx_mm_head"], a.id, "review", comment="面談",
               scores={"service_quality": 50}).status_code == 200
    for step in ("approve", "publish"):
        assert _go(api["hr"], a.id, step).status_code == 200
    assert _go(api["yx_mm1"], a.id, "appeal", comment="服務質量評分偏低").status_code == 200
    low = _reload(a.id).score
    assert _go(api["hr"], a.id, "resolve", comment="複核後調整",
               scores={"service_quality": 100}).status_code == 200
    assert _reload(a.id).score == low + Decimal("7.50")  # weight 15 × 50 %


def test_hr_does_not_consolidate_her_own_appraisal(api_as, cycle):
    a = appraisal_of(cycle, "hr")
    hr = api_as("hr")
    assert _go(hr, a.id, "submit", self_assessment="行政工作按計劃完成").status_code == 200
    scores = {"hr_work": 90, "admin_rules": 85, "logistics": 80}
    assert _go(api_as("boss"), a.id, "review", comment="年中面談",
               scores=scores).status_code == 200
    resp = _go(hr, a.id, "approve")
    assert resp.status_code == 403 and _reload(a.id).status == "hr_review"


def test_the_steps_wait_in_the_right_inboxes(api_as, cycle):
    a = appraisal_of(cycle, "th_mm2")

    def waiting(user):
        sections = api_as(user).get("/api/v1/inbox/").json["result"]
        return {i["id"] for s in sections if s["resource"] == "appraisal" for i in s["items"]}

    assert a.id in waiting("th_mm2")  # her self-assessment is due
    assert a.id not in waiting("th_mm_head")  # nothing to review before it
    assert _go(api_as("th_mm2"), a.id, "submit", self_assessment="自評").status_code == 200
    assert a.id in waiting("th_mm_head")
    assert a.id not in waiting("th_manager")  # the store manager is not her supervisor

"""KPI templates and cycle settings: weights sum to 100, bonus never decreases (422s)."""
import pytest
from sqlalchemy import select

from app.appraisal.models import AppraisalCycle, KpiTemplate
from app.extensions import db
from tests import factories
from tests.appraisal.factories import ind, month

GOOD = [ind("relationships", 60, "matching.relationships", target=2), ind("quality", 40)]


def _template(name, indicators, **kw):
    return {"name": name, "period": "monthly", "indicators": indicators,
            "department_id": factories.department("TH-MM").id, **kw}


def test_hr_creates_a_template_whose_weights_sum_to_100(api_as):
    n = factories.nextval()
    resp = api_as("hr").post("/api/v1/kpi_template/", json=_template(f"模板{n}", GOOD))
    assert resp.status_code == 201, resp.get_data(as_text=True)
    t = db.session.get(KpiTemplate, resp.json["id"])
    assert [i["code"] for i in t.indicators] == ["relationships", "quality"]
    assert sum(float(i["weight"]) for i in t.indicators) == 100


@pytest.mark.parametrize("indicators, words", [
    ([ind("a", 60), ind("b", 30)], "100"),
    ([ind("a", 60, "no.such_metric"), ind("b", 40)], "no.such_metric"),
    ([ind("a", 60, rule="bands"), ind("b", 40)], "bands"),
    ([ind("a", 50), ind("a", 50)], "code"),
    ([ind("a", 100, "matching.relationships", target=0)], "target"),
    ("not json", "JSON"),
    ([], "indicator"),
])
def test_bad_templates_are_refused_with_422_and_nothing_written(api_as, indicators, words):
    n = factories.nextval()
    resp = api_as("hr").post("/api/v1/kpi_template/?_l_=en",  # English messages
                             json=_template(f"壞模板{n}", indicators))
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert resp.json["field"] == "indicators"
    assert words.lower() in resp.json["message"].lower()
    assert db.session.scalar(select(KpiTemplate).where(KpiTemplate.name == f"壞模板{n}")) is None


def test_only_hr_writes_templates(api_as):
    resp = api_as("th_mm_head").post("/api/v1/kpi_template/", json=_template("主管模板", GOOD))
    assert resp.status_code == 403
    assert api_as("th_mm1").get("/api/v1/kpi_template/").status_code == 200


def test_the_seed_has_the_rule_book_templates(app):
    names = set(db.session.scalars(select(KpiTemplate.name)))
    for name in ("红娘月度考核", "客服月度考核", "市场部月度考核", "行政部月度考核",
                 "财务部月度考核", "红娘年度考核"):
        assert name in names
    mm = db.session.scalar(select(KpiTemplate).where(KpiTemplate.name == "红娘月度考核"))
    sources = {i["source"] for i in mm.indicators}
    assert {"matching.relationships", "matching.satisfaction",
            "matching.complaint_rate"} <= sources


def _cycle(**kw):
    start, end = month()
    return {"name": f"週期{factories.nextval()}", "period": "monthly",
            "start_date": start.isoformat(), "end_date": end.isoformat(), **kw}


@pytest.mark.rule("000.appraisal.bonus", "002.appraisal.bonus")
def test_a_decreasing_bonus_function_is_refused(api_as):
    body = _cycle(bonus_table=[[0, 0], [60, 800], [90, 500]])
    resp = api_as("hr").post("/api/v1/appraisal_cycle/", json=body)
    assert resp.status_code == 422
    assert "績效獎金" in resp.json["message"]
    assert db.session.scalar(select(AppraisalCycle).where(
        AppraisalCycle.name == body["name"])) is None


def test_a_cycle_with_defaults_and_bad_bands(api_as):
    resp = api_as("hr").post("/api/v1/appraisal_cycle/", json=_cycle())
    assert resp.status_code == 201, resp.get_data(as_text=True)
    cycle = db.session.get(AppraisalCycle, resp.json["id"])
    assert cycle.status == "draft" and cycle.grade_bands[0] == [90, "優秀"]
    bad = api_as("hr").post("/api/v1/appraisal_cycle/",
                            json=_cycle(grade_bands=[[90, "優秀"], [60, "合格"]]))
    assert bad.status_code == 422
    end_first = _cycle()
    end_first["start_date"], end_first["end_date"] = end_first["end_date"], \
        end_first["start_date"]
    assert api_as("hr").post("/api/v1/appraisal_cycle/", json=end_first).status_code == 422

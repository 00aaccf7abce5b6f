"""The pages: each indicator with value, source and the records behind it; the workflow
buttons (ratings of the manual indicators on the review step); lists."""
import datetime as dt
import re

from app.extensions import db
from tests import factories
from tests.appraisal import records as r
from tests.appraisal.factories import appraisal_of, at, month, opened_cycle


def _csrf(html):
    """The form's token (CSRF may be off in tests: then none is needed)."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return found.group(1) if found else ""


def test_the_appraisal_page_lists_indicators_with_their_records(client_as, api_as):
    start, end = month(0)
    mm1 = factories.employee_of("th_mm1")
    client = r.client_of(mm1)
    m = r.match(client, created_at=at(start), relationship_at=at(start + dt.timedelta(days=3)),
                status="relationship")
    cycle = opened_cycle(start, end)
    a = appraisal_of(cycle, "th_mm1")
    page = client_as("th_mm1").get(f"/appraisalview/show/{a.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-code="relationships"' in html and 'data-code="service_quality"' in html
    assert "yl-transition" in html  # her submit button
    # Drill-down: the records behind the value, each linked to its page.
    link = f"/appraisalview/records/{a.id}/relationships"
    assert link in html
    drill = client_as("th_mm1").get(link)
    assert drill.status_code == 200
    assert f"/matchview/show/{m.id}" in drill.get_data(as_text=True)
    assert client_as("th_mm1").get(f"/appraisalview/records/{a.id}/nope").status_code == 404
    for url in (f"/appraisalview/show/{a.id}", link):
        assert client_as("yx_mm1").get(url).status_code == 404
    one = api_as("th_mm1").get(f"/api/v1/appraisal/{a.id}/indicators?code=relationships")
    assert [r["code"] for r in one.json["result"]] == ["relationships"]
    assert m.id in [r["id"] for r in one.json["result"][0]["records"]]


def test_the_review_form_rates_the_manual_indicators(client_as):
    cycle = opened_cycle(*month(0))
    a = appraisal_of(cycle, "th_mm1")
    mm1 = client_as("th_mm1")
    html = mm1.get(f"/appraisalview/show/{a.id}").get_data(as_text=True)
    mm1.post(f"/appraisalview/transition/{a.id}/submit",
             data={"csrf_token": _csrf(html), "self_assessment": "本月自評"})
    head = client_as("th_mm_head")
    html = head.get(f"/appraisalview/show/{a.id}").get_data(as_text=True)
    assert 'name="score_service_quality"' in html
    head.post(f"/appraisalview/transition/{a.id}/review",
              data={"csrf_token": _csrf(html), "comment": "面談完成",
                    "score_service_quality": "70"})
    db.session.expire_all()
    a = appraisal_of(cycle, "th_mm1")
    assert a.status == "hr_review"
    assert next(x for x in a.lines if x.code == "service_quality").value == 70


def test_lists_load(client_as):
    hr = client_as("hr")
    for url in ("/appraisalview/list/", "/appraisalcycleview/list/",
                "/kpitemplateview/list/", "/appraisalboard/"):
        resp = hr.get(url)
        assert resp.status_code == 200, url
    assert "红娘月度考核" in hr.get("/kpitemplateview/list/").get_data(as_text=True)
    assert client_as("th_mm1").get("/appraisalview/list/").status_code == 200
    # Writing templates is HR's.
    assert client_as("th_mm1").get("/kpitemplateview/add").status_code in (302, 403)


def test_hr_edits_a_template_as_json_and_bad_weights_are_refused(client_as):
    hr = client_as("hr")
    html = hr.get("/kpitemplateview/add").get_data(as_text=True)
    n = factories.nextval()
    resp = hr.post("/kpitemplateview/add", data={
        "csrf_token": _csrf(html), "name": f"表單模板{n}", "period": "monthly",
        "indicators": '[{"code": "a", "name": "甲", "weight": 70}]', "active": "y"},
        follow_redirects=True)
    assert "100" in resp.get_data(as_text=True)
    from sqlalchemy import select

    from app.appraisal.models import KpiTemplate

    assert db.session.scalar(select(KpiTemplate).where(
        KpiTemplate.name == f"表單模板{n}")) is None


def test_a_refused_step_on_the_page_is_answered_by_the_core(client_as):
    """No hand-written except in the view: the core flashes the refusal and goes back
    (app/core/web.py); out of scope is a 404."""
    cycle = opened_cycle(*month(8))
    a = appraisal_of(cycle, "th_mm1")
    head = client_as("th_mm_head")
    show = f"/appraisalview/show/{a.id}"
    resp = head.post(f"/appraisalview/transition/{a.id}/review", data={"comment": "x"},
                     headers={"Referer": f"http://localhost{show}"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(show)
    assert "自評表" in head.get(show).get_data(as_text=True)
    assert appraisal_of(cycle, "th_mm1").status == "self_review"
    assert client_as("yx_mm_head").post(f"/appraisalview/transition/{a.id}/review",
                                        data={"comment": "x"}).status_code == 404

"""complaint_figures on a small fixture in a period nobody else uses (2031)."""
import datetime as dt
import re

import pytest

from app.extensions import db
from app.service.figures import complaint_figures
from tests import factories
from tests.service.conftest import make_complaint, reload

D = dt.datetime


@pytest.fixture(scope="module")
def fixture_2031(app):
    with app.app_context():
        ids = {
            # March: 3 complaints for TH-MM — one on time, one late, one still open
            "on_time": make_complaint(status="closed", dept="TH-MM", category="quality",
                                      received_at=D(2031, 3, 1, 9), satisfaction=5),
            "late": make_complaint(status="followed_up", dept="TH-MM", category="fees",
                                   received_at=D(2031, 3, 5, 9), satisfaction=2,
                                   reopen_count=1),
            "open": make_complaint(status="investigating", dept="TH-MM", category="quality",
                                   received_at=D(2031, 3, 20, 9)),
            # April: one for TH-CS, resolved on time
            "cs": make_complaint(status="resolved", dept="TH-CS", category="attitude",
                                 received_at=D(2031, 4, 2, 9)),
            # Yuexiu, same period: never in a Tianhe user's figures
            "yx": make_complaint("yx_cs1", status="closed", dept="YX-MM",
                                 category="quality", received_at=D(2031, 3, 3, 9),
                                 satisfaction=1),
        }
        for key in ("on_time", "cs", "yx"):
            c = reload(ids[key])
            c.resolved_at = c.received_at + dt.timedelta(hours=10)
            db.session.commit()
        c = reload(ids["late"])
        c.resolved_at = c.deadline + dt.timedelta(hours=5)
        db.session.commit()
        return ids


def test_company_wide_figures(app, fixture_2031):
    with app.app_context():
        f = complaint_figures(dt.date(2031, 3, 1), dt.date(2031, 4, 30))
    t = f["totals"]
    assert (t["count"], t["resolved"], t["on_time"], t["reopened"]) == (5, 4, 3, 1)
    assert t["resolution_rate"] == 0.8 and t["on_time_rate"] == 0.75
    assert t["reopen_rate"] == 0.25
    assert t["satisfaction_avg"] == pytest.approx((5 + 2 + 1) / 3, abs=0.01)
    months = {r["month"]: r["count"] for r in f["by_month"]}
    assert months == {"2031-03": 4, "2031-04": 1}
    cats = {r["category"]: r["count"] for r in f["by_category"]}
    assert cats == {"quality": 3, "fees": 1, "attitude": 1}
    assert {r["name"] for r in f["by_category"]} >= {"服务质量", "收费问题"}


def test_department_filter_includes_subtree(app, fixture_2031):
    with app.app_context():
        th_mm = factories.department("TH-MM").id
        th = factories.department("TH").id
        f = complaint_figures(dt.date(2031, 3, 1), dt.date(2031, 4, 30), th_mm)
        assert f["totals"]["count"] == 3
        assert [r["department_id"] for r in f["by_department"]] == [th_mm]
        assert complaint_figures(dt.date(2031, 3, 1), dt.date(2031, 4, 30),
                                 th)["totals"]["count"] == 4


def test_figures_are_scoped(app, as_user, fixture_2031):
    with as_user("th_mm_head"):
        assert complaint_figures(dt.date(2031, 3, 1), dt.date(2031, 4, 30))[
            "totals"]["count"] == 3
    with as_user("yx_manager"):
        assert complaint_figures(dt.date(2031, 3, 1), dt.date(2031, 4, 30))[
            "totals"]["count"] == 1


def test_rest_and_chart_page(app, api_as, client_as, fixture_2031):
    r = api_as("th_manager").get("/api/v1/complaint_figures/?start=2031-03-01&end=2031-04-30")
    assert r.status_code == 200 and r.json["result"]["totals"]["count"] == 4
    bad = api_as("th_manager").get("/api/v1/complaint_figures/?start=soon")
    assert bad.status_code == 422 and bad.json["message"]
    assert api_as("th_mm1").get("/api/v1/complaint_figures/").status_code == 403
    assert api_as(None).get("/api/v1/complaint_figures/").status_code == 401
    page = client_as("th_manager").get("/complaint_figures/?start=2031-03-01&end=2031-04-30")
    body = page.get_data(as_text=True)
    # The charts themselves are the dashboard's (yuelao/_chart.html, served locally).
    assert page.status_code == 200 and "2031-03" in body
    assert not re.search(r'(src|href)="https?://', body)
    # Bad dates: the core flashes the message and goes back (never a 500).
    bad = client_as("th_manager").get("/complaint_figures/?start=31/02/2031")
    assert bad.status_code == 302

"""The asset figures page: four Chart.js charts from the shared macro (served locally), each
bar linking to the list behind it; scoped like the lists; a bad month is a message, not a 500."""
import datetime as dt
import json
import re
from html import unescape

from app.assets.posting import post_month
from tests.assets.factories import make_asset


def _specs(body: str) -> dict:
    return {m.group(1): json.loads(unescape(m.group(2))) for m in re.finditer(
        r'<canvas id="([^"]+)" class="yl-chart-canvas" data-spec=\'([^\']*)\'', body)}


def test_owner_sees_four_charts_whose_bars_open_the_lists(app, client_as):
    with app.app_context():
        a = make_asset("YX-MM", "yx_mm1", cost="2400.00", salvage_value="0.00",
                       useful_life_months=24, in_service_date=dt.date(2026, 1, 10))
        post_month(dt.date(2026, 2, 1))
        dept, cat, code = a.department_id, a.category_id, a.code
    c = client_as("finance")
    r = c.get("/asset_figures/?start=2026-01&end=2026-03")
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert "vendor/chartjs/chart.umd.min.js" in body and "yuelao/charts.js" in body
    assert "cdn" not in body.lower()
    specs = _specs(body)
    assert set(specs) == {"chart-by-department", "chart-by-category", "chart-by-month",
                          "chart-stocktakes"}
    by_dept = specs["chart-by-department"]
    link = next(u for u in by_dept["links"] if u and u.endswith(f"_department={dept}"))
    assert len(by_dept["links"]) == len(by_dept["labels"])
    assert any(link.endswith(f"_category={cat}") for link in specs["chart-by-category"]["links"]
               if link)
    assert "2026-02" in specs["chart-by-month"]["labels"]
    # the bar's list holds the asset
    listed = c.get(link)
    assert listed.status_code == 200 and code in listed.get_data(as_text=True)
    month_link = specs["chart-by-month"]["links"][specs["chart-by-month"]["labels"].index(
        "2026-02")]
    assert c.get(month_link).status_code == 200


def test_figures_page_is_scoped_and_bad_months_are_a_message(app, client_as):
    with app.app_context():
        yx = make_asset("YX-CS", "yx_cs1").department_id
    body = client_as("th_manager").get("/asset_figures/").get_data(as_text=True)
    links = _specs(body)["chart-by-department"]["links"]
    assert not any(u and u.endswith(f"_department={yx}") for u in links)
    r = client_as("hr").get("/asset_figures/?start=2026-13&end=x")
    assert r.status_code == 200 and "yl-figures-error" in r.get_data(as_text=True)
    assert client_as("hr").get("/asset_figures/?start=2026-05&end=2026-01").status_code == 200


def test_figures_page_needs_login(app):
    r = app.test_client().get("/asset_figures/")
    assert r.status_code in (302, 401)

"""Leads per event / per partner as charts (issue 10 item 6, DEVELOPING "Charts"): the page draws
them with the core chart helper (Chart.js served by the app), keeps the tables, and every bar
and every count opens the lead list filtered to that event or partner."""
from __future__ import annotations

import html as html_lib
import json
import re

from app.extensions import db
from tests import factories
from tests.matching.test_marketing import _event, _partner


def _leads(app, api_as):
    with app.app_context():
        eid, pid = _event(), _partner()
        c1, c2, c3 = (factories.make_client(matchmaker="th_mm1").id for _ in range(3))
    api = api_as("th_mm1")
    for body in ({"client_id": c1, "event_id": eid}, {"client_id": c2, "event_id": eid},
                 {"client_id": c3, "partner_id": pid}):
        assert api.post("/api/v1/lead_source/", json=body).status_code == 201
    return eid, pid, (c1, c2, c3)


def _count(page: str) -> int:
    found = re.search(r"<strong>记录数:</strong>\s*(\d+)", page)
    assert found, "no record count on the list"
    return int(found.group(1))


def _specs(page: str) -> dict[str, dict]:
    return {cid: json.loads(html_lib.unescape(spec)) for cid, spec in re.findall(
        r'<canvas id="([\w-]+)" class="yl-chart-canvas" data-spec=\'([^\']*)\'', page)}


def test_charts_of_leads_per_event_and_partner(app, api_as, client_as):
    eid, pid, _ = _leads(app, api_as)
    page = client_as("boss").get("/marketingfigures/").get_data(as_text=True)
    specs = _specs(page)
    assert set(specs) == {"leads-per-event", "leads-per-partner"}, sorted(specs)
    assert "vendor/chartjs/chart.umd.min.js" in page and "yuelao/charts.js" in page
    assert "cdn" not in page.lower(), "charts come from the app, not the internet"
    events = specs["leads-per-event"]
    assert events["horizontal"] and events["datasets"][0]["label"] == "客源数"
    with app.app_context():
        from app.matching.models_event import Event
        from app.matching.models_marketing import Partner

        title = db.session.get(Event, eid).title
        name = db.session.get(Partner, pid).name
    i = events["labels"].index(title)
    assert events["datasets"][0]["data"][i] == 2
    assert events["links"][i].endswith(f"/leadsourceview/list/?_flt_0_event={eid}")
    partners = specs["leads-per-partner"]
    j = partners["labels"].index(name)
    assert partners["datasets"][0]["data"][j] == 1
    assert partners["links"][j].endswith(f"/leadsourceview/list/?_flt_0_partner={pid}")
    # The tables stay, each count a link to the same list.
    for table in ("yl-leads-events", "yl-leads-partners"):
        assert f'class="table table-condensed {table}"' in page
    assert f'href="/leadsourceview/list/?_flt_0_event={eid}">2</a>' in page
    assert f'href="/leadsourceview/list/?_flt_0_partner={pid}">1</a>' in page


def test_drill_down_opens_the_leads_behind_the_bar(app, api_as, client_as):
    eid, pid, (c1, c2, c3) = _leads(app, api_as)
    page = client_as("boss")
    listed = page.get(f"/leadsourceview/list/?_flt_0_event={eid}").get_data(as_text=True)
    assert _count(listed) == 2
    with app.app_context():
        from app.clients.models import Client

        names = {c: db.session.get(Client, c).name for c in (c1, c2, c3)}
    assert names[c1] in listed and names[c2] in listed and names[c3] not in listed
    listed = page.get(f"/leadsourceview/list/?_flt_0_partner={pid}").get_data(as_text=True)
    assert _count(listed) == 1 and names[c3] in listed


def test_no_chart_without_leads(app, client_as, monkeypatch):
    from app.matching import views_marketing

    monkeypatch.setattr(views_marketing, "lead_counts",
                        lambda: {"events": [], "partners": [], "total": 0})
    page = client_as("boss").get("/marketingfigures/").get_data(as_text=True)
    assert not _specs(page) and "chart.umd.min.js" not in page
    assert "No leads recorded from events yet." not in page  # translated
    assert "还没有" in page or "暂无" in page or "尚无" in page


def test_no_drill_down_for_a_reader_who_sees_only_part_of_the_leads(app, api_as, client_as):
    """The figures are company-wide; the 市場部 head's lead list is scoped to 市場部, so the
    numbers are shown without a link that would open a list disagreeing with them."""
    _leads(app, api_as)
    page = client_as("mkt_head").get("/marketingfigures/").get_data(as_text=True)
    assert "yl-leads-events" in page
    assert "/leadsourceview/list/?_flt_0_event=" not in page
    assert 'class="yl-drill"' not in page

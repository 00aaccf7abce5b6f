"""Home dashboards per role kind: panels by permission, figures in scope, drill-down links."""
from __future__ import annotations

import html as htmllib
import re

import pytest
from sqlalchemy import func, select

from app.clients.models import Client
from app.extensions import db
from app.org.models import Department
from tests import factories

PANELS = ("store", "frontline", "service", "hr", "finance", "company")
EXPECTED = {
    "th_manager": {"store"},
    "yx_manager": {"store"},
    "th_mm1": {"frontline"},
    "th_cs1": {"service"},
    "hr": {"hr"},
    "finance": {"finance"},
    "boss": {"company", "store", "hr", "finance"},
    "auditor": {"company", "store", "hr", "finance"},
}
DRILL = re.compile(r'href="([^"]+)" class="yl-drill"')


def panels_of(page: str) -> set[str]:
    return {p for p in PANELS if f'id="dash-{p}"' in page}


def figure(page: str, key: str) -> str:
    m = re.search(rf'data-figure="{key}">\s*<h3[^>]*>(?:<a href="[^"]*" class="yl-drill">)?'
                  r'([^<]+)<', page)
    assert m, f"no figure {key}"
    return m.group(1).strip()


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_kind_gets_its_panels_with_charts(client_as, username):
    r = client_as(username).get("/")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert panels_of(page) == EXPECTED[username]
    # Chart.js from the app itself, one canvas per chart, each with a spec.
    assert "/static/vendor/chartjs/chart.umd.min.js" in page
    assert 'class="yl-chart-canvas"' in page
    assert "http://" not in page.split("<body", 1)[1].replace("http://127.0.0.1", "")


def test_anonymous_home_has_no_dashboard(client):
    page = client.get("/").get_data(as_text=True)
    assert not panels_of(page) and "yl-notices" not in page


def _subtree_count(code: str) -> int:
    ids = Department.subtree_ids(factories.department(code).id)
    return db.session.scalar(select(func.count(Client.id)).where(
        Client.department_id.in_(ids), Client.archived_at.is_(None)))


@pytest.mark.parametrize("head, own, other", [("yx_manager", "YX", "TH"),
                                              ("th_manager", "TH", "YX")])
def test_store_head_counts_only_their_store(client_as, as_user, head, own, other):
    from app.dashboard import figures

    before = _subtree_count(own)
    factories.make_client(f"{other}-MM", matchmaker=f"{other.lower()}_mm1")
    with as_user(head):
        counts = figures.clients_by_status()
    assert sum(counts.values()) == before  # the other store's new client is not counted
    page = client_as(head).get("/").get_data(as_text=True)
    assert figure(page, "clients") == str(before)


def test_frontline_counts_their_own_clients(as_user):
    from app.dashboard import figures

    with as_user("th_mm2"):
        before = sum(figures.clients_by_status().values())
    factories.make_client("TH-MM", matchmaker="th_mm1")  # a colleague's client
    factories.make_client("TH-MM", matchmaker="th_mm2")
    with as_user("th_mm2"):
        assert sum(figures.clients_by_status().values()) == before + 1


def test_company_figures_see_everything(as_user):
    from app.dashboard import figures

    total = db.session.scalar(select(func.count(Client.id)).where(Client.archived_at.is_(None)))
    with as_user("boss"):
        assert sum(figures.clients_by_status().values()) == total
    with as_user("yx_manager"):
        assert sum(figures.clients_by_status().values()) < total


def test_overdue_figures_are_scoped(as_user):
    import datetime as dt

    from app.dashboard import figures
    from tests.matching.helpers import make_followup

    with as_user("yx_manager"):
        yx_before = figures.overdue_followups()
    with as_user("th_manager"):
        th_before = figures.overdue_followups()
    c = factories.make_client("TH-MM", matchmaker="th_mm1")
    make_followup(c, days_ago=10, next_due=dt.date.today() - dt.timedelta(days=3))
    with as_user("th_manager"):
        assert figures.overdue_followups() == th_before + 1
    with as_user("yx_manager"):
        assert figures.overdue_followups() == yx_before


@pytest.mark.parametrize("username", ["th_manager", "th_mm1", "th_cs1", "hr", "finance", "boss"])
def test_every_drill_down_link_opens_its_list(client_as, username):
    c = client_as(username)
    page = c.get("/").get_data(as_text=True)
    links = {htmllib.unescape(u) for u in DRILL.findall(page)}
    assert links, "no drill-down links"
    for url in sorted(links):
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)


def test_status_bar_drills_to_the_same_rows(client_as, as_user):
    """The number on a status bar is the row count of the list it opens."""
    from app.dashboard import figures
    from app.dashboard.links import list_url

    with as_user("yx_manager"):
        counts = figures.clients_by_status()
    status, n = max(counts.items(), key=lambda kv: kv[1])
    with as_user("yx_manager"):
        url = list_url("ClientView", status=("FilterEqual", status))
    c = client_as("yx_manager")
    page = c.get(url + "&psize_ClientView=100").get_data(as_text=True)
    rows = page.count('class="action_check"') or page.count("/clientview/show/")
    assert rows == min(n, 100) or str(n) in page


def test_no_panel_without_its_permission(client_as):
    """The panel follows the permission, not the role name: a role without can_hr_panel sees
    no HR panel even with read access to appraisals."""
    page = client_as("th_manager").get("/").get_data(as_text=True)
    assert "dash-hr" not in page and "dash-finance" not in page


def test_dashboard_and_forms_speak_chinese(client_as):
    page = client_as("boss").get("/").get_data(as_text=True)
    for title in ("公司概览", "门店与部门", "考核进度", "预算执行", "各状态客户"):
        assert title in page, title
    c = factories.make_client("TH-MM", matchmaker="th_mm1")
    form = client_as("th_mm1").get(f"/print/client/{c.id}").get_data(as_text=True)
    assert "客户信息登记表" in form and "个人基本情况" in form and "客户签名" in form

"""市場 metrics (leads per event, new partners), cycle presets per profile, the `appraisal
new` job and the payroll bonus export (CSV / XLSX)."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.appraisal import presets
from app.appraisal.models import AppraisalCycle
from app.core import metrics
from app.core.models import AuditLog
from app.extensions import db
from tests import factories
from tests.appraisal import records as r
from tests.appraisal.factories import at, ind, make_cycle, month, opened_cycle


def _event(user, when, title):
    from app.matching.models_event import Event

    e = Event(title=title, kind="matchmaking_party", starts_at=when, place="珠江新城",
              capacity=30, department_id=factories.department("MKT").id, status="done",
              created_by_id=user.id)
    db.session.add(e)
    db.session.commit()
    return e


def _lead(event, client):
    from app.matching.models_marketing import LeadSource

    db.session.add(LeadSource(client_id=client.id, event_id=event.id,
                              department_id=client.department_id))
    db.session.commit()


@pytest.mark.rule("000.kpi.marketing")
def test_leads_per_event_and_new_partners_of_the_marketing_staff(app):
    from app.appraisal.metrics import register_all
    from app.matching.models_marketing import Partner

    register_all()
    start, end = month(5)
    head = factories.employee_of("mkt_head")
    user = factories.user("mkt_head")
    mm1 = factories.employee_of("th_mm1")
    one = _event(user, at(start + dt.timedelta(days=3), 19), "月初相親會")
    two = _event(user, at(start + dt.timedelta(days=20), 19), "月中交友派對")
    _event(user, at(end + dt.timedelta(days=2), 19), "下月的活動")  # outside the period
    for _ in range(3):
        _lead(one, r.client_of(mm1))
    _lead(two, r.client_of(mm1))
    db.session.add(Partner(name=f"社區婚戀服務站{factories.nextval()}", kind="community",
                           department_id=head.department_id, created_by_id=user.id,
                           created_at=at(start + dt.timedelta(days=5))))
    db.session.add(Partner(name=f"舊合作{factories.nextval()}", kind="media",
                           department_id=head.department_id, created_by_id=user.id,
                           created_at=at(start - dt.timedelta(days=40))))
    db.session.commit()

    leads = metrics.compute("market.leads_per_event", [head.id, mm1.id], start, end)
    assert leads[head.id] == Decimal("2.0000")  # 4 leads from 2 events
    assert leads[mm1.id] is None  # held no event: nothing to measure
    partners = metrics.compute("market.new_partners", [head.id, mm1.id], start, end)
    assert partners == {head.id: Decimal("1.0000"), mm1.id: Decimal(0)}
    drill = metrics.records("market.leads_per_event", head.id, start, end)
    assert [x["id"] for x in drill] == [one.id, two.id]
    assert drill[0]["label"].endswith(": 3")
    assert len(metrics.records("market.new_partners", head.id, start, end)) == 1


@pytest.mark.rule("004.appraisal.periods")
def test_cycle_periods_follow_the_profile_preset(api_as):
    assert presets.preset("agency").periods == ("monthly", "quarterly", "annual")
    assert presets.preset("postpartum").publicity == "private"
    # The matchmaking book runs monthly and annual cycles only.
    start, end = month(6)
    resp = api_as("hr").post("/api/v1/appraisal_cycle/", json={
        "name": "第三季度", "period": "quarterly", "start_date": start.isoformat(),
        "end_date": end.isoformat()})
    assert resp.status_code == 422 and resp.json.get("field", "period") == "period"
    presets.validate_period("quarterly", "agency")
    got = presets.preset_cycle("quarterly", dt.date(2026, 12, 5), "agency")
    assert (got["name"], got["start_date"], got["end_date"]) == (
        "2026年第3季度考核", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert presets.period_bounds("monthly", dt.date(2026, 1, 15)) == (
        dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert presets.period_bounds("annual", dt.date(2026, 3, 1)) == (
        dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_the_new_cycle_job_creates_the_draft_once(app):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["appraisal", "new", "--period", "annual", "--on", "2031-02-01"])
    assert out.exit_code == 0, out.output
    c = db.session.scalar(select(AppraisalCycle).where(AppraisalCycle.name == "2030年度考核"))
    assert c is not None and c.status == "draft" and c.publicity == "company"
    again = runner.invoke(args=["appraisal", "new", "--period", "annual", "--on",
                                "2031-02-01"])
    assert again.exit_code == 0 and "already" in again.output
    bad = runner.invoke(args=["appraisal", "new", "--period", "quarterly"])
    assert bad.exit_code != 0 and "Error" in bad.output
    draft = make_cycle()
    refused = runner.invoke(args=["appraisal", "refresh", "--cycle", str(draft.id)])
    assert refused.exit_code != 0 and "only an open cycle" in refused.output


def test_bonus_export_xlsx_for_payroll(client_as, api_as):
    from openpyxl import load_workbook

    from tests.appraisal.test_consequences import _finalize, _person_with_template

    emp = _person_with_template([ind("quality", 100)])
    cycle = opened_cycle(*month(7), bonus_table=[[0, 0], [60, 500], [90, 2000]])
    _finalize(cycle, emp, 80)
    resp = client_as("hr").get(f"/appraisalview/bonus_export/?cycle_id={cycle.id}"
                               "&format=xlsx")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    ws = load_workbook(io.BytesIO(resp.data)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] and rows[0][-1]  # headers (translated labels)
    mine = [row for row in rows if row[0] == emp.employee_no]
    assert len(mine) == 1 and Decimal(str(mine[0][-1])) == Decimal(500)
    assert db.session.scalar(select(AuditLog.id).where(
        AuditLog.resource == "appraisal", AuditLog.action == "export")) is not None
    board = client_as("hr").get(f"/appraisalboard/?cycle_id={cycle.id}")
    assert "bonus_export" in board.get_data(as_text=True)
    # A page refusal is the core's answer (flash and back), never a 500.
    assert client_as("hr").get("/appraisalview/bonus_export/?cycle_id=abc").status_code == 302

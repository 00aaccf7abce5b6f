"""Consequences: grade bands, bonus by score, 業務限制 after N months below target, the annual
result from the monthly ones, the payroll export; and the refresh job."""
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.appraisal import services
from app.appraisal.models import Appraisal
from app.appraisal.scoring import bonus_for, grade_for, percent
from app.core.errors import Invalid
from app.extensions import db
from tests import factories
from tests.appraisal import records as r
from tests.appraisal.factories import (
    at,
    force_state,
    ind,
    make_position,
    make_template,
    month,
    opened_cycle,
)


def test_grades_and_bonus_follow_the_configured_tables():
    bands = [[90, "優秀"], [75, "良好"], [60, "合格"], [0, "不合格"]]
    assert [grade_for(Decimal(s), bands) for s in ("95", "90", "74.99", "60", "10")] == \
        ["優秀", "優秀", "合格", "合格", "不合格"]
    table = [[0, 0], [60, 300], [90, 1500]]
    assert [bonus_for(Decimal(s), table) for s in ("59.99", "60", "89", "100")] == \
        [Decimal("0.00"), Decimal("300.00"), Decimal("300.00"), Decimal("1500.00")]
    with pytest.raises(Invalid):
        bonus_for(Decimal(70), [[0, 500], [60, 100]])


def test_scoring_rules():
    d = Decimal
    assert percent("linear", d(1), d(2), None, False) == 50
    assert percent("linear", d(5), d(2), None, False) == 100
    assert percent("linear_lower", d(4), d(5), None, False) == 100
    assert percent("linear_lower", d(15), d(10), None, False) == 50
    assert percent("bands", d(3), None, {"bands": [["0", "20"], ["2", "60"], ["4", "100"]]},
                   False) == 60
    assert percent("deduction", d(2), None, {"per_event": "15"}, False) == 70
    assert percent("linear", None, d(2), None, False) == 100  # nothing to measure
    assert percent("linear", None, None, None, True) == 0  # not rated yet


def _person_with_template(indicators):
    position = make_position()
    make_template(indicators, position=position)
    return factories.make_employee("TH-MM", position_id=position.id, status="regular",
                                   hire_date=dt.date(2025, 1, 1))


def _finalize(cycle, emp, score_value):
    a = db.session.scalar(select(Appraisal).where(Appraisal.cycle_id == cycle.id,
                                                  Appraisal.employee_id == emp.id))
    services.apply_scores(a, {"quality": score_value}, require_all=True)
    db.session.commit()
    a = force_state(a, "final")  # the flow itself is tested in test_flow
    services.settle(a)
    db.session.commit()
    return a


@pytest.mark.rule("003.appraisal.restriction")
def test_three_months_below_target_flag_a_business_restriction(app):
    emp = _person_with_template([ind("quality", 100)])
    results = []
    # 2026-03, -04, -05 below target; the flag rises on the third month; a pass clears it.
    for offset, value in ((7, 40), (6, 50), (5, 30), (4, 80)):
        c = opened_cycle(*month(offset), restrict_after=3, pass_score=60)
        a = _finalize(c, emp, value)
        results.append((a.below_target, a.restriction_flag))
    assert results == [(True, False), (True, False), (True, True), (False, False)]


@pytest.mark.rule("000.appraisal.annual")
def test_the_annual_result_aggregates_the_monthly_ones(app):
    emp = _person_with_template([ind("quality", 100)])
    for offset, value in ((9, 70), (8, 90)):  # 2026-01, 2026-02
        _finalize(opened_cycle(*month(offset)), emp, value)
    position_id = emp.position_id
    from app.org.models import Position

    make_template([ind("monthly", 70, "appraisal.monthly_average", target=100),
                   ind("annual_review", 30)], position=db.session.get(Position, position_id),
                  period="annual")
    annual = opened_cycle(dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                   period="annual")
    a = db.session.scalar(select(Appraisal).where(Appraisal.cycle_id == annual.id,
                                                  Appraisal.employee_id == emp.id))
    line = next(x for x in a.lines if x.code == "monthly")
    assert line.value == Decimal("80") and line.score == Decimal("56.00")  # 70 × 80 %
    found = services.indicators(a)[0]["records"]
    assert len(found) == 2 and {x["resource"] for x in found} == {"appraisal"}


def test_refresh_recomputes_and_is_safe_to_run_twice(app):
    emp = _person_with_template([ind("rel", 100, "matching.relationships", target=2)])
    start, end = month(3)
    cycle = opened_cycle(start, end)
    a = db.session.scalar(select(Appraisal).where(Appraisal.cycle_id == cycle.id,
                                                  Appraisal.employee_id == emp.id))
    assert a.score == 0
    client = r.client_of(emp)
    r.match(client, created_at=at(start), relationship_at=at(start + dt.timedelta(days=2)),
            status="relationship")
    runner = app.test_cli_runner()
    for _ in range(2):
        out = runner.invoke(args=["appraisal", "refresh", "--cycle", str(cycle.id)])
        assert out.exit_code == 0, out.output
        assert "0 appraisals created" in out.output
    db.session.expire_all()
    a = db.session.get(Appraisal, a.id)
    assert a.score == Decimal("50.00") and a.lines[0].value == 1
    rows = db.session.scalar(select(db.func.count(Appraisal.id)).where(
        Appraisal.cycle_id == cycle.id, Appraisal.employee_id == emp.id))
    assert rows == 1
    bad = runner.invoke(args=["appraisal", "refresh", "--cycle", "999999"])
    assert bad.exit_code != 0 and "Error" in bad.output


def test_bonus_export_lists_the_final_results(api_as):
    emp = _person_with_template([ind("quality", 100)])
    cycle = opened_cycle(*month(2), bonus_table=[[0, 0], [60, 500], [90, 2000]])
    _finalize(cycle, emp, 95)
    resp = api_as("hr").get(f"/api/v1/appraisal/bonus_export?cycle_id={cycle.id}")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    text = resp.get_data(as_text=True)
    assert f"{emp.employee_no},{emp.name},{emp.department.name},95.00,優秀,2000.00" in text
    assert api_as("hr").get("/api/v1/appraisal/bonus_export?cycle_id=x").status_code == 422
    assert api_as("hr").get("/api/v1/appraisal/bonus_export?cycle_id=999999"
                            ).status_code == 404
    assert api_as("hr").get(f"/api/v1/appraisal/bonus_export?cycle_id={cycle.id}"
                            "&format=pdf").status_code == 422
    # A matchmaker's export holds only her own rows (scope).
    mine = api_as("th_mm1").get(f"/api/v1/appraisal/bonus_export?cycle_id={cycle.id}")
    assert emp.employee_no not in mine.get_data(as_text=True)

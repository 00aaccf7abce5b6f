"""Budgets: department draft → finance consolidates → management approves; lines; closed
years; adjustments make new versions; execution (budget vs actual)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.extensions import db
from app.finance.models import Budget, BudgetLine
from tests.factories import department
from tests.finance import factories as f

NEXT = dt.date.today().year + 1


def _go(api, resource, pk, name, **body):
    return api.post(f"/api/v1/{resource}/{pk}/transition/{name}", json=body)


def _fresh_budget(api, dept_code, year):
    """A draft budget through REST (a year far enough ahead to be unused by other tests)."""
    r = api.post("/api/v1/budget/", json={"year": year, "department_id":
                                          department(dept_code).id})
    assert r.status_code == 201, r.json
    return r.json["id"]


@pytest.mark.rule("004.finance.budget_draft", "000.finance.budget_consolidate",
                  "004.finance.budget_consolidate", "000.finance.budget_approve")
def test_department_drafts_finance_consolidates_boss_approves(api_as):
    cat = f.category()
    head = api_as("mkt_head")
    pk = _fresh_budget(head, "MKT", NEXT + 3)
    assert _go(head, "budget", pk, "submit").status_code == 422  # no lines yet
    r = head.post("/api/v1/budget_line/", json={"budget_id": pk, "category": cat.code,
                                                "kind": "expense", "amount": "5000"})
    assert r.status_code == 201, r.json
    for m in (1, 2):
        assert head.post("/api/v1/budget_line/", json={
            "budget_id": pk, "category": cat.code, "kind": "expense", "month": m,
            "amount": "100.50"}).status_code == 201
    assert _go(head, "budget", pk, "submit").json["state"] == "submitted"
    # Department heads may not consolidate or approve; finance consolidates, boss approves.
    assert _go(head, "budget", pk, "consolidate").status_code == 403
    assert _go(api_as("boss"), "budget", pk, "approve").status_code == 409
    assert _go(api_as("finance"), "budget", pk, "return").status_code == 422
    assert _go(api_as("finance"), "budget", pk, "return", comment="差旅費偏高").json[
        "state"] == "draft"
    assert _go(head, "budget", pk, "submit").json["state"] == "submitted"
    assert _go(api_as("finance"), "budget", pk, "consolidate").json["state"] == "consolidated"
    assert _go(api_as("finance"), "budget", pk, "approve").status_code == 403
    assert _go(api_as("boss"), "budget", pk, "approve").json["state"] == "approved"
    # Approved: lines no longer change directly.
    line_id = db.session.scalar(select(BudgetLine.id).where(BudgetLine.budget_id == pk))
    assert head.put(f"/api/v1/budget_line/{line_id}", json={"amount": "1"}).status_code == 422
    # The overrun reason may still be written.
    assert head.put(f"/api/v1/budget_line/{line_id}",
                    json={"overrun_reason": "活動加場"}).status_code == 200


@pytest.mark.rule("000.finance.budget_closed_year")
def test_closed_year_and_bad_lines_are_422(api_as, db_session):
    fin = api_as("finance")
    past = dt.date.today().year - 1
    r = fin.post("/api/v1/budget/", json={"year": past, "department_id":
                                          department("ADM").id})
    assert r.status_code == 422 and "依據" in r.json["message"]
    b = Budget(year=past, department_id=department("ADM").id, status="draft", version=1)
    db_session.add(b)
    db_session.commit()
    cat = f.category()
    r = fin.post("/api/v1/budget_line/", json={"budget_id": b.id, "category": cat.code,
                                               "kind": "expense", "amount": "10"})
    assert r.status_code == 422 and str(past) in r.json["message"]
    pk = _fresh_budget(fin, "ADM", NEXT + 4)
    for body in ({"amount": "-1"}, {"month": 13}, {"kind": "bribes"},
                 {"category": "NOPE"}):
        r = fin.post("/api/v1/budget_line/", json={
            "budget_id": pk, "category": cat.code, "kind": "expense", "amount": "10", **body})
        assert r.status_code in (400, 422), body


def test_heads_draft_only_their_own_department(api_as):
    r = api_as("mkt_head").post("/api/v1/budget/", json={
        "year": NEXT + 5, "department_id": department("FIN").id})
    assert r.status_code == 422
    assert api_as("th_mm1").post("/api/v1/budget/", json={
        "year": NEXT + 5, "department_id": department("TH-MM").id}).status_code == 403


@pytest.mark.rule("004.finance.budget_adjustment")
def test_adjustment_makes_a_new_version_and_keeps_the_old(api_as):
    cat = f.category()
    line = f.line(cat, 1000, dept_code="YX-CS")
    b = f.budget_of("YX-CS")
    before = b.version
    head = api_as("yx_cs_head")
    r = head.post("/api/v1/budget_adjustment/", json={"budget_id": b.id,
                                                      "reason": "投訴回訪量增加"})
    assert r.status_code == 201, r.json
    adj = r.json["id"]
    assert head.post("/api/v1/budget_adjustment_line/", json={
        "adjustment_id": adj, "category": cat.code, "kind": "expense",
        "delta": "-1500"}).status_code == 201
    r = _go(head, "budget_adjustment", adj, "submit")
    assert r.status_code == 422 and "negative" in r.json["message"].lower() or \
        r.status_code == 422
    # Fix the change: +500 instead.
    from app.finance.models import BudgetAdjustmentLine
    db.session.execute(BudgetAdjustmentLine.__table__.update()
                       .where(BudgetAdjustmentLine.adjustment_id == adj).values(delta=500))
    db.session.commit()
    assert _go(head, "budget_adjustment", adj, "submit").json["state"] == "submitted"
    assert _go(head, "budget_adjustment", adj, "approve").status_code == 403
    assert _go(api_as("boss"), "budget_adjustment", adj, "approve").json["state"] == \
        "approved"
    db.session.expire_all()
    b = db.session.get(Budget, b.id)
    assert b.version == before + 1
    new = db.session.scalars(select(BudgetLine).where(
        BudgetLine.budget_id == b.id, BudgetLine.version == b.version,
        BudgetLine.category == cat.code)).all()
    assert [str(x.amount) for x in new] == ["1500.00"]
    assert db.session.get(BudgetLine, line.id).amount == 1000  # the old version stays
    old = api_as("finance").get(f"/api/v1/budget/{b.id}/execution?version={before}").json
    assert any(x["category"] == cat.code and x["budgeted"] == "1000.00" for x in old["lines"])


@pytest.mark.rule("001.finance.budget_variance", "000.finance.budget_variance")
def test_execution_reports_budgeted_committed_spent_remaining_variance(api_as):
    cat = f.category("warn")
    f.line(cat, 1000, dept_code="TH-CS")
    b = f.budget_of("TH-CS")
    f.claim("th_cs1", cat, 300, status="paid", budget=b)
    f.claim("th_cs1", cat, 200, status="head_approved", budget=b)
    f.claim("th_cs1", cat, 900, status="submitted", budget=b)
    f.claim("th_cs1", cat, 50, status="rejected", budget=b)
    r = api_as("th_cs_head").get(f"/api/v1/budget/{b.id}/execution")
    assert r.status_code == 200
    row = next(x for x in r.json["lines"] if x["category"] == cat.code)
    assert (row["budgeted"], row["committed"], row["spent"], row["remaining"],
            row["variance"], row["overrun"]) == ("1000.00", "1100.00", "300.00", "-400.00",
                                                 "-700.00", True)
    assert api_as("yx_cs_head").get(f"/api/v1/budget/{b.id}/execution").status_code == 404
    assert api_as("finance").get(f"/api/v1/budget/{b.id}/execution?version=x")\
        .status_code == 400


def test_budget_vs_actual_page(client_as):
    cat = f.category("stop")
    f.line(cat, 2000, dept_code="TH-MM")
    f.claim("th_mm1", cat, 2500, status="paid", budget=f.budget_of("TH-MM"))
    html = client_as("finance").get("/budget_vs_actual/").get_data(as_text=True)
    assert "天河红娘部" in html and cat.name in html and "yl-chart-canvas" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "yl-reason-missing" in html
    # Kinds as words, never codes; each bar links to the claims behind it.
    kinds = [k.split("<")[0] for k in html.split('class="yl-kind">')[1:]]
    assert kinds and not {"expense", "capital", "income"} & set(kinds)
    assert "費用" in kinds or "费用" in kinds
    assert f"_flt_0_category_ref={cat.id}" in html
    assert "http://" not in html.split("<body")[-1].split("</body>")[0].replace(
        "http://www.w3.org", "")
    mine = client_as("th_mm_head").get("/budget_vs_actual/").get_data(as_text=True)
    assert "越秀红娘部" not in mine
    assert client_as("th_mm_head").get("/budget_vs_actual/?year=abc").status_code == 200


@pytest.mark.rule("002.finance.budget_draft", "002.finance.budget_consolidate")
def test_postpartum_finance_owner_is_the_admin_department(app, monkeypatch):
    """002: 行政部 consolidates there — a grant of the profile, not a role name in code."""
    from app.finance.permissions import GRANTS, PROFILE_GRANTS
    from app.finance.rules import cite_for

    assert "can_consolidate" in PROFILE_GRANTS["postpartum"]["HR"]["budget"]
    assert "can_consolidate" not in GRANTS["HR"].get("budget", [])
    assert "can_consolidate" in GRANTS["Finance"]["budget"]
    monkeypatch.setitem(app.config, "PROFILE", "postpartum")
    with app.test_request_context("/"):
        assert "行政部對各部門預算進行匯總和審核" in cite_for("budget_consolidate")
        assert "報行政部審核" in cite_for("budget_draft")


def test_budget_vs_actual_shows_what_purchases_hold(app, client_as):
    """Another module's commitment (app.finance.public) is shown on its line, in its column."""
    from app.finance.public import commit_amount
    from tests import factories

    cat = f.category("stop")
    f.line(cat, 5000, dept_code="TH-MM")
    with app.app_context():
        commit_amount(department_id=department("TH-MM").id, year=dt.date.today().year,
                      category=cat.code, amount="1234.50", source="purchase_request",
                      source_id=factories.nextval())
        db.session.commit()
    html = client_as("finance").get("/budget_vs_actual/").get_data(as_text=True)
    assert "其中采购" in html
    row = html.split(f">{cat.name}", 1)[1].split("</tr>", 1)[0]
    assert 'yl-commitments">1234.50<' in row

"""Expense standards (費用標準): a claim over its standard is marked at submit and needs the
extra approval the standard names before finance approves it."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.finance import factories as f

BOOK_000 = "依據《婚介公司經營管理制度》"


def _go(api, pk, name, **body):
    return api.post(f"/api/v1/expense/{pk}/transition/{name}", json=body)


def _submit_and_head(api_as, e):
    assert _go(api_as("th_mm1"), e.id, "submit").json["state"] == "submitted"
    assert _go(api_as("th_mm_head"), e.id, "approve_head").json["state"] == "head_approved"


@pytest.mark.rule("000.finance.expense_standard", "004.finance.expense_standard")
def test_claim_over_a_standard_needs_the_named_approver(api_as):
    cat = f.category("stop")
    f.line(cat, 10000)
    f.standard(cat, 500, approver="Executive")
    e = f.claim("th_mm1", cat, "620.00")
    _submit_and_head(api_as, e)
    shown = api_as("th_mm1").get(f"/api/v1/expense/{e.id}").json["result"]
    assert shown["standard_id"] is not None
    assert "500.00" in shown["standard_note"] and "620.00" in shown["standard_note"]
    assert "總經理" in shown["standard_note"]
    # Finance cannot skip the extra approval: 422 naming who approves, with the clause.
    r = _go(api_as("finance"), e.id, "approve_finance")
    assert r.status_code == 422 and "總經理" in r.json["message"]
    assert BOOK_000 in r.json["message"]
    # A department head may approve standards in general, but this one names management.
    r = _go(api_as("th_manager"), e.id, "approve_standard")
    assert r.status_code == 403 and "總經理" in r.json["message"]
    assert f.state_of(e.id) == "head_approved"
    assert _go(api_as("boss"), e.id, "approve_standard").json["state"] == "standard_approved"
    assert _go(api_as("finance"), e.id, "approve_finance").json["state"] == "finance_approved"
    assert _go(api_as("finance"), e.id, "pay").json["state"] == "paid"


@pytest.mark.rule("000.finance.expense_standard")
def test_claim_within_its_standard_needs_no_extra_step(api_as):
    cat = f.category("stop")
    f.line(cat, 10000)
    f.standard(cat, 500)
    e = f.claim("th_mm1", cat, "500.00")
    _submit_and_head(api_as, e)
    assert api_as("th_mm1").get(f"/api/v1/expense/{e.id}").json["result"]["standard_id"] \
        is None
    assert _go(api_as("boss"), e.id, "approve_standard").status_code == 409
    assert _go(api_as("finance"), e.id, "approve_finance").json["state"] == "finance_approved"


@pytest.mark.rule("004.finance.expense_standard", "002.finance.expense_standard")
def test_monthly_standard_counts_the_persons_month(api_as):
    cat = f.category("warn")
    f.standard(cat, 300, basis="per_month", approver="Finance")
    day = dt.date.today().replace(day=1)
    first = f.claim("th_mm1", cat, 200, spent_on=day)
    assert _go(api_as("th_mm1"), first.id, "submit").json["state"] == "submitted"
    other = f.claim("th_mm2", cat, 250, spent_on=day)  # another person: their own month
    assert _go(api_as("th_mm2"), other.id, "submit").json["state"] == "submitted"
    second = f.claim("th_mm1", cat, 150, spent_on=day)
    _submit_and_head(api_as, second)
    api = api_as("finance")
    note = api.get(f"/api/v1/expense/{second.id}").json["result"]["standard_note"]
    assert "350.00" in note and "300.00" in note
    assert api.get(f"/api/v1/expense/{other.id}").json["result"]["standard_note"] is None
    # The standard names finance: finance gives the extra approval, then approves.
    assert _go(api, second.id, "approve_standard").json["state"] == "standard_approved"
    assert _go(api, second.id, "approve_finance").json["state"] == "finance_approved"


@pytest.mark.rule("000.finance.expense_standard")
def test_the_most_specific_standard_applies(api_as):
    cat = f.category("stop")
    f.line(cat, 10000)
    f.standard(cat, 300)  # company-wide
    f.standard(cat, 800, dept_code="TH")  # the 天河 store and below: a higher limit
    f.standard(cat, 100, dept_code="YX")  # another store's: not for th_mm1
    e = f.claim("th_mm1", cat, 500)
    assert _go(api_as("th_mm1"), e.id, "submit").json["state"] == "submitted"
    assert api_as("th_mm1").get(f"/api/v1/expense/{e.id}").json["result"]["standard_id"] \
        is None
    over = f.claim("th_mm1", cat, 900)
    assert _go(api_as("th_mm1"), over.id, "submit").json["state"] == "submitted"
    assert "800.00" in api_as("th_mm1").get(f"/api/v1/expense/{over.id}").json["result"][
        "standard_note"]


@pytest.mark.rule("000.finance.expense_standard")
def test_role_kind_standard(api_as):
    cat = f.category("stop")
    f.line(cat, 10000)
    f.standard(cat, 100, role_kind="Department head")  # heads: a lower limit
    head = f.claim("th_mm_head", cat, 150)
    assert _go(api_as("th_mm_head"), head.id, "submit").json["state"] == "submitted"
    assert api_as("finance").get(f"/api/v1/expense/{head.id}").json["result"][
        "standard_note"]
    staff = f.claim("th_mm1", cat, 150)
    assert _go(api_as("th_mm1"), staff.id, "submit").json["state"] == "submitted"
    assert api_as("finance").get(f"/api/v1/expense/{staff.id}").json["result"][
        "standard_note"] is None


def test_standard_rest_validation_and_grants(api_as):
    cat = f.category("stop")
    fin = api_as("finance")
    for body in ({"category": cat.code, "basis": "per_claim", "limit": "-5",
                  "approver_kind": "Executive"},
                 {"category": cat.code, "basis": "per_claim", "limit": "0",
                  "approver_kind": "Executive"},
                 {"category": cat.code, "basis": "yearly", "limit": "10",
                  "approver_kind": "Executive"},
                 {"category": cat.code, "basis": "per_claim", "limit": "10",
                  "approver_kind": "Frontline"},
                 {"category": "NOPE", "basis": "per_claim", "limit": "10",
                  "approver_kind": "Executive"}):
        assert fin.post("/api/v1/expense_standard/", json=body).status_code == 422, body
    ok = fin.post("/api/v1/expense_standard/", json={
        "category": cat.code, "basis": "per_month", "limit": "300.50",
        "approver_kind": "Executive"})
    assert ok.status_code == 201, ok.json
    assert api_as("th_mm1").get("/api/v1/expense_standard/").status_code == 200
    assert api_as("th_mm1").post("/api/v1/expense_standard/", json={
        "category": cat.code, "basis": "per_claim", "limit": "1",
        "approver_kind": "Executive"}).status_code == 403


def test_standards_page_shows_words(client_as):
    cat = f.category("stop")
    f.standard(cat, 500, basis="per_month")
    html = client_as("finance").get("/expensestandardview/list/").get_data(as_text=True)
    assert cat.name in html and "per_month" not in html.split("<tbody")[-1]
    form = client_as("finance").get("/expensestandardview/add").get_data(as_text=True)
    assert "總經理" in form

"""Expense claims end to end over REST: receipts, the recorded head, finance, payment."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.finance import factories as f


def _transition(api, pk, name, **body):
    return api.post(f"/api/v1/expense/{pk}/transition/{name}", json=body)


def _file(data=f.PNG, name="发票.png"):
    return {"file": (io.BytesIO(data), name)}


@pytest.mark.rule("004.finance.expense_head", "002.finance.expense_head",
                  "004.finance.expense_finance")
def test_claim_from_draft_to_paid(api_as):
    cat = f.category("stop")
    f.line(cat, 5000)
    mm1 = api_as("th_mm1")
    r = mm1.post("/api/v1/expense/", json={"category": cat.code, "amount": "386.50",
                                           "spent_on": dt.date.today().isoformat(),
                                           "purpose": "客戶約見交通費"})
    assert r.status_code == 201, r.json
    pk = r.json["id"]
    assert r.json["result"]["employee_id"] == f.employee_of("th_mm1").id
    up = mm1.post(f"/api/v1/expense/{pk}/attachments", data=_file(),
                  content_type="multipart/form-data")
    assert up.status_code == 201, up.json
    assert _transition(mm1, pk, "submit").json["state"] == "submitted"
    # Finance cannot skip the head; another department's head is not the recorded head.
    assert _transition(api_as("finance"), pk, "approve_finance").status_code == 409
    assert _transition(api_as("yx_mm_head"), pk, "approve_head").status_code == 404
    assert _transition(api_as("th_cs_head"), pk, "approve_head").status_code in (403, 404)
    assert _transition(api_as("th_mm_head"), pk, "approve_head").json["state"] == \
        "head_approved"
    # Nothing is paid before finance approves.
    assert _transition(api_as("finance"), pk, "pay").status_code == 409
    assert _transition(api_as("finance"), pk, "approve_finance").json["state"] == \
        "finance_approved"
    assert _transition(api_as("finance"), pk, "pay").json["state"] == "paid"
    hist = api_as("finance").get(f"/api/v1/expense/{pk}/history").json["result"]
    assert [h["to_state"] for h in hist if h["action"] == "transition"] == [
        "submitted", "head_approved", "finance_approved", "paid"]
    assert any(h["action"] == "attach" for h in hist)


@pytest.mark.rule("004.finance.expense_receipts")
def test_submit_without_receipt_is_422_with_clause(api_as):
    cat = f.category("stop")
    e = f.claim("th_mm1", cat, 100, with_receipt=False)
    r = _transition(api_as("th_mm1"), e.id, "submit")
    assert r.status_code == 422
    assert "依據" in r.json["message"]
    assert f.state_of(e.id) == "draft"


@pytest.mark.rule("004.finance.expense_reject")
def test_reject_needs_reason_and_goes_back_to_the_employee(api_as):
    cat = f.category("stop")
    e = f.claim("th_mm1", cat, 100, status="submitted")
    head = api_as("th_mm_head")
    assert _transition(head, e.id, "reject").status_code == 422
    assert _transition(head, e.id, "reject", comment="發票抬頭不對").json["state"] == "rejected"
    mm1 = api_as("th_mm1")
    r = mm1.put(f"/api/v1/expense/{e.id}", json={"amount": "90.00"})
    assert r.status_code == 200, r.json
    assert _transition(mm1, e.id, "submit").json["state"] == "submitted"


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1e400", "0.001", None])
def test_bad_amounts_are_422(api_as, amount):
    cat = f.category("stop")
    r = api_as("th_mm1").post("/api/v1/expense/", json={
        "category": cat.code, "amount": amount, "spent_on": dt.date.today().isoformat(),
        "purpose": "x"})
    assert r.status_code in (400, 422), r.json


def test_unknown_category_and_future_date_are_422(api_as):
    mm1 = api_as("th_mm1")
    r = mm1.post("/api/v1/expense/", json={"category": "NOPE", "amount": "10",
                                           "purpose": "x"})
    assert r.status_code == 422
    cat = f.category("stop")
    r = mm1.post("/api/v1/expense/", json={
        "category": cat.code, "amount": "10", "purpose": "x",
        "spent_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()})
    assert r.status_code == 422


def test_submitted_claim_cannot_change_amount(api_as):
    cat = f.category("stop")
    e = f.claim("th_mm1", cat, 100, status="submitted")
    r = api_as("th_mm1").put(f"/api/v1/expense/{e.id}", json={"amount": "999.00"})
    assert r.status_code == 422
    f.db.session.expire_all()
    assert str(f.db.session.get(f.Expense, e.id).amount) == "100.00"


def test_scope_staff_own_heads_department_finance_all(api_as):
    cat = f.category("stop")
    mine = f.claim("th_mm1", cat, 10)
    other = f.claim("th_mm2", cat, 20)
    yx = f.claim("yx_mm1", cat, 30)
    assert api_as("th_mm1").get(f"/api/v1/expense/{mine.id}").status_code == 200
    assert api_as("th_mm1").get(f"/api/v1/expense/{other.id}").status_code == 404
    head = api_as("th_mm_head")
    assert head.get(f"/api/v1/expense/{other.id}").status_code == 200
    assert head.get(f"/api/v1/expense/{yx.id}").status_code == 404
    assert api_as("finance").get(f"/api/v1/expense/{yx.id}").status_code == 200
    assert api_as(None).get(f"/api/v1/expense/{mine.id}").status_code == 401


@pytest.mark.rule("004.finance.payment_tier")
def test_payment_above_the_finance_limit_goes_to_the_next_level(api_as, app, monkeypatch):
    import dataclasses

    from app import profiles

    prof = profiles.PROFILES["matchmaking"]
    monkeypatch.setitem(profiles.PROFILES, "matchmaking", dataclasses.replace(
        prof, approval_limits=(("Finance", 5000), ("Executive", None))))
    cat = f.category("warn")
    e = f.claim("th_mm1", cat, 8000, status="finance_approved")
    r = _transition(api_as("finance"), e.id, "pay")
    assert r.status_code == 403
    assert f.state_of(e.id) == "finance_approved"
    assert _transition(api_as("boss"), e.id, "pay").json["state"] == "paid"
    small = f.claim("th_mm1", cat, 300, status="finance_approved")
    assert _transition(api_as("finance"), small.id, "pay").json["state"] == "paid"


def test_staff_cannot_file_a_claim_for_someone_else(api_as):
    cat = f.category("stop")
    r = api_as("th_mm1").post("/api/v1/expense/", json={
        "employee_id": f.employee_of("th_mm2").id, "category": cat.code, "amount": "10",
        "purpose": "代同事報銷"})
    assert r.status_code == 422
    # The head may file for someone in the department; the claim is the employee's.
    r = api_as("th_mm_head").post("/api/v1/expense/", json={
        "employee_id": f.employee_of("th_mm2").id, "category": cat.code, "amount": "10",
        "purpose": "代同事報銷"})
    assert r.status_code == 201, r.json
    shown = api_as("th_mm2").get(f"/api/v1/expense/{r.json['id']}")
    assert shown.status_code == 200
    assert shown.json["result"]["department_id"] == f.employee_of("th_mm2").department_id


def test_budget_reminder_cli_lists_departments_without_a_submitted_budget(app):
    year = dt.date.today().year + 1
    out = app.test_cli_runner().invoke(args=["finance", "budget-reminder", "--year",
                                             str(year)])
    assert out.exit_code == 0, out.output
    assert f"{year} MKT: draft" in out.output and f"{year} TH-MM: missing" in out.output
    assert f"{year} HQ" not in out.output

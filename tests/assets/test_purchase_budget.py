"""Purchases count against the budget line they name (finance installed): on approval the
amount is committed against the department's approved line; over a ``stop`` line the approval
is refused (422 naming the line and the shortfall, nothing written); a ``warn`` line lets it
through; a rejected request frees its amount; without finance nothing is checked."""
import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.assets import budget as asset_budget
from app.assets.models_purchase import PurchaseRequest
from app.extensions import db
from app.finance.models import Budget, BudgetLine, ExpenseCategory
from tests import factories


def _t(api, pk, name, **body):
    return api.post(f"/api/v1/purchase_request/{pk}/transition/{name}", json=body)


def _line(amount, control="stop", dept="TH-MM") -> str:
    """A new expense category with a line of ``amount`` on the department's approved budget
    of this year; returns the category code."""
    n = factories.nextval()
    cat = ExpenseCategory(code=f"PB{n}", name=f"采購科目{n}", control=control, kind="capital")
    db.session.add(cat)
    dept_id = factories.department(dept).id
    year = dt.date.today().year
    b = db.session.scalar(select(Budget).where(Budget.year == year,
                                               Budget.department_id == dept_id))
    if b is None:
        b = Budget(year=year, department_id=dept_id, status="approved", version=1)
        db.session.add(b)
        db.session.flush()
    assert b.status == "approved"
    db.session.add(BudgetLine(budget_id=b.id, department_id=dept_id, version=b.version,
                              category=cat.code, kind="capital", month=None,
                              amount=Decimal(amount)))
    db.session.commit()
    return cat.code


def _request(api, code, price, quantity=1):
    r = api.post("/api/v1/purchase_request/", json={
        "item": "治療床", "quantity": quantity, "unit_price": price, "reason": "新店開業",
        "budget_line": code})
    assert r.status_code == 201, r.json
    pk = r.json["id"]
    assert _t(api, pk, "submit").status_code == 200
    return pk


def _status(pk):
    db.session.expire_all()
    return db.session.get(PurchaseRequest, pk)


@pytest.mark.rule("purchase.budget", "purchase.budget_002", "purchase.budget_004")
def test_approval_commits_against_the_line_and_stops_over_it(app, api_as):
    with app.app_context():
        code = _line("3000.00")
    staff, head = api_as("th_mm1"), api_as("th_mm_head")
    first = _request(staff, code, "1200.00", 2)         # 2400 of 3000
    assert _t(head, first, "approve").status_code == 200
    with app.app_context():
        row = _status(first)
        assert row.budget_id is not None and row.budget_line == code
    second = _request(staff, code, "700.00")            # 600 left: refused
    r = _t(head, second, "approve")
    assert r.status_code == 422, r.json
    assert "600.00" in r.json["message"] and "100.00" in r.json["message"]
    assert "依據《" in r.json["message"] and r.json.get("shortfall") == "100.00"
    with app.app_context():
        assert _status(second).status == "submitted"    # nothing half-written
        assert _status(second).budget_id is None
    # rejecting the first frees its amount: now the second fits
    assert _t(head, first, "reject", comment="改用租賃").status_code == 200
    r = _t(head, second, "approve")
    assert r.status_code == 200, r.json


def test_warn_line_lets_it_through(app, api_as):
    with app.app_context():
        code = _line("100.00", control="warn")
    pk = _request(api_as("th_mm1"), code, "500.00")
    assert _t(api_as("th_mm_head"), pk, "approve").status_code == 200


def test_unknown_line_is_refused_and_no_budget_means_no_check(app, api_as):
    staff = api_as("th_mm1")
    r = staff.post("/api/v1/purchase_request/", json={
        "item": "椅子", "quantity": 1, "unit_price": "10.00", "reason": "更換",
        "budget_line": "NO-SUCH"})
    assert r.status_code == 422 and r.json.get("field") == "budget_line"
    with app.app_context():
        n = factories.nextval()
        db.session.add(ExpenseCategory(code=f"NB{n}", name=f"無預算科目{n}", control="stop"))
        db.session.commit()
    pk = _request(staff, f"NB{n}", "900.00")  # no approved budget has this line
    assert _t(api_as("th_mm_head"), pk, "approve").status_code == 200
    with app.app_context():
        assert _status(pk).status == "approved" and _status(pk).budget_id is None


def test_without_finance_nothing_is_checked(app, api_as, monkeypatch):
    with app.app_context():
        code = _line("10.00")
    pk = _request(api_as("th_mm1"), code, "50.00")
    monkeypatch.setattr(asset_budget, "finance_installed", lambda: False)
    assert _t(api_as("th_mm_head"), pk, "approve").status_code == 200
    with app.app_context():
        assert _status(pk).budget_id is None


@pytest.mark.rule("purchase.budget")
def test_a_purchase_and_a_claim_never_both_take_the_last_of_a_line(app, api_as, client_as):
    """Through finance's public API: the approved purchase is a commitment the claims'
    control counts; bought, it is spending on the budget execution page."""
    from types import SimpleNamespace

    from app.finance.public import commitment_of
    from tests.finance import factories as fin

    with app.app_context():
        code = _line("1000.00")
    staff, head = api_as("th_mm1"), api_as("th_mm_head")
    pk = _request(staff, code, "700.00")
    assert _t(head, pk, "approve").status_code == 200
    with app.app_context():
        held = commitment_of("purchase_request", pk)
        assert held.status == "committed" and held.amount == Decimal("700.00")
        assert held.budget_id == _status(pk).budget_id
        claim_id = fin.claim("th_mm1", SimpleNamespace(code=code), "400.00").id
    r = api_as("th_mm1").post(f"/api/v1/expense/{claim_id}/transition/submit", json={})
    assert r.status_code == 422 and r.json["shortfall"] == "100.00", r.json
    assert _t(api_as("hr"), pk, "purchase", supplier="某供應商").status_code == 200
    with app.app_context():
        assert commitment_of("purchase_request", pk).status == "spent"
        budget_id = _status(pk).budget_id
    data = api_as("finance").get(f"/api/v1/budget/{budget_id}/execution").json
    line = next(ln for ln in data["lines"] if ln["category"] == code)
    assert (line["spent"], line["commitments"], line["remaining"]) == \
        ("700.00", "700.00", "300.00")
    # approving the same request again is refused by the workflow, the commitment stays one
    assert _t(head, pk, "approve").status_code == 409


def test_reject_after_approval_releases_the_commitment(app, api_as):
    from app.finance.public import commitment_of

    with app.app_context():
        code = _line("500.00")
    pk = _request(api_as("th_mm1"), code, "500.00")
    head = api_as("th_mm_head")
    assert _t(head, pk, "approve").status_code == 200
    assert _t(head, pk, "reject", comment="供應商缺貨").status_code == 200
    with app.app_context():
        assert commitment_of("purchase_request", pk).status == "released"
    other = _request(api_as("th_mm1"), code, "500.00")
    assert _t(head, other, "approve").status_code == 200


def test_concurrent_approvals_never_exceed_the_line(app, api_as, is_postgres):
    """Eight approvals of 400 against a line of 1,000 at once: two fit, six are refused."""
    if not is_postgres:
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole file)")
    with app.app_context():
        code = _line("1000.00")
    staff = api_as("th_mm1")
    pks = [_request(staff, code, "400.00") for _ in range(8)]
    head = api_as("th_mm_head")
    clients = [app.test_client() for _ in pks]
    results = [None] * len(pks)
    barrier = threading.Barrier(len(pks))

    def go(i):
        barrier.wait()
        results[i] = clients[i].post(
            f"/api/v1/purchase_request/{pks[i]}/transition/approve", json={},
            headers=head.headers).status_code

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(pks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 200] + [422] * 6, results

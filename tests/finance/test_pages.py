"""Finance pages render for each role, in scope, and the claim form files a claim."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.extensions import db
from app.finance.models import Expense
from tests.finance import factories as f

LISTS = ["/expenseview/list/", "/budgetview/list/", "/budgetadjustmentview/list/",
         "/expensecategoryview/list/", "/budget_vs_actual/"]


@pytest.mark.parametrize("username", ["finance", "boss", "auditor", "th_mm_head"])
def test_lists_render(client_as, username):
    c = client_as(username)
    for url in LISTS:
        assert c.get(url).status_code == 200, url


def test_staff_see_claims_not_budgets(client_as):
    c = client_as("th_mm1")
    assert c.get("/expenseview/list/").status_code == 200
    assert c.get("/expensecategoryview/list/").status_code == 200
    assert c.get("/budgetview/list/").status_code == 403
    assert c.get("/budget_vs_actual/").status_code == 403


def test_claim_form_files_a_claim_for_the_user(client_as):
    cat = f.category("warn")
    c = client_as("th_mm2")
    assert c.get("/expenseview/add").status_code == 200
    r = c.post("/expenseview/add", data={
        "category_ref": str(cat.id), "amount": "45.50", "spent_on": dt.date.today().isoformat(),
        "purpose": "表單報銷測試"}, follow_redirects=False)
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    e = db.session.scalar(select(Expense).where(Expense.purpose == "表單報銷測試"))
    assert e is not None and e.employee_id == f.employee_of("th_mm2").id
    assert e.department_id == f.employee_of("th_mm2").department_id and e.category == cat.code
    show = c.get(f"/expenseview/show/{e.id}").get_data(as_text=True)
    assert "表單報銷測試" in show and "Attachments" in show or "附件" in show


def test_show_pages_out_of_scope_are_404(client_as):
    e = f.claim("yx_mm1", f.category(), 10)
    assert client_as("th_mm_head").get(f"/expenseview/show/{e.id}").status_code == 404
    b = f.budget_of("YX-MM")
    assert client_as("th_mm_head").get(f"/budgetview/show/{b.id}").status_code == 404
    assert client_as("yx_mm_head").get(f"/budgetview/show/{b.id}").status_code == 200

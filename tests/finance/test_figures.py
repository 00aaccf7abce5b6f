"""Finance figures (service functions, REST, page), contract income against the budget's
income lines, and overrun reasons."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.extensions import db
from app.finance.contracts import Contract, Payment
from tests.factories import make_client, nextval
from tests.finance import factories as f


def _fig(api, name, **q):
    return api.get(f"/api/v1/finance_figures/{name}", query_string=q)


def _contract(dept_code, mm, price, signed_on, received="0.00") -> Contract:
    client = make_client(dept_code, matchmaker=mm)
    c = Contract(contract_no=f"FG{nextval()}", client_id=client.id,
                 department_id=client.department_id, tier="premium",
                 price=Decimal(price), received=Decimal(received), signed_on=signed_on,
                 status="active")
    db.session.add(c)
    db.session.commit()
    return c


def _payment(c: Contract, amount, paid_on=None) -> Payment:
    p = Payment(contract_id=c.id, department_id=c.department_id, kind="instalment",
                amount=Decimal(str(amount)), paid_on=paid_on or dt.date.today(),
                receipt_no=f"FR{nextval()}")
    db.session.add(p)
    c.received = Decimal(str(c.received)) + Decimal(str(amount))
    db.session.commit()
    return p


def _dept_row(api, name):
    rows = _fig(api, "budget_execution").json["departments"]
    return next((r for r in rows if r["department"] == name), None)


@pytest.mark.rule("000.finance.budget_variance")
def test_budget_execution_and_claims_by_category(api_as):
    fin = api_as("finance")
    before = _dept_row(fin, "天河客服部")
    cat = f.category("warn")
    f.line(cat, 1000, dept_code="TH-CS")
    b = f.budget_of("TH-CS")
    f.claim("th_cs1", cat, 300, status="paid", budget=b)
    f.claim("th_cs1", cat, 200, status="submitted", budget=b)
    f.claim("th_cs1", cat, 999, status="rejected", budget=b)
    after = _dept_row(fin, "天河客服部")
    assert Decimal(after["budgeted"]) - Decimal(before["budgeted"]) == 1000
    assert Decimal(after["spent"]) - Decimal(before["spent"]) == 300
    assert Decimal(after["committed"]) - Decimal(before["committed"]) == 200
    month = dt.date.today().month - 1
    assert Decimal(after["by_month"][month]) - Decimal(before["by_month"][month]) == 500
    cats = _fig(fin, "claims_by_category").json["categories"]
    row = next(r for r in cats if r["category"] == cat.code)
    assert (row["count"], row["amount"]) == (2, "500.00")
    # A head sees their department's figures only.
    mine = _fig(api_as("th_cs_head"), "budget_execution").json["departments"]
    assert {r["department"] for r in mine} <= {"天河客服部"}
    assert _dept_row(api_as("yx_cs_head"), "天河客服部") is None


def test_receivables_ageing_and_cash_flow(api_as):
    fin = api_as("finance")
    today = dt.date.today()
    before = {b["bucket"]: b for b in _fig(fin, "receivables_ageing").json["buckets"]}
    cash_before = _fig(fin, "cash_flow", year=today.year).json["months"][today.month - 1]
    for days in (10, 45, 75, 120):  # one contract per ageing bucket
        _contract("TH-MM", "th_mm1", "1000.00", today - dt.timedelta(days=days))
    paid = _contract("TH-MM", "th_mm1", "500.00", today - dt.timedelta(days=5))
    _payment(paid, 200)
    after = {b["bucket"]: b for b in _fig(fin, "receivables_ageing").json["buckets"]}
    for bucket in ("31-60", "61-90", "90+"):
        assert after[bucket]["count"] - before[bucket]["count"] == 1
        assert Decimal(after[bucket]["balance"]) - Decimal(before[bucket]["balance"]) == 1000
    assert Decimal(after["0-30"]["balance"]) - Decimal(before["0-30"]["balance"]) == 1300
    cat = f.category("warn")
    e = f.claim("th_mm1", cat, 80, status="paid")
    e.paid_at = dt.datetime.now()
    db.session.commit()
    cash = _fig(fin, "cash_flow", year=today.year).json["months"][today.month - 1]
    assert Decimal(cash["cash_in"]) - Decimal(cash_before["cash_in"]) == 200
    assert Decimal(cash["cash_out"]) - Decimal(cash_before["cash_out"]) == 80


def test_figures_rest_refusals(api_as):
    assert _fig(api_as("finance"), "nope").status_code == 404
    assert _fig(api_as("finance"), "cash_flow", year="20x").status_code == 400
    assert _fig(api_as("finance"), "cash_flow", year="1900").status_code == 400
    assert _fig(api_as(None), "cash_flow").status_code == 401
    assert _fig(api_as("th_mm1"), "cash_flow").status_code == 403
    assert _fig(api_as("auditor"), "claims_by_category").status_code == 200


def test_figures_page_draws_local_charts_linking_to_lists(client_as):
    html = client_as("finance").get("/finance_figures/").get_data(as_text=True)
    assert html.count("yl-chart-canvas") == 5
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "/expenseview/list/?_flt_0_department=" in html.replace("&#34;", '"')
    assert "/contractview/list/?" in html
    # The lists behind the bars open with their filters (FAB's own filter arguments).
    import html as htmllib
    import re

    links = set(re.findall(r'"(/(?:expense|contract|payment)view/list/\?[^"]*)"',
                           htmllib.unescape(html)))
    assert links
    for link in sorted(links):
        link = link.replace("\\u0026", "&")  # tojson escapes & inside the spec
        got = client_as("finance").get(link)
        assert got.status_code == 200, link
    assert "https://" not in html.split("<body")[-1]
    assert client_as("finance").get("/finance_figures/?year=abc").status_code == 200
    assert "access" in client_as("th_mm1").get("/finance_figures/",
                                               follow_redirects=True).get_data(as_text=True)


@pytest.mark.rule("000.finance.income_actual", "002.finance.income_actual",
                  "004.finance.income_actual")
def test_contract_income_is_the_actual_of_the_income_line(api_as):
    b = f.budget_of("TH")  # the store's budget carries the SERVICE income line
    fin = api_as("finance")
    row = next(r for r in fin.get(f"/api/v1/budget/{b.id}/execution").json["lines"]
               if r["kind"] == "income")
    c = _contract("TH-MM", "th_mm1", "30000.00", dt.date.today())  # a store department
    _payment(c, "12345.67")
    other = _contract("YX-MM", "yx_mm1", "30000.00", dt.date.today())
    _payment(other, "1000.00")  # another store: not this budget's income
    after = next(r for r in fin.get(f"/api/v1/budget/{b.id}/execution").json["lines"]
                 if r["id"] == row["id"])
    assert Decimal(after["spent"]) - Decimal(row["spent"]) == Decimal("12345.67")
    assert after["committed"] == "0.00" and after["overrun"] is False
    assert Decimal(after["variance"]) == Decimal(after["spent"]) - Decimal(after["budgeted"])


@pytest.mark.rule("000.finance.overrun_reason", "001.finance.overrun_reason",
                  "002.finance.overrun_reason")
def test_overrun_reason_required_recorded_and_shown(api_as, client_as):
    cat = f.category("warn")
    within = f.line(cat, 5000, dept_code="TH-MM", month=1)
    line = f.line(cat, 100, dept_code="TH-MM")
    f.claim("th_mm1", cat, 150, status="paid", budget=f.budget_of("TH-MM"),
            spent_on=dt.date.today().replace(month=2, day=1)
            if dt.date.today().month > 1 else dt.date.today())
    head = client_as("th_mm_head")
    page = head.get("/budget_vs_actual/").get_data(as_text=True)
    assert f'data-line="{line.id}"' in page and "yl-reason-form" in page
    url = f"/budget_vs_actual/reason/{line.id}"
    r = head.post(url, data={"overrun_reason": "  "}, follow_redirects=True)
    assert "依據" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(line), line.id).overrun_reason is None
    if dt.date.today().month > 1:  # the January line is within budget: no reason asked
        r = head.post(f"/budget_vs_actual/reason/{within.id}",
                      data={"overrun_reason": "x"}, follow_redirects=True)
        assert db.session.get(type(line), within.id).overrun_reason is None
    head.post(url, data={"overrun_reason": "客戶活動增加，交通費超支"})
    db.session.expire_all()
    assert db.session.get(type(line), line.id).overrun_reason == "客戶活動增加，交通費超支"
    page = head.get("/budget_vs_actual/").get_data(as_text=True)
    assert "客戶活動增加，交通費超支" in page
    # Out of scope: another store's head cannot record it; staff cannot either.
    client_as("yx_mm_head").post(url, data={"overrun_reason": "nope"})
    client_as("th_mm1").post(url, data={"overrun_reason": "nope"})
    db.session.expire_all()
    assert db.session.get(type(line), line.id).overrun_reason == "客戶活動增加，交通費超支"
    # Once given it is not cleared (REST edit).
    r = api_as("finance").put(f"/api/v1/budget_line/{line.id}", json={"overrun_reason": ""})
    assert r.status_code == 422

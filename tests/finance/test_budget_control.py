"""Budget control at submit and at each approval: stop refuses, warn flags; monthly lines
accumulate; nothing overspends when approvals race (PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest

from tests.finance import factories as f


def _go(api, pk, name, **body):
    return api.post(f"/api/v1/expense/{pk}/transition/{name}", json=body)


@pytest.mark.rule("000.finance.budget_control")
def test_stop_line_refuses_submit_naming_line_and_shortfall(api_as):
    cat = f.category("stop")
    f.line(cat, 1000)
    f.claim("th_mm2", cat, 700, status="head_approved", budget=f.budget_of())
    e = f.claim("th_mm1", cat, 500)
    r = _go(api_as("th_mm1"), e.id, "submit")
    assert r.status_code == 422
    assert cat.name in r.json["message"] and "200.00" in r.json["message"]
    assert r.json["line"].endswith(cat.name)  # the line in words, not the category code
    assert r.json["shortfall"] == "200.00"
    assert "依據《婚介公司經營管理制度》" in r.json["message"]
    assert f.state_of(e.id) == "draft"


@pytest.mark.rule("000.finance.budget_control")
def test_warn_line_lets_it_through_flagged(api_as):
    cat = f.category("warn")
    f.line(cat, 100)
    e = f.claim("th_mm1", cat, 150)
    r = _go(api_as("th_mm1"), e.id, "submit")
    assert r.json["state"] == "submitted"
    shown = api_as("th_mm_head").get(f"/api/v1/expense/{e.id}").json["result"]
    assert "50.00" in shown["budget_warning"]
    assert shown["budget_id"] == f.budget_of().id


def test_submitted_claims_count_at_submit_but_not_against_an_approval(api_as):
    cat = f.category("stop")
    f.line(cat, 1000)
    b = f.budget_of()
    a = f.claim("th_mm1", cat, 600, status="submitted", budget=b)
    c = f.claim("th_mm2", cat, 600, status="submitted", budget=b)
    head = api_as("th_mm_head")
    assert _go(head, a.id, "approve_head").json["state"] == "head_approved"
    r = _go(head, c.id, "approve_head")
    assert r.status_code == 422 and r.json["shortfall"] == "200.00"
    late = f.claim("th_mm1", cat, 500)
    assert _go(api_as("th_mm1"), late.id, "submit").status_code == 422


def test_monthly_line_is_checked_accumulated_to_the_month(api_as):
    cat = f.category("stop")
    month = dt.date.today().month
    for m in range(1, 13):
        f.line(cat, 100, month=m)
    e = f.claim("th_mm1", cat, Decimal(100 * month + 1))
    r = _go(api_as("th_mm1"), e.id, "submit")
    assert r.status_code == 422 and r.json["shortfall"] == "1.00"
    ok = f.claim("th_mm1", cat, Decimal(100 * month))
    assert _go(api_as("th_mm1"), ok.id, "submit").json["state"] == "submitted"


def test_category_without_budget_line_is_not_controlled(api_as):
    cat = f.category("stop")
    e = f.claim("th_mm1", cat, 99999)
    assert _go(api_as("th_mm1"), e.id, "submit").json["state"] == "submitted"


def test_only_the_approved_budget_counts(api_as, db_session):
    from app.finance.models import Budget, BudgetLine

    cat = f.category("stop")
    draft = db_session.get(Budget, f.budget_of("MKT", dt.date.today().year + 1).id)
    db_session.add(BudgetLine(budget_id=draft.id, department_id=draft.department_id,
                              version=1, category=cat.code, kind="expense", amount=10))
    db_session.commit()
    e = f.claim("mkt_head", cat, 50)
    assert _go(api_as("mkt_head"), e.id, "submit").json["state"] == "submitted"


def _approve_in_thread(app, username, pk, results, barrier):
    from flask import g
    from flask_login import login_user

    from app.core.errors import ServiceError
    from app.extensions import db
    from app.finance.workflows import EXPENSE_WORKFLOW

    with app.app_context(), app.test_request_context("/"):
        user = app.appbuilder.sm.find_user(username=username)
        login_user(user)
        g.user = user
        barrier.wait()
        try:
            EXPENSE_WORKFLOW.run(pk, "approve_finance")
            results.append(("ok", pk))
        except ServiceError as err:
            results.append((err.status, pk))
        finally:
            db.session.rollback()
            db.session.remove()


@pytest.mark.rule("000.finance.budget_control")
def test_eight_simultaneous_approvals_against_the_last_1000_approve_only_what_fits(
        app, is_postgres):
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from app.extensions import db
    from app.finance.control import _used

    cat = f.category("stop")
    f.line(cat, 10000)
    b = f.budget_of()
    f.claim("th_mm2", cat, 9000, status="paid", budget=b)
    claims = [f.claim("th_mm1", cat, 300, status="head_approved", budget=b)
              for _ in range(8)]
    results, barrier = [], threading.Barrier(8)
    threads = [threading.Thread(target=_approve_in_thread,
                                args=(app, "finance", c.id, results, barrier))
               for c in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ok = [pk for status, pk in results if status == "ok"]
    refused = [status for status, _ in results if status != "ok"]
    assert len(ok) == 3 and refused == [422] * 5, results
    db.session.expire_all()
    used = _used(b.id, cat.code, ("finance_approved", "paid"), None,
                 year=dt.date.today().year)
    assert used == Decimal("9900.00")


@pytest.mark.rule("002.finance.budget_control", "004.finance.budget_control")
@pytest.mark.parametrize("profile,book", [("postpartum", "產後修復中心管理制度"),
                                          ("agency", "代理公司運營管理制度")])
def test_refusal_cites_the_running_profiles_book(api_as, app, monkeypatch, profile, book):
    monkeypatch.setitem(app.config, "PROFILE", profile)
    cat = f.category("stop")
    f.line(cat, 100)
    e = f.claim("th_mm1", cat, 101)
    r = _go(api_as("th_mm1"), e.id, "submit")
    assert r.status_code == 422 and f"依據《{book}》" in r.json["message"]

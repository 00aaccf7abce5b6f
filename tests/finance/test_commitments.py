"""Finance's public commitment API (app/finance/public.py): other modules commit, release
and spend amounts against a budget line, idempotently per source record; claims' control and
the execution count them, so a commitment and a claim never both take the last of a line."""
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.core.errors import Conflict, Invalid
from app.core.scope import unscoped
from app.extensions import db
from app.finance import public
from app.finance.models import BudgetCommitment
from tests.factories import department, nextval
from tests.finance import factories as f

YEAR = dt.date.today().year


def _go(api, pk, name, **body):
    return api.post(f"/api/v1/expense/{pk}/transition/{name}", json=body)


def _dept(code="TH-MM") -> int:
    with unscoped():
        return department(code).id


def _commit(cat, amount, source_id=None, *, dept="TH-MM", **kw):
    return public.commit_amount(department_id=_dept(dept), year=YEAR,
                                category=cat.code, amount=amount, source="test_purchase",
                                source_id=source_id or nextval(), **kw)


def _rows(source_id=None) -> int:
    stmt = select(func.count(BudgetCommitment.id))
    if source_id is not None:
        stmt = stmt.where(BudgetCommitment.source_id == source_id,
                          BudgetCommitment.source == "test_purchase")
    with unscoped():
        return db.session.scalar(stmt)


def _line_row(budget_id, code):
    from app.finance.budgets import execution

    return next(r for r in execution(budget_id)["lines"] if r["category"] == code)


@pytest.mark.rule("000.finance.budget_control")
def test_a_commitment_counts_against_claims(app, api_as):
    cat = f.category("stop")
    f.line(cat, 1000)
    with app.test_request_context("/"):
        held = _commit(cat, "700.00")
        db.session.commit()
    assert held.budget_id == f.budget_of().id and held.status == "committed"
    assert held.remaining == Decimal("300.00")
    e = f.claim("th_mm1", cat, 400)
    r = _go(api_as("th_mm1"), e.id, "submit")
    assert r.status_code == 422 and r.json["shortfall"] == "100.00", r.json
    assert f.state_of(e.id) == "draft"
    ok = f.claim("th_mm1", cat, 300)
    assert _go(api_as("th_mm1"), ok.id, "submit").json["state"] == "submitted"


@pytest.mark.rule("000.finance.budget_control")
def test_claims_count_against_a_commitment_and_a_refusal_writes_nothing(app):
    cat = f.category("stop")
    f.line(cat, 1000)
    f.claim("th_mm2", cat, 700, status="finance_approved", budget=f.budget_of())
    f.claim("th_mm2", cat, 500, status="submitted", budget=f.budget_of())  # not final yet
    sid = nextval()
    before = _rows()
    with app.test_request_context("/"):
        with pytest.raises(Invalid) as err:
            _commit(cat, "400.00", sid)
        db.session.rollback()
    assert err.value.status == 422 and err.value.details["shortfall"] == "100.00"
    assert "300.00" in err.value.message and "依據《" in err.value.message
    assert err.value.details["field"] == "amount"
    assert _rows() == before
    with app.test_request_context("/"):
        with pytest.raises(Invalid) as err:
            _commit(cat, "400.00", sid, clause="依據《測試制度》第一條", field="budget_line")
    assert err.value.message.endswith("（依據《測試制度》第一條）")
    assert err.value.details["field"] == "budget_line"


def test_commit_release_spend_are_idempotent_per_source(app):
    cat = f.category("stop")
    f.line(cat, 1000)
    sid = nextval()
    with app.test_request_context("/"):
        first = _commit(cat, "600.00", sid)
        again = _commit(cat, "600.00", sid)
        db.session.commit()
        assert (first.budget_id, first.amount) == (again.budget_id, again.amount)
        assert _rows(sid) == 1
        # a changed amount is checked again, excluding its own earlier amount
        assert _commit(cat, "1000.00", sid).amount == Decimal("1000.00")
        with pytest.raises(Invalid):
            _commit(cat, "1000.01", sid)
        db.session.rollback()
        assert public.release_amount(source="test_purchase", source_id=sid,
                                     reason="取消").status == "released"
        assert public.release_amount(source="test_purchase", source_id=sid).status == \
            "released"
        db.session.commit()
        assert public.commitment_of("test_purchase", sid).status == "released"
        with pytest.raises(Conflict):
            public.spend_amount(source="test_purchase", source_id=sid)
        # committing again after a release checks again and holds it again
        assert _commit(cat, "1000.00", sid).status == "committed"
        assert public.spend_amount(source="test_purchase", source_id=sid).status == "spent"
        assert public.spend_amount(source="test_purchase", source_id=sid).status == "spent"
        assert _commit(cat, "1000.00", sid).status == "spent"  # a retried approval
        with pytest.raises(Conflict):
            public.release_amount(source="test_purchase", source_id=sid)
        db.session.commit()
        assert public.release_amount(source="test_purchase", source_id=nextval()) is None
        assert public.spend_amount(source="test_purchase", source_id=nextval()) is None
    assert _rows(sid) == 1
    row = db.session.scalar(select(BudgetCommitment).where(
        BudgetCommitment.source_id == sid, BudgetCommitment.source == "test_purchase"))
    assert row.status == "spent" and row.spent_at is not None and row.note == "取消"


def test_the_execution_and_figures_count_commitments(app, as_user, client_as):
    from app.finance.figures import budget_execution

    dept_id = _dept()

    def figure():  # as_user ends with the session removed: read what is needed first
        with as_user("finance"):
            return next(d for d in budget_execution(YEAR)["departments"]
                        if d["department_id"] == dept_id)

    before = figure()
    cat = f.category("stop")
    f.line(cat, 1000)
    b = f.budget_of()
    f.claim("th_mm2", cat, 100, status="paid", budget=b)
    sid = nextval()
    with as_user("th_mm_head"):
        _commit(cat, "250.00", sid)
        _commit(cat, "50.00")
        public.spend_amount(source="test_purchase", source_id=sid, amount="240.00")
        db.session.commit()
        row = _line_row(b.id, cat.code)
    after = figure()
    assert (row["committed"], row["spent"], row["commitments"]) == ("50.00", "340.00",
                                                                     "290.00")
    assert row["remaining"] == "610.00" and not row["overrun"]
    assert Decimal(after["spent"]) - Decimal(before["spent"]) == Decimal("340.00")
    assert Decimal(after["committed"]) - Decimal(before["committed"]) == Decimal("50.00")
    assert Decimal(after["budgeted"]) - Decimal(before["budgeted"]) == Decimal("1000.00")
    assert Decimal(after["remaining"]) - Decimal(before["remaining"]) == Decimal("610.00")
    page = client_as("finance").get(f"/budget_vs_actual/?year={YEAR}")
    assert page.status_code == 200 and "610.00" in page.get_data(as_text=True)


def test_warn_line_and_no_budget_line(app):
    warn = f.category("warn")
    f.line(warn, 100)
    free = f.category("stop")  # no line anywhere: recorded, not controlled
    with app.test_request_context("/"):
        w = _commit(warn, "150.00")
        n = _commit(free, "99999.00")
        db.session.commit()
    assert w.status == "committed" and "50.00" in w.warning
    assert n.budget_id is None and n.remaining is None and n.warning is None


def test_monthly_lines_take_the_commitment_in_its_month(app):
    cat = f.category("stop")
    for m in range(1, 13):
        f.line(cat, 100, month=m)
    with app.test_request_context("/"):
        with pytest.raises(Invalid) as err:
            _commit(cat, "301.00", month=3)
        db.session.rollback()
        assert err.value.details["shortfall"] == "1.00"
        assert _commit(cat, "300.00", month=3).status == "committed"
        db.session.commit()


BAD = [
    ({"department_id": 0}, "department_id"),
    ({"department_id": 10**9}, "department_id"),
    ({"department_id": "x"}, "department_id"),
    ({"year": 1999}, "year"),
    ({"year": True}, "year"),
    ({"year": 2026.5}, "year"),
    ({"month": 13}, "month"),
    ({"month": 0}, "month"),
    ({"category": "NO-SUCH-LINE"}, "category"),
    ({"category": None}, "category"),
    ({"amount": "0"}, "amount"),
    ({"amount": "-5.00"}, "amount"),
    ({"amount": "1.005"}, "amount"),
    ({"amount": "abc"}, "amount"),
    ({"amount": "NaN"}, "amount"),
    ({"amount": "1e20"}, "amount"),
    ({"amount": None}, "amount"),
    ({"source": ""}, "source"),
    ({"source": "Purchase Request"}, "source"),
    ({"source": "x" * 41}, "source"),
    ({"source": None}, "source"),
    ({"source_id": 0}, "source_id"),
    ({"source_id": -3}, "source_id"),
    ({"source_id": "abc"}, "source_id"),
    ({"source_id": None}, "source_id"),
]


@pytest.mark.parametrize("change,field", BAD)
def test_bad_input_is_a_clear_422_and_writes_nothing(app, change, field):
    cat = f.category("stop")
    f.line(cat, 1000)
    args = dict(department_id=_dept(), year=YEAR, category=cat.code,
                amount="10.00", source="test_purchase", source_id=nextval())
    args.update(change)
    before = _rows()
    with app.test_request_context("/?_l_=zh"):
        with pytest.raises(Invalid) as err:
            public.commit_amount(**args)
        db.session.rollback()
    assert err.value.status == 422 and err.value.details.get("field") == field
    assert err.value.message and "Traceback" not in err.value.message
    assert _rows() == before


@pytest.mark.parametrize("call,kw,field", [
    ("release_amount", {"source": "a b", "source_id": 1}, "source"),
    ("release_amount", {"source": "x", "source_id": 1, "reason": "x" * 2001}, "reason"),
    ("release_amount", {"source": "x", "source_id": 1, "reason": 5}, "reason"),
    ("spend_amount", {"source": "x", "source_id": 0}, "source_id"),
    ("spend_amount", {"source": "x", "source_id": 1, "amount": "-1"}, "amount"),
])
def test_bad_input_to_release_and_spend(app, call, kw, field):
    with app.test_request_context("/"):
        with pytest.raises(Invalid) as err:
            getattr(public, call)(**kw)
    assert err.value.status == 422 and err.value.details.get("field") == field


def test_messages_are_translated(app):
    from flask_babel import force_locale

    with app.test_request_context("/"), force_locale("zh"):
        with pytest.raises(Invalid) as err:
            public.commit_amount(department_id=_dept(), year=YEAR,
                                 category="T", amount="1.00", source="Bad Source",
                                 source_id=1)
        assert "来源" in err.value.message
    cat = f.category("stop")
    f.line(cat, 10)
    with app.test_request_context("/"), force_locale("zh_Hant_TW"):
        with pytest.raises(Invalid) as err:
            _commit(cat, "11.00")
        assert "本次占用" in err.value.message and "超出預算" in err.value.message


def _in_thread(app, username, run, results, barrier):
    from flask import g
    from flask_login import login_user

    from app.core.errors import ServiceError

    with app.app_context(), app.test_request_context("/"):
        user = app.appbuilder.sm.find_user(username=username)
        login_user(user)
        g.user = user
        barrier.wait()
        try:
            run()
            results.append("ok")
        except ServiceError as err:
            results.append(err.status)
        finally:
            db.session.rollback()
            db.session.remove()


@pytest.mark.rule("000.finance.budget_control")
def test_eight_simultaneous_commitments_and_claims_take_exactly_what_fits(app, is_postgres):
    """Four purchases approved (commitments) and four claims approved by finance at once,
    300 each, against the last 1,000 of a line: exactly three go through, whichever."""
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from app.finance.control import _used
    from app.finance.workflows import EXPENSE_WORKFLOW

    cat = f.category("stop")
    f.line(cat, 10000)
    b = f.budget_of()
    f.claim("th_mm2", cat, 9000, status="paid", budget=b)
    claims = [f.claim("th_mm1", cat, 300, status="head_approved", budget=b)
              for _ in range(4)]
    runs = [("finance", lambda pk=c.id: EXPENSE_WORKFLOW.run(pk, "approve_finance"))
            for c in claims]

    def commit_and_commit():
        _commit(cat, "300.00")
        db.session.commit()

    runs += [("th_mm_head", commit_and_commit) for _ in range(4)]
    results, barrier = [], threading.Barrier(len(runs))
    threads = [threading.Thread(target=_in_thread, args=(app, u, run, results, barrier))
               for u, run in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results, key=str) == sorted(["ok"] * 3 + [422] * 5, key=str), results
    db.session.expire_all()
    used = _used(b.id, cat.code, ("finance_approved", "paid"), None, year=YEAR)
    assert used == Decimal("9900.00")


def test_the_line_of_a_department_above_counts_whatever_the_callers_scope(app, as_user):
    """The store's line covers its departments: a commitment made in a request of the
    department head (whose scope does not reach the store's budget) still counts on it."""
    cat = f.category("stop")
    f.line(cat, 800, dept_code="TH")
    store_budget = f.budget_of("TH").id
    with as_user("th_mm_head"):
        held = _commit(cat, "500.00")
        db.session.commit()
        with pytest.raises(Invalid) as err:
            _commit(cat, "301.00")
    assert held.budget_id == store_budget and err.value.details["shortfall"] == "1.00"

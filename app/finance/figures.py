"""Finance figures (issue 12 item 6): budget execution by department and month, claims by
category, receivables ageing, cash in / out per month.

Service functions: appraisals read them (財務部 KPIs), the REST endpoints and the figures page
show them. Every query runs in the caller's data scope (the core adds it), so a department head
sees their department's figures and finance the company's. Money is Decimal, given out as
strings with two places; each figure carries the list filter behind it (``link``).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select

from app.finance.contracts import Contract, Payment
from app.finance.control import COMMITMENT_USED, COMMITTED_STATES, SPENT_STATES, ZERO
from app.finance.models import Budget, BudgetCommitment, BudgetLine, Expense, ExpenseCategory

USED_STATES = COMMITTED_STATES + SPENT_STATES
EXPENSE_KINDS = ("expense", "cost", "capital", "fund")
# Receivables ageing buckets by days since the contract was signed: (label, low, high).
AGEING = (("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None))


def _q(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _s(value) -> str:
    return str(_q(value))


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def budget_execution(year: int) -> dict:
    """Per department with an approved budget for ``year``: expense lines budgeted, claims
    and other modules' commitments (purchases) committed and spent (by month and for the
    year), remaining (available) and the rate used."""
    from app.extensions import db

    first, after = _year_range(year)
    budgeted = dict(db.session.execute(
        select(Budget.department_id, func.sum(BudgetLine.amount))
        .join(BudgetLine, (BudgetLine.budget_id == Budget.id)
              & (BudgetLine.version == Budget.version))
        .where(Budget.year == year, Budget.status == "approved",
               BudgetLine.kind.in_(EXPENSE_KINDS))
        .group_by(Budget.department_id)).all())
    month = extract("month", Expense.spent_on)
    rows = db.session.execute(
        select(Budget.department_id, month, Expense.status, func.sum(Expense.amount))
        .join(Budget, Budget.id == Expense.budget_id)
        .where(Expense.spent_on >= first, Expense.spent_on < after,
               Expense.status.in_(USED_STATES))
        .group_by(Budget.department_id, month, Expense.status)).all()
    # Other modules' commitments against the budgets (purchases): committed or spent.
    held = db.session.execute(
        select(Budget.department_id, BudgetCommitment.month, BudgetCommitment.status,
               func.sum(BudgetCommitment.amount))
        .join(Budget, Budget.id == BudgetCommitment.budget_id)
        .where(BudgetCommitment.year == year, BudgetCommitment.status.in_(COMMITMENT_USED))
        .group_by(Budget.department_id, BudgetCommitment.month,
                  BudgetCommitment.status)).all()
    rows = [*rows, *[(d, m, "paid" if st == "spent" else "submitted", t)
                     for d, m, st, t in held]]
    from app.org.models import Department

    names = dict(db.session.execute(select(Department.id, Department.name)).all())
    out: dict[int, dict] = {}
    for dept_id in budgeted:
        out[dept_id] = {"department_id": dept_id, "department": names.get(dept_id, ""),
                        "budgeted": _q(budgeted[dept_id]), "committed": ZERO, "spent": ZERO,
                        "by_month": [ZERO] * 12}
    for dept_id, m, status, total in rows:
        slot = out.setdefault(dept_id, {
            "department_id": dept_id, "department": names.get(dept_id, ""), "budgeted": ZERO,
            "committed": ZERO, "spent": ZERO, "by_month": [ZERO] * 12})
        slot["spent" if status in SPENT_STATES else "committed"] += _q(total)
        slot["by_month"][int(m) - 1] += _q(total)
    result = []
    for slot in sorted(out.values(), key=lambda r: r["department"]):
        used = slot["committed"] + slot["spent"]
        result.append({**slot, "budgeted": str(slot["budgeted"]),
                       "committed": str(slot["committed"]), "spent": str(slot["spent"]),
                       "remaining": str(slot["budgeted"] - used),
                       "rate": str((used / slot["budgeted"] * 100).quantize(Decimal("0.1")))
                       if slot["budgeted"] else None,
                       "by_month": [str(v) for v in slot["by_month"]]})
    return {"year": year, "departments": result}


def claims_by_category(year: int) -> dict:
    """Claims spent in ``year`` (submitted to paid) per category: count and amount."""
    from app.extensions import db

    first, after = _year_range(year)
    rows = db.session.execute(
        select(ExpenseCategory.id, ExpenseCategory.code, ExpenseCategory.name,
               func.count(Expense.id), func.sum(Expense.amount))
        .join(Expense, Expense.category == ExpenseCategory.code)
        .where(Expense.spent_on >= first, Expense.spent_on < after,
               Expense.status.in_(USED_STATES))
        .group_by(ExpenseCategory.id, ExpenseCategory.code, ExpenseCategory.name)
        .order_by(ExpenseCategory.code)).all()
    return {"year": year, "categories": [
        {"category_id": cid, "category": code, "name": name, "count": n, "amount": _s(total)}
        for cid, code, name, n, total in rows]}


def receivables_ageing(today: dt.date | None = None) -> dict:
    """Balances to receive on active contracts, by days since signing."""
    from app.extensions import db

    today = today or dt.date.today()
    rows = db.session.execute(
        select(Contract.signed_on, Contract.price - Contract.received)
        .where(Contract.status == "active", Contract.price > Contract.received)).all()
    buckets = [{"bucket": label, "low": low, "high": high, "count": 0, "balance": ZERO}
               for label, low, high in AGEING]
    for signed_on, balance in rows:
        age = (today - signed_on).days
        b = next(b for b in buckets if age >= b["low"] and (b["high"] is None
                                                          or age <= b["high"]))
        b["count"] += 1
        b["balance"] += _q(balance)
    for b in buckets:
        # signed_on in [today - high, today - low]
        b["signed_from"] = (today - dt.timedelta(days=b["high"])).isoformat() \
            if b["high"] is not None else None
        b["signed_to"] = (today - dt.timedelta(days=b["low"])).isoformat()
        b["balance"] = str(b["balance"])
    return {"today": today.isoformat(), "buckets": buckets}


def cash_flow(year: int) -> dict:
    """Per month of ``year``: cash in (contract payments received) and out (claims paid)."""
    from app.extensions import db

    first, after = _year_range(year)
    m_in = extract("month", Payment.paid_on)
    cash_in = dict(db.session.execute(
        select(m_in, func.sum(Payment.amount))
        .where(Payment.paid_on >= first, Payment.paid_on < after).group_by(m_in)).all())
    m_out = extract("month", Expense.paid_at)
    cash_out = dict(db.session.execute(
        select(m_out, func.sum(Expense.amount))
        .where(Expense.status == "paid", Expense.paid_at >= first, Expense.paid_at < after)
        .group_by(m_out)).all())
    months = []
    for m in range(1, 13):
        i, o = _q(cash_in.get(m) or cash_in.get(float(m))), \
            _q(cash_out.get(m) or cash_out.get(float(m)))
        months.append({"month": m, "cash_in": str(i), "cash_out": str(o), "net": str(i - o)})
    return {"year": year, "months": months}


FIGURES = {
    "budget_execution": (_l("Budget execution by department"), budget_execution),
    "claims_by_category": (_l("Claims by category"), claims_by_category),
    "receivables_ageing": (_l("Receivables ageing"), receivables_ageing),
    "cash_flow": (_l("Cash in and out per month"), cash_flow),
}

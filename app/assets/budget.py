"""Purchases count against the budget line (issue 13 item 6) when the finance module is
installed.

A purchase request names its budget line by the expense category (``budget_line``: the code of
an ``expense_category``, shown by its name); the line is the approved budget of the request's
department (or the nearest department above that has one) for the year, as finance resolves it
for claims. On approval the amount is committed against that line:

* through finance's public ``commit_amount`` (``FINANCE_COMMIT``) when finance provides it —
  the one place that locks the budget, counts claims *and* other commitments and applies the
  category's control (stop / warn);
* until then, here, with finance's public pieces: ``resolve_budget_id``, ``lock_budget`` (the
  budget row is held until the approval commits, so concurrent approvals against the last of a
  line are checked one after the other) and ``execution`` (claims committed and spent), plus
  the purchases already approved or bought against the same budget and category.

The request records the budget it committed against (``budget_id``); a rejected request no
longer counts. ``stop`` refuses the approval (422 naming the line and the shortfall, with the
clause), ``warn`` lets it through.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.core.errors import Invalid, ServiceError
from app.core.rules import cite
from app.core.scope import unscoped
from app.extensions import db

ZERO = Decimal("0.00")
FINANCE_COMMIT = ("app.finance.control", "commit_amount")
COMMITTED_STATES = ("approved", "purchased")
RULE_CODES = ("purchase.budget", "purchase.budget_002", "purchase.budget_004")


def finance_installed() -> bool:
    from app.core.modules import installed_modules

    return any(m.name == "finance" for m in installed_modules())


def finance_commit():
    """Finance's public commit function, or None while finance does not provide it."""
    try:
        return getattr(import_module(FINANCE_COMMIT[0]), FINANCE_COMMIT[1], None)
    except ImportError:
        return None


def citation() -> str:
    """The clause of the running profile's book (000 otherwise)."""
    from app.core.rules import RULES
    from app.profiles import profile_of

    books = profile_of().books
    for code in RULE_CODES:
        rule = RULES.get(code)
        if rule is not None and rule.book in books:
            return cite(code)
    return cite(RULE_CODES[0])


def category_choices() -> list[tuple[str, str]]:
    """(code, name) of the expense categories: the budget lines a request may name."""
    if not finance_installed():
        return []
    from app.finance.models import ExpenseCategory

    return [(c, n) for c, n in db.session.execute(
        select(ExpenseCategory.code, ExpenseCategory.name).order_by(ExpenseCategory.code))]


def validate_line(r) -> None:
    """``budget_line`` names an expense category (when finance is installed)."""
    r.budget_line = (r.budget_line or "").strip().upper() or None
    if r.budget_line is None or not finance_installed():
        return
    if r.budget_line not in dict(category_choices()):
        raise Invalid(str(_l("Choose a budget line (expense category)")), field="budget_line")


def _purchases_committed(budget_id: int, category: str, exclude_id: int | None) -> Decimal:
    from app.assets.models_purchase import PurchaseRequest

    stmt = select(func.coalesce(func.sum(PurchaseRequest.amount), 0)).where(
        PurchaseRequest.budget_id == budget_id, PurchaseRequest.budget_line == category,
        PurchaseRequest.status.in_(COMMITTED_STATES))
    if exclude_id is not None:
        stmt = stmt.where(PurchaseRequest.id != exclude_id)
    return Decimal(str(db.session.scalar(stmt) or 0)).quantize(Decimal("0.01"))


def _interim_commit(r, year: int) -> None:
    from app.finance import budgets as fin_budgets
    from app.finance import control
    from app.finance.models import ExpenseCategory

    with unscoped():
        budget_id = control.resolve_budget_id(r.department_id, year, r.budget_line)
        if budget_id is None:  # no approved budget has this line: not under budget control
            r.budget_id = None
            return
        budget = control.lock_budget(budget_id)
        lines = [ln for ln in fin_budgets.execution(budget_id)["lines"]
                 if ln["category"] == r.budget_line]
        budgeted = sum((Decimal(ln["budgeted"]) for ln in lines), ZERO)
        claims = sum((Decimal(ln["committed"]) + Decimal(ln["spent"]) for ln in lines), ZERO)
        purchases = _purchases_committed(budget_id, r.budget_line, r.id)
        control_kind = db.session.scalar(select(ExpenseCategory.control).where(
            ExpenseCategory.code == r.budget_line)) or "stop"
    r.budget_id = budget_id
    remaining = budgeted - claims - purchases
    amount = Decimal(str(r.amount))
    if amount <= remaining or control_kind != "stop":
        return
    line = f"{budget.department} {year} {r.budget_line}"
    message = str(_l(
        "Over budget: line %(line)s has %(remaining)s left, this purchase is %(amount)s, "
        "short by %(shortfall)s", line=line, remaining=f"{remaining:,.2f}",
        amount=f"{amount:,.2f}", shortfall=f"{amount - remaining:,.2f}"))
    clause = citation()
    # The state was already compare-and-set by the engine: undo it (nothing half-written),
    # as supplies.take does.
    db.session.rollback()
    raise Invalid(f"{message}（{clause}）" if clause else message, field="budget_line",
                  line=line, shortfall=str(amount - remaining), remaining=str(remaining))


def commit_purchase(r, ctx) -> None:
    """Effect of ``approve``: commit the amount against the named budget line."""
    if not r.budget_line or not finance_installed():
        return
    year = dt.date.today().year
    commit = finance_commit()
    if commit is None:
        _interim_commit(r, year)
        return
    try:
        result = commit(department_id=r.department_id, year=year, category=r.budget_line,
                        amount=Decimal(str(r.amount)), source="purchase_request",
                        source_id=r.id)
    except ServiceError:
        db.session.rollback()  # undo the engine's state change with the refusal
        raise
    r.budget_id = getattr(result, "budget_id", None)

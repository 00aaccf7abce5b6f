"""Purchases count against the budget line (issue 13 item 6) when the finance module is
installed.

A purchase request names its budget line by the expense category (``budget_line``: the code of
an ``expense_category``, shown by its name); the line is the approved budget of the request's
department (or the nearest department above that has one) for the year, as finance resolves it
for claims. Through finance's public API (``app.finance.public``), keyed by the request:

* on approval the amount is committed against that line (under the budget row lock the claims
  use; claims and other commitments count, and the commitment counts against them): ``stop``
  refuses the approval (422 naming the line and the shortfall, with the clause of the running
  profile's book; the engine's state change is undone, nothing half-written), ``warn`` lets it
  through;
* a rejection after approval releases it;
* the purchase marks it spent (the budget execution shows it as actual).

The request records the budget it committed against (``budget_id``).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import Invalid, ServiceError
from app.core.rules import cite
from app.extensions import db

RULE_CODES = ("purchase.budget", "purchase.budget_002", "purchase.budget_004")
SOURCE = "purchase_request"


def finance_installed() -> bool:
    from app.core.modules import installed_modules

    return any(m.name == "finance" for m in installed_modules())


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


def commit_purchase(r, ctx) -> None:
    """Effect of ``approve``: commit the amount against the named budget line."""
    if not r.budget_line or not finance_installed():
        return
    from app.finance.public import commit_amount

    try:
        result = commit_amount(department_id=r.department_id, year=dt.date.today().year,
                               category=r.budget_line, amount=Decimal(str(r.amount)),
                               source=SOURCE, source_id=r.id, clause=citation(),
                               field="budget_line")
    except ServiceError:
        db.session.rollback()  # undo the engine's state change with the refusal
        raise
    r.budget_id = result.budget_id


def release_purchase(r, ctx) -> None:
    """Effect of ``reject``: an approved request's commitment no longer counts."""
    if not finance_installed():
        return
    from app.finance.public import release_amount

    release_amount(source=SOURCE, source_id=r.id, reason=getattr(ctx, "comment", None))


def spend_purchase(r, ctx) -> None:
    """Effect of ``purchase``: the committed amount becomes spending on the line."""
    if not finance_installed():
        return
    from app.finance.public import spend_amount

    spend_amount(source=SOURCE, source_id=r.id)

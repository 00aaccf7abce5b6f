"""Budget commitments (預算占用) by other modules: commit, release, spend.

One ``budget_commitment`` row per source record (``source``, ``source_id``), so every call is
idempotent: committing the same record again returns what was committed (or, when the amount
or line changed, checks the new amount again), releasing or spending twice changes nothing.

A commitment is checked like a claim approval, under the same budget row lock
(``control.lock_budget``): remaining = line − (claims at an approval step or further + every
other commitment held). The category's control decides: ``stop`` refuses (Invalid, 422,
naming the line and the shortfall, with the clause), ``warn`` lets it through with a warning.
Nothing is written on a refusal; nothing is committed here either — the caller's request
action commits once (its transition, its audit row and this row together).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import Conflict, Invalid
from app.core.models import utcnow
from app.core.scope import unscoped
from app.extensions import db
from app.finance import control
from app.finance.models import BudgetCommitment, ExpenseCategory, money

SOURCE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_NOTE = 2000


@dataclass(frozen=True)
class Commitment:
    """What a call left: the budget held against (None: no approved line covers the
    category, nothing is controlled), the state, the amount, what the line has left after it
    (None without a budget) and the warning of a ``warn`` line over budget."""

    source: str
    source_id: int
    budget_id: int | None
    status: str
    amount: Decimal
    remaining: Decimal | None = None
    warning: str | None = None


# --- input ---------------------------------------------------------------------------------

def _whole(value, field: str, message, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool):
        raise Invalid(str(message), field=field)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or (low is not None and value < low) or \
            (high is not None and value > high):
        raise Invalid(str(message), field=field)
    return value


def _source(source, source_id) -> tuple[str, int]:
    src = source.strip() if isinstance(source, str) else ""
    if not SOURCE_RE.match(src):
        raise Invalid(str(_l("The source must name a kind of record (lower-case letters, "
                             "digits and _, at most 40)")), field="source")
    return src, _whole(source_id, "source_id",
                       _l("The source record must be a positive whole number"), 1)


def _inputs(department_id, year, month, category, amount) -> tuple[int, int, int, str, Decimal]:
    from app.org.models import Department

    dept = _whole(department_id, "department_id", _l("No such department"), 1)
    with unscoped():
        if db.session.scalar(select(Department.id).where(Department.id == dept)) is None:
            raise Invalid(str(_l("No such department")), field="department_id")
    year = _whole(year, "year", _l("Year must be between 2000 and 2100"), 2000, 2100)
    if month is None:
        today = dt.date.today()
        month = today.month if year == today.year else (12 if year < today.year else 1)
    month = _whole(month, "month", _l("Month must be 1 to 12"), 1, 12)
    code = category.strip().upper() if isinstance(category, str) else ""
    if not code or db.session.scalar(
            select(ExpenseCategory.id).where(ExpenseCategory.code == code)) is None:
        raise Invalid(str(_l("Unknown expense category")), field="category")
    return dept, year, month, code, money(amount, "amount", positive=True, label=_l("Amount"))


def _note(reason) -> str | None:
    if reason is None:
        return None
    if not isinstance(reason, str) or len(reason) > MAX_NOTE or "\x00" in reason:
        raise Invalid(str(_l("A reason is text of at most 2,000 characters")), field="reason")
    return reason.strip() or None


def _clause(clause) -> str:
    if clause is None:
        from app.finance.rules import cite_for

        return cite_for("budget_control")
    if not isinstance(clause, str):
        raise Invalid(str(_l("The clause must be text")), field="clause")
    return clause.strip()


# --- the calls -----------------------------------------------------------------------------

def _row(source: str, source_id: int) -> BudgetCommitment | None:
    with unscoped():
        return db.session.scalar(
            select(BudgetCommitment).where(BudgetCommitment.source == source,
                                           BudgetCommitment.source_id == source_id)
            .execution_options(populate_existing=True))


def _result(row: BudgetCommitment, remaining=None) -> Commitment:
    return Commitment(row.source, row.source_id, row.budget_id, row.status,
                      Decimal(str(row.amount)), remaining, row.warning)


def _check(row_id, budget, dept, year, month, code, amount, clause, field) -> tuple:
    """(budget id, remaining after, warning) or Invalid on a ``stop`` line over budget.
    ``budget``: the line's budget, locked (None: no line, nothing to check)."""
    if budget is None:
        return None, None, None
    check = control.check_line(dept, year, month, code, amount, budget=budget,
                               claim_states=control.COMMITMENT_COUNTS,
                               exclude_commitment=row_id)
    if check.shortfall <= 0:
        return check.budget_id, check.remaining - amount, None
    message = str(_l(
        "Over budget: line %(line)s (%(period)s) has %(remaining)s left, this commitment is "
        "%(amount)s, short by %(shortfall)s", line=check.line, period=check.period,
        remaining=f"{check.remaining:,.2f}", amount=f"{amount:,.2f}",
        shortfall=f"{check.shortfall:,.2f}"))
    if check.control == "stop":
        clause = _clause(clause)
        raise Invalid(f"{message}（{clause}）" if clause else message, field=field,
                      line=check.line, shortfall=str(check.shortfall),
                      remaining=str(check.remaining))
    return check.budget_id, check.remaining - amount, message


def commit_amount(*, department_id, year, category, amount, source, source_id, month=None,
                  clause: str | None = None, field: str = "amount") -> Commitment:
    src, sid = _source(source, source_id)
    dept, year, month, code, amount = _inputs(department_id, year, month, category, amount)
    if not isinstance(field, str) or not field:
        field = "amount"
    # The budget row locked first, then the row as it is now: a concurrent commit of the
    # same record has either committed it already or waits here.
    with unscoped():  # the line may belong to a department above the caller's scope
        budget_id = control.resolve_budget_id(dept, year, code)
    budget = control.lock_budget(budget_id) if budget_id is not None else None
    row = _row(src, sid)
    same = row is not None and (row.department_id, row.year, row.month, row.category,
                                Decimal(str(row.amount))) == (dept, year, month, code, amount)
    if row is not None and row.status == "spent":
        if same:
            return _result(row)
        raise Conflict(str(_l("This amount is already spent against the budget")))
    if same and row.status == "committed" and row.budget_id == budget_id:
        return _result(row)
    budget_id, remaining, warning = _check(row.id if row else None, budget, dept, year, month,
                                           code, amount, clause, field)
    if row is None:
        row = BudgetCommitment(source=src, source_id=sid)
        db.session.add(row)
    row.budget_id, row.department_id, row.category = budget_id, dept, code
    row.year, row.month, row.amount = year, month, amount
    row.status, row.warning, row.released_at = "committed", warning, None
    db.session.flush()
    return _result(row, remaining)


def release_amount(*, source, source_id, reason=None) -> Commitment | None:
    src, sid = _source(source, source_id)
    note = _note(reason)
    row = _row(src, sid)
    if row is None:
        return None
    if row.status == "released":
        return _result(row)
    if row.status == "spent":
        raise Conflict(str(_l("This amount is already spent: it cannot be released")))
    if row.budget_id is not None:
        control.lock_budget(row.budget_id)
    row.status, row.released_at = "released", utcnow()
    if note:
        row.note = note
    db.session.flush()
    return _result(row)


def spend_amount(*, source, source_id, amount=None, clause: str | None = None,
                 field: str = "amount") -> Commitment | None:
    src, sid = _source(source, source_id)
    actual = None if amount is None else money(amount, "amount", positive=True,
                                               label=_l("Amount"))
    row = _row(src, sid)
    if row is None:
        return None
    if row.status == "released":
        raise Conflict(str(_l("This commitment was released: commit it again first")))
    budget = None
    if row.budget_id is not None:
        budget = control.lock_budget(row.budget_id)
        row = _row(src, sid)
    committed = Decimal(str(row.amount))
    if row.status == "spent" and (actual is None or actual == committed):
        return _result(row)
    remaining = None
    if actual is not None and actual > committed and budget is not None:
        _, remaining, row.warning = _check(row.id, budget, row.department_id, row.year,
                                           row.month, row.category, actual, clause, field)
    if actual is not None:
        row.amount = actual
    row.status, row.spent_at = "spent", row.spent_at or utcnow()
    db.session.flush()
    return _result(row, remaining)


def commitment_of(source, source_id) -> Commitment | None:
    src, sid = _source(source, source_id)
    row = _row(src, sid)
    return _result(row) if row is not None else None

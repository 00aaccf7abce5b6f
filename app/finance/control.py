"""Budget control (預算控制) that cannot be raced.

At submit and at each approval a claim is checked against the approved budget of its
department (or the nearest department above that has one) for the year it was spent in:

    remaining = approved line − (claims counted against it, this claim excluded)

for the year, and — when the category is budgeted by month — accumulated to the claim's month.
Which claims count depends on the step: at ``submit`` every submitted, approved and paid claim;
at an approval only the claims already at that step or further (approved before merely
submitted: N submitted claims over the line must not block each other forever, yet approved
plus paid never exceeds it). The category's control decides: ``stop`` refuses (422 naming the
line and the shortfall, with the rule's clause), ``warn`` lets it through and flags the claim.

Race safety: the budget row is locked first — ``SELECT … FOR UPDATE`` on PostgreSQL, a write to
the row on SQLite (which takes the database's write lock) — and held until the transition
commits, so concurrent approvals against the last of a line are checked one after the other.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, extract, func, or_, select, update

from app.core.errors import Invalid
from app.core.scope import unscoped
from app.extensions import db
from app.finance.models import Budget, BudgetLine, Expense, ExpenseCategory

ZERO = Decimal("0.00")
# Claims that hold budget, by the step being checked (the claim's target state).
COUNTED = {
    "submitted": ("submitted", "head_approved", "standard_approved", "finance_approved",
                  "paid"),
    "head_approved": ("head_approved", "standard_approved", "finance_approved", "paid"),
    "finance_approved": ("finance_approved", "paid"),
}
COMMITTED_STATES = ("submitted", "head_approved", "standard_approved", "finance_approved")
SPENT_STATES = ("paid",)


@dataclass
class Check:
    budget_id: int | None
    line: str = ""
    budgeted: Decimal = ZERO
    used: Decimal = ZERO
    shortfall: Decimal = ZERO
    control: str = "stop"
    period: str = ""

    @property
    def remaining(self) -> Decimal:
        return self.budgeted - self.used


def _department_chain(department_id: int) -> list[int]:
    from app.org.models import Department

    parents = dict(db.session.execute(select(Department.id, Department.parent_id)).all())
    chain, node = [], department_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain


def resolve_budget(department_id: int, year: int, category: str) -> Budget | None:
    """The approved budget, nearest the department going up, with lines for ``category``."""
    pk = resolve_budget_id(department_id, year, category)
    return db.session.get(Budget, pk) if pk is not None else None


def resolve_budget_id(department_id: int, year: int, category: str) -> int | None:
    chain = _department_chain(department_id)
    rows = db.session.execute(
        select(Budget.id, Budget.department_id)
        .join(BudgetLine, and_(BudgetLine.budget_id == Budget.id,
                               BudgetLine.version == Budget.version,
                               BudgetLine.category == category))
        .where(Budget.year == year, Budget.status == "approved",
               Budget.department_id.in_(chain))
        .distinct()).all()
    if not rows:
        return None
    by_dept = {d: b for b, d in rows}
    return next((by_dept[d] for d in chain if d in by_dept), None)


def lock_budget(budget_id: int) -> Budget | None:
    """Hold the budget row until the transaction ends (serialises checks against it) and
    return it as it is now (``populate_existing``: not a copy read before the lock)."""
    if db.session.get_bind().dialect.name != "postgresql":
        # SQLite: a write takes the database's write lock until commit
        db.session.execute(update(Budget).where(Budget.id == budget_id)
                           .values(version=Budget.version)
                           .execution_options(unscoped=True, synchronize_session=False))
        return db.session.scalar(select(Budget).where(Budget.id == budget_id)
                                 .execution_options(unscoped=True, populate_existing=True))
    return db.session.scalar(select(Budget).where(Budget.id == budget_id).with_for_update(of=Budget)
                             .execution_options(unscoped=True, populate_existing=True))


def _used(budget_id: int, category: str, states, exclude_id, *, year: int,
          until_month: int | None = None) -> Decimal:
    stmt = select(func.coalesce(func.sum(Expense.amount), 0)).where(
        Expense.budget_id == budget_id, Expense.category == category,
        Expense.status.in_(states), extract("year", Expense.spent_on) == year)
    if exclude_id is not None:
        stmt = stmt.where(Expense.id != exclude_id)
    if until_month is not None:
        stmt = stmt.where(extract("month", Expense.spent_on) <= until_month)
    return Decimal(str(db.session.scalar(stmt) or 0)).quantize(Decimal("0.01"))


def evaluate(expense: Expense, target_state: str, *, lock: bool = True) -> Check | None:
    """The budget check of ``expense`` moving to ``target_state``; None when no approved
    budget line covers its category (not under budget control)."""
    with unscoped():
        year = expense.spent_on.year
        budget_id = resolve_budget_id(expense.department_id, year, expense.category)
        if budget_id is None:
            return None
        budget = lock_budget(budget_id) if lock else db.session.get(Budget, budget_id)
        ref = expense.__dict__.get("category_ref")  # loaded with the claim (joined)
        if ref is not None and ref.code == expense.category:
            control, name = ref.control, ref.name
        else:
            control, name = db.session.execute(
                select(ExpenseCategory.control, ExpenseCategory.name)
                .where(ExpenseCategory.code == expense.category)).first() or (None, None)
        control = control or "stop"
        lines = db.session.execute(
            select(BudgetLine.month, func.sum(BudgetLine.amount))
            .where(BudgetLine.budget_id == budget.id, BudgetLine.version == budget.version,
                   BudgetLine.category == expense.category)
            .group_by(BudgetLine.month)).all()
        per_month = {m: Decimal(str(a)) for m, a in lines}
        states = COUNTED[target_state]
        amount = Decimal(str(expense.amount))
        checks = []
        annual = sum(per_month.values(), ZERO)
        used = _used(budget.id, expense.category, states, expense.id, year=year)
        checks.append(Check(budget.id, budgeted=annual, used=used, control=control,
                            period=str(_l("year %(year)s", year=year))))
        if any(m is not None for m in per_month):
            month = expense.spent_on.month
            to_date = sum((a for m, a in per_month.items() if m is not None and m <= month),
                          ZERO) + per_month.get(None, ZERO)
            used_m = _used(budget.id, expense.category, states, expense.id, year=year,
                           until_month=month)
            checks.append(Check(budget.id, budgeted=to_date, used=used_m, control=control,
                                period=str(_l("January to month %(m)s", m=month))))
        for c in checks:
            c.shortfall = max(ZERO, amount - c.remaining)
            c.line = f"{budget.department} {year} {name or expense.category}"
        worst = max(checks, key=lambda c: c.shortfall)
        return worst


def check_budget(expense: Expense, target_state: str) -> None:
    """Apply the category's control to ``expense`` moving to ``target_state``: stop → Invalid
    (nothing written), warn → the claim carries the warning. Stamps the budget checked."""
    from app.finance.rules import cite_for

    result = evaluate(expense, target_state)
    if result is None:
        expense.budget_id = None
        expense.budget_warning = None
        return
    expense.budget_id = result.budget_id
    if result.shortfall <= 0:
        expense.budget_warning = None
        return
    message = str(_l(
        "Over budget: line %(line)s (%(period)s) has %(remaining)s left, this claim is "
        "%(amount)s, short by %(shortfall)s", line=result.line, period=result.period,
        remaining=f"{result.remaining:,.2f}", amount=f"{Decimal(str(expense.amount)):,.2f}",
        shortfall=f"{result.shortfall:,.2f}"))
    clause = cite_for("budget_control")
    if result.control == "stop":
        raise Invalid(f"{message}（{clause}）" if clause else message, field="amount",
                      line=result.line, shortfall=str(result.shortfall),
                      remaining=str(result.remaining))
    expense.budget_warning = message


def budget_guard(target_state: str):
    """Workflow guard: the budget check, only when the step is really taken (the inbox runs
    guards to list what the user may do; it must neither lock nor refuse on budget)."""

    def guard(expense, ctx):
        if ctx.from_state is None:
            return
        check_budget(expense, target_state)

    guard.__name__ = f"budget_check_{target_state}"
    return guard


def usage_filter():
    """Claims that use budget (committed or spent)."""
    return or_(Expense.status.in_(COMMITTED_STATES), Expense.status.in_(SPENT_STATES))

"""Budget control (預算控制) that cannot be raced.

At submit and at each approval a claim is checked against the approved budget of its
department (or the nearest department above that has one) for the year it was spent in:

    remaining = approved line − (claims counted against it, this claim excluded)

for the year, and — when the category is budgeted by month — accumulated to the claim's month.
Other modules' commitments (a purchase approved: app/finance/public.py) count at every step.
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
from app.finance.models import Budget, BudgetCommitment, BudgetLine, Expense, ExpenseCategory

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
# Other modules' commitments (app/finance/public.py) that hold budget, at every step.
COMMITMENT_USED = ("committed", "spent")
# The claims a new commitment is checked against: a commitment is a final approval (a
# purchase approved), so like finance's approval of a claim it counts the claims approved by
# finance or paid; claims still on their way are checked against it at their next step.
COMMITMENT_COUNTS = COUNTED["finance_approved"]


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
          until_month: int | None = None, exclude_commitment: int | None = None) -> Decimal:
    """Claims in ``states`` plus other modules' commitments held against the line."""
    stmt = select(func.coalesce(func.sum(Expense.amount), 0)).where(
        Expense.budget_id == budget_id, Expense.category == category,
        Expense.status.in_(states), extract("year", Expense.spent_on) == year)
    if exclude_id is not None:
        stmt = stmt.where(Expense.id != exclude_id)
    if until_month is not None:
        stmt = stmt.where(extract("month", Expense.spent_on) <= until_month)
    return _q(db.session.scalar(stmt)) + commitments_used(
        budget_id, category, year=year, until_month=until_month, exclude=exclude_commitment)


def _q(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def commitments_used(budget_id: int, category: str, *, year: int,
                     until_month: int | None = None, exclude: int | None = None) -> Decimal:
    """Committed and spent commitments against the line (``exclude``: a commitment id)."""
    stmt = select(func.coalesce(func.sum(BudgetCommitment.amount), 0)).where(
        BudgetCommitment.budget_id == budget_id, BudgetCommitment.category == category,
        BudgetCommitment.status.in_(COMMITMENT_USED), BudgetCommitment.year == year)
    if until_month is not None:
        stmt = stmt.where(BudgetCommitment.month <= until_month)
    if exclude is not None:
        stmt = stmt.where(BudgetCommitment.id != exclude)
    return _q(db.session.scalar(stmt))


def _category(code: str, ref=None) -> tuple[str, str | None]:
    if ref is not None and ref.code == code:
        return ref.control or "stop", ref.name
    control, name = db.session.execute(
        select(ExpenseCategory.control, ExpenseCategory.name)
        .where(ExpenseCategory.code == code)).first() or (None, None)
    return control or "stop", name


def check_line(department_id: int, year: int, month: int, category: str, amount: Decimal, *,
               claim_states, exclude_claim: int | None = None,
               exclude_commitment: int | None = None, lock: bool = True,
               ref=None, budget: Budget | None = None) -> Check | None:
    """The budget check of ``amount`` against the line of ``category`` that covers the
    department for ``year`` (accumulated to ``month`` when budgeted by month): claims in
    ``claim_states`` and every commitment count. None when no approved budget line covers
    the category (not under budget control). ``lock``: hold the budget row (serialises);
    ``budget``: that line's budget, already resolved and locked by the caller."""
    with unscoped():
        if budget is None:
            budget_id = resolve_budget_id(department_id, year, category)
            if budget_id is None:
                return None
            budget = lock_budget(budget_id) if lock else db.session.get(Budget, budget_id)
        control, name = _category(category, ref)
        lines = db.session.execute(
            select(BudgetLine.month, func.sum(BudgetLine.amount))
            .where(BudgetLine.budget_id == budget.id, BudgetLine.version == budget.version,
                   BudgetLine.category == category)
            .group_by(BudgetLine.month)).all()
        per_month = {m: Decimal(str(a)) for m, a in lines}
        annual = sum(per_month.values(), ZERO)
        used = _used(budget.id, category, claim_states, exclude_claim, year=year,
                     exclude_commitment=exclude_commitment)
        checks = [Check(budget.id, budgeted=annual, used=used, control=control,
                        period=str(_l("year %(year)s", year=year)))]
        if any(m is not None for m in per_month):
            to_date = sum((a for m, a in per_month.items() if m is not None and m <= month),
                          ZERO) + per_month.get(None, ZERO)
            used_m = _used(budget.id, category, claim_states, exclude_claim, year=year,
                           until_month=month, exclude_commitment=exclude_commitment)
            checks.append(Check(budget.id, budgeted=to_date, used=used_m, control=control,
                                period=str(_l("January to month %(m)s", m=month))))
        for c in checks:
            c.shortfall = max(ZERO, amount - c.remaining)
            c.line = f"{budget.department} {year} {name or category}"
        return max(checks, key=lambda c: c.shortfall)


def evaluate(expense: Expense, target_state: str, *, lock: bool = True) -> Check | None:
    """The budget check of ``expense`` moving to ``target_state``; None when no approved
    budget line covers its category (not under budget control)."""
    return check_line(expense.department_id, expense.spent_on.year, expense.spent_on.month,
                      expense.category, Decimal(str(expense.amount)),
                      claim_states=COUNTED[target_state], exclude_claim=expense.id, lock=lock,
                      ref=expense.__dict__.get("category_ref"))  # loaded with the claim


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

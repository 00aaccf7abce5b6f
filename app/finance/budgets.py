"""Budgets: validation, adjustments (new versions), execution (budget vs actual)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select

from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.scope import scoped_get, unscoped
from app.extensions import db
from app.finance.control import (
    COMMITMENT_USED,
    COMMITTED_STATES,
    SPENT_STATES,
    ZERO,
    lock_budget,
)
from app.finance.models import (
    CONTROLS,
    KINDS,
    Budget,
    BudgetAdjustment,
    BudgetAdjustmentLine,
    BudgetCommitment,
    BudgetLine,
    Expense,
    ExpenseCategory,
    money,
)


def _cited(message, topic: str) -> str:
    from app.finance.rules import cite_for

    clause = cite_for(topic)
    return f"{message}（{clause}）" if clause else str(message)


def validate_category(c: ExpenseCategory) -> None:
    c.code = (c.code or "").strip().upper()
    if not c.code or len(c.code) > 32:
        raise Invalid(str(_l("Code is required (at most 32 characters)")), field="code")
    if not (c.name or "").strip():
        raise Invalid(str(_l("Name is required")), field="name")
    if c.control not in CONTROLS:
        raise Invalid(str(_l("Control must be stop or warn")), field="control")
    if (c.kind or "expense") not in KINDS:
        raise Invalid(str(_l("Unknown kind")), field="kind")


def closed_year(year: int) -> bool:
    """A year that has ended takes no new budget lines."""
    return year < dt.date.today().year


def validate_budget(b: Budget) -> None:
    try:
        b.year = int(b.year)
    except (TypeError, ValueError):
        raise Invalid(str(_l("Year must be a whole number")), field="year") from None
    if not 2000 <= b.year <= 2100:
        raise Invalid(str(_l("Year must be between 2000 and 2100")), field="year")
    if b.is_new and closed_year(b.year):
        raise Invalid(_cited(_l("%(year)s is a closed year", year=b.year),
                             "budget_closed_year"), field="year")
    if not b.is_new and b.status != "draft":
        for col in b.changed_since_load("year", "department_id", "version", "status"):
            raise Invalid(str(_l("Only a draft budget can be changed")), field=col)
    if b.department_id is None and getattr(b, "department", None) is not None:
        b.department_id = b.department.id
    if b.department_id is None:
        raise Invalid(str(_l("Department is required")), field="department_id")


def _budget_for_write(budget_id) -> Budget:
    budget = db.session.scalar(select(Budget).where(Budget.id == budget_id)) \
        if budget_id is not None else None
    if budget is None:
        raise Invalid(str(_l("No such budget")), field="budget_id")
    return budget


def _period(obj) -> None:
    if obj.kind not in KINDS:
        raise Invalid(str(_l("Kind must be one of %(kinds)s", kinds=", ".join(KINDS))),
                      field="kind")
    if obj.month in ("", None):
        obj.month = None
    else:
        try:
            obj.month = int(obj.month)
        except (TypeError, ValueError):
            raise Invalid(str(_l("Month must be 1 to 12, or empty for the year")),
                          field="month") from None
        if not 1 <= obj.month <= 12:
            raise Invalid(str(_l("Month must be 1 to 12, or empty for the year")),
                          field="month")
    if not obj.category or db.session.scalar(
            select(ExpenseCategory.id).where(ExpenseCategory.code == obj.category)) is None:
        raise Invalid(str(_l("Unknown expense category")), field="category")


def validate_line(line: BudgetLine) -> None:
    if line.budget_id is None and "budget" in line.__dict__ and line.budget is not None:
        budget = line.budget  # built in code (seeds) with the object
    else:
        budget = _budget_for_write(line.budget_id)  # in the writer's scope, or refused
    changed = line.changed_since_load("budget_id", "department_id", "version", "category",
                                      "kind", "month", "amount", "note")
    if not line.is_new and not changed:
        # only the overrun reason: allowed at any stage, never cleared once given
        if line.changed_since_load("overrun_reason") and \
                not (line.overrun_reason or "").strip() and \
                (line.__dict__.get("_yl_loaded") or {}).get("overrun_reason"):
            raise Invalid(_cited(_l("A reason is required for each overrun"),
                                 "overrun_reason"), field="overrun_reason")
        return
    if closed_year(budget.year):
        raise Invalid(_cited(_l("%(year)s is a closed year: its budget takes no new lines",
                                year=budget.year), "budget_closed_year"), field="budget_id")
    if budget.status != "draft":
        raise Invalid(str(_l("Lines change only while the budget is a draft; after approval "
                             "use a budget adjustment")), field="budget_id")
    line.department_id = budget.department_id
    line.version = budget.version
    _period(line)
    line.amount = money(line.amount, "amount", label=_l("Amount"))


def validate_adjustment(a: BudgetAdjustment) -> None:
    budget = _budget_for_write(a.budget_id)
    if not (a.reason or "").strip():
        raise Invalid(str(_l("A reason is required")), field="reason")
    if a.id is None and budget.status != "approved":
        raise Invalid(str(_l("Only an approved budget can be adjusted")), field="budget_id")
    a.department_id = budget.department_id
    if not a.status:
        a.status = "draft"


def validate_adjustment_line(al: BudgetAdjustmentLine) -> None:
    adj = db.session.scalar(select(BudgetAdjustment)
                            .where(BudgetAdjustment.id == al.adjustment_id)) \
        if al.adjustment_id is not None else None
    if adj is None:
        raise Invalid(str(_l("No such adjustment")), field="adjustment_id")
    if adj.status != "draft":
        raise Invalid(str(_l("Only a draft adjustment can be changed")), field="adjustment_id")
    al.department_id = adj.department_id
    _period(al)
    al.delta = money(al.delta, "delta", allow_negative=True, label=_l("Change"))
    if al.delta == 0:
        raise Invalid(str(_l("A change of zero changes nothing")), field="delta")


def _key(obj) -> tuple:
    return (obj.category, obj.kind, obj.month)


def adjusted_lines(adj: BudgetAdjustment, budget: Budget) -> dict[tuple, Decimal]:
    """The budget's active lines with the adjustment applied: {(category, kind, month):
    amount}. Invalid when a line would go below zero."""
    current: dict[tuple, Decimal] = {}
    for line in db.session.scalars(select(BudgetLine).where(
            BudgetLine.budget_id == budget.id, BudgetLine.version == budget.version)):
        current[_key(line)] = current.get(_key(line), ZERO) + Decimal(str(line.amount))
    changes = list(db.session.scalars(select(BudgetAdjustmentLine)
                                      .where(BudgetAdjustmentLine.adjustment_id == adj.id)))
    if not changes:
        raise Invalid(str(_l("Add at least one line change")), field="lines")
    for ch in changes:
        new = current.get(_key(ch), ZERO) + Decimal(str(ch.delta))
        if new < 0:
            raise Invalid(str(_l(
                "This adjustment would make line %(cat)s %(period)s negative (%(amount)s)",
                cat=ch.category, period=ch.month or _l("year"), amount=f"{new:,.2f}")),
                field="delta")
        current[_key(ch)] = new
    return current


def adjustment_guard(adj: BudgetAdjustment, ctx) -> None:
    """submit / approve: the budget is approved and no line goes negative."""
    with unscoped():
        budget = db.session.get(Budget, adj.budget_id)
        if budget is None or budget.status != "approved":
            raise Conflict(str(_l("Only an approved budget can be adjusted")))
        adjusted_lines(adj, budget)


def apply_adjustment(adj: BudgetAdjustment, ctx) -> None:
    """Effect of ``approve``: the budget gets a new version with the adjusted lines; every
    earlier version's lines stay."""
    with unscoped():
        budget = lock_budget(adj.budget_id)
        lines = adjusted_lines(adj, budget)
        old_reasons = {_key(line): line.overrun_reason for line in db.session.scalars(
            select(BudgetLine).where(BudgetLine.budget_id == budget.id,
                                     BudgetLine.version == budget.version))}
        adj.from_version = budget.version
        budget.version += 1
        adj.to_version = budget.version
        for (category, kind, month), amount in sorted(
                lines.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)):
            db.session.add(BudgetLine(
                budget_id=budget.id, department_id=budget.department_id,
                version=budget.version, category=category, kind=kind, month=month,
                amount=amount, overrun_reason=old_reasons.get((category, kind, month))))


def has_lines(budget: Budget, ctx) -> None:
    n = db.session.scalar(select(func.count(BudgetLine.id)).where(
        BudgetLine.budget_id == budget.id, BudgetLine.version == budget.version))
    if not n:
        raise Invalid(str(_l("Add at least one budget line before submitting")),
                      field="lines")
    if ctx.from_state is not None and ctx.transition.name == "submit" and \
            closed_year(budget.year):
        raise Invalid(_cited(_l("%(year)s is a closed year", year=budget.year),
                             "budget_closed_year"), field="year")


def stamp_approved(budget: Budget, ctx) -> None:
    from app.core.models import utcnow

    budget.approved_at = utcnow()


# --- budget vs actual ---------------------------------------------------------------------

def _q(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _income_departments(budget: Budget) -> set[int]:
    """The departments whose contract income counts against ``budget``'s income lines: its
    department and those below it, except where a nearer department has an approved budget
    of its own with income lines for the year."""
    from app.core.people import department_tree
    from app.org.models import Department

    tree = department_tree()
    own = set(db.session.scalars(
        select(Budget.department_id).join(BudgetLine, (BudgetLine.budget_id == Budget.id)
                                          & (BudgetLine.version == Budget.version))
        .where(Budget.year == budget.year, Budget.status == "approved",
               BudgetLine.kind == "income")))
    out = set()
    for dept in Department.subtree_ids(budget.department_id):
        node = dept
        while node is not None and node != budget.department_id and node not in own:
            node = tree.get(node, (None,))[0]
        if node == budget.department_id:
            out.add(dept)
    return out


def contract_income(budget: Budget) -> dict[int, Decimal]:
    """{month: contract payments received} for the budget's year and departments (003 / 000:
    contract income is the actual of the income budget)."""
    from app.finance.contracts import Payment

    month = extract("month", Payment.paid_on)
    with unscoped():
        rows = db.session.execute(
            select(month, func.sum(Payment.amount))
            .where(Payment.department_id.in_(sorted(_income_departments(budget))),
                   Payment.paid_on >= dt.date(budget.year, 1, 1),
                   Payment.paid_on < dt.date(budget.year + 1, 1, 1))
            .group_by(month)).all()
    return {int(m): _q(total) for m, total in rows}


def record_overrun_reason(line_id, reason) -> BudgetLine:
    """差異分析: the reason a line is over budget, required for each overrun (000 / 001 / 002).
    The line must be in the user's scope and over budget; the change is audited."""
    from flask import current_app

    if not current_app.appbuilder.sm.has_access("can_write", "budget_line"):
        raise Forbidden(str(_l("You may not record overrun reasons")))
    line = scoped_get(BudgetLine, line_id)
    if line is None:
        raise NotFound(str(_l("Record not found")))
    text = (reason or "").strip() if isinstance(reason, str) else ""
    if not text:
        raise Invalid(_cited(_l("A reason is required for each overrun"), "overrun_reason"),
                      field="overrun_reason")
    if len(text) > 2000:
        raise Invalid(str(_l("At most 2,000 characters")), field="overrun_reason")
    row = next((r for r in execution(line.budget_id, line.version)["lines"]
                if r["id"] == line.id), None)
    if row is None or not row["overrun"]:
        raise Conflict(str(_l("This line is within its budget: no reason is needed")))
    line.overrun_reason = text
    db.session.flush()
    return line


def execution(budget_id, version: int | None = None) -> dict:
    """Per line of the budget (active version unless ``version``): budgeted, committed
    (claims submitted and approved, not yet paid, and other modules' commitments held),
    spent (claims paid, commitments spent), of which ``commitments`` (purchases and other
    modules' amounts, committed or spent), remaining (available), variance (spent −
    budgeted: above zero is an overrun) and whether committed + spent exceeds the line.
    A monthly line takes the claims of its month; a line for the year those of the months
    that have no monthly line of that category. Income lines take the contract payments
    received (``spent``; nothing committed): their variance is received − budgeted and they
    are never an overrun (the first income category of a month takes that month)."""
    budget = scoped_get(Budget, budget_id)
    if budget is None:
        raise NotFound(str(_l("Record not found")))
    version = budget.version if version is None else int(version)
    lines = list(db.session.scalars(
        select(BudgetLine).where(BudgetLine.budget_id == budget.id,
                                 BudgetLine.version == version)
        .order_by(BudgetLine.category, BudgetLine.kind, BudgetLine.month, BudgetLine.id)))
    month_col = extract("month", Expense.spent_on)
    with unscoped():  # the budget is in scope: all of its claims count, whoever filed them
        sums = db.session.execute(
            select(Expense.category, month_col, Expense.status, func.sum(Expense.amount))
            .where(Expense.budget_id == budget.id,
                   Expense.status.in_(COMMITTED_STATES + SPENT_STATES))
            .group_by(Expense.category, month_col, Expense.status)).all()
        held = db.session.execute(
            select(BudgetCommitment.category, BudgetCommitment.month, BudgetCommitment.status,
                   func.sum(BudgetCommitment.amount))
            .where(BudgetCommitment.budget_id == budget.id,
                   BudgetCommitment.status.in_(COMMITMENT_USED))
            .group_by(BudgetCommitment.category, BudgetCommitment.month,
                      BudgetCommitment.status)).all()
    actual: dict[tuple, dict[str, Decimal]] = {}
    for category, month, status, total in sums:
        slot = actual.setdefault((category, int(month)), {"committed": ZERO, "spent": ZERO,
                                                          "commitments": ZERO})
        slot["spent" if status in SPENT_STATES else "committed"] += _q(total)
    for category, month, status, total in held:  # other modules' commitments (purchases)
        slot = actual.setdefault((category, int(month)), {"committed": ZERO, "spent": ZERO,
                                                          "commitments": ZERO})
        slot["spent" if status == "spent" else "committed"] += _q(total)
        slot["commitments"] += _q(total)
    income = contract_income(budget) if any(ln.kind == "income" for ln in lines) else {}
    monthly = {(line.category, line.month) for line in lines if line.month is not None}
    income_monthly = {line.month for line in lines
                      if line.kind == "income" and line.month is not None}
    taken: set[tuple] = set()  # (category, month) already given to a line of kind expense
    income_taken: set[int] = set()
    rows = []
    for line in lines:
        committed = spent = held_total = ZERO
        if line.kind == "income":
            months = [line.month] if line.month is not None else [
                m for m in range(1, 13) if m not in income_monthly]
            for m in months:
                if m not in income_taken:
                    income_taken.add(m)
                    spent += income.get(m, ZERO)
        else:
            months = [line.month] if line.month is not None else [
                m for m in range(1, 13) if (line.category, m) not in monthly]
            for m in months:
                if (line.category, m) in taken:
                    continue
                taken.add((line.category, m))
                slot = actual.get((line.category, m))
                if slot:
                    committed += slot["committed"]
                    spent += slot["spent"]
                    held_total += slot["commitments"]
        budgeted = _q(line.amount)
        ref = line.category_ref
        rows.append({
            "id": line.id, "category": line.category,
            "category_id": ref.id if ref else None,
            "category_name": ref.name if ref else line.category,
            "control": ref.control if ref else None,
            "kind": line.kind, "month": line.month, "budgeted": str(budgeted),
            "committed": str(committed), "spent": str(spent),
            "commitments": str(held_total),
            "remaining": str(budgeted - committed - spent),
            "variance": str(spent - budgeted),
            "overrun": line.kind != "income" and committed + spent > budgeted,
            "overrun_reason": line.overrun_reason,
        })
    return {"budget_id": budget.id, "year": budget.year,
            "department_id": budget.department_id, "department": str(budget.department),
            "status": budget.status, "version": version, "active_version": budget.version,
            "lines": rows}

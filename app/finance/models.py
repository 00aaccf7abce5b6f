"""Budgets (預算), their versions and adjustments, expense categories and claims (報銷).

Money is ``Numeric(14, 2)`` and ``Decimal`` throughout. A budget's lines carry the version they
belong to; ``Budget.version`` names the active one (an approved adjustment adds a version and
keeps the old lines). Lines, adjustments and claims copy their budget's / employee's department
so that the core's data scope applies to them directly.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import relationship

from app.core.errors import Invalid
from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin

Money = Numeric(14, 2)
CONTROLS = ("stop", "warn")
KINDS = ("income", "cost", "expense", "capital", "fund")
BUDGET_STATES = ("draft", "submitted", "consolidated", "approved")
EXPENSE_STATES = ("draft", "submitted", "head_approved", "standard_approved",
                  "finance_approved", "paid", "rejected")
ADJUSTMENT_STATES = ("draft", "submitted", "approved", "rejected")
MAX_MONEY = Decimal("999999999999.99")


def money(value, field: str, *, positive: bool = False, allow_negative: bool = False,
          label=None) -> Decimal:
    """``value`` as an exact two-place Decimal, or Invalid naming the field."""
    label = label or field
    if value is None or value == "":
        raise Invalid(str(_l("%(field)s is required", field=label)), field=field)
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        amount = Decimal(str(value))  # a float through its shortest repr: 0.1 → 0.1
    except (InvalidOperation, ValueError):
        raise Invalid(str(_l("%(field)s must be an amount", field=label)), field=field) from None
    if not amount.is_finite() or abs(amount) > MAX_MONEY or amount != amount.quantize(
            Decimal("0.01")):
        raise Invalid(str(_l("%(field)s must be an amount with at most two decimals",
                             field=label)), field=field)
    if positive and amount <= 0:
        raise Invalid(str(_l("%(field)s must be greater than zero", field=label)), field=field)
    if not allow_negative and amount < 0:
        raise Invalid(str(_l("%(field)s cannot be negative", field=label)), field=field)
    return amount.quantize(Decimal("0.01"))


class Snapshot:
    """Column values as last loaded from the database, for validations that compare old and
    new: attribute history does not survive the autoflush a validation query may trigger."""

    @property
    def is_new(self) -> bool:
        return "_yl_loaded" not in self.__dict__

    def changed_since_load(self, *keys: str) -> list[str]:
        loaded = self.__dict__.get("_yl_loaded")
        if loaded is None:
            return list(keys)
        return [k for k in keys if k in self.__dict__ and self.__dict__[k] != loaded.get(k)]


def _snapshot(target, *args) -> None:
    state = sa_inspect(target)
    loaded = target.__dict__.setdefault("_yl_loaded", {})
    for attr in state.mapper.column_attrs:
        if attr.key in state.dict:
            loaded[attr.key] = state.dict[attr.key]


event.listen(Snapshot, "load", _snapshot, propagate=True)
event.listen(Snapshot, "refresh", _snapshot, propagate=True)


class ExpenseCategory(AuditedMixin, Model):
    """費用科目 with its budget control: ``stop`` refuses an overrun, ``warn`` flags it."""

    __tablename__ = "expense_category"
    __resource__ = "expense_category"

    id = Column(Integer, primary_key=True)
    code = Column(String(32), nullable=False, unique=True)
    name = Column(String(100), nullable=False, unique=True)
    control = Column(String(8), nullable=False, default="stop")
    kind = Column(String(16), nullable=False, default="expense")
    description = Column(Text, nullable=True)

    def __repr__(self) -> str:
        return self.name

    def validate(self) -> None:
        from app.finance.budgets import validate_category

        validate_category(self)


class Budget(Snapshot, ScopedMixin, AuditedMixin, Model):
    """One department's budget for one year. ``version`` is the active version of its lines."""

    __tablename__ = "budget"
    __resource__ = "budget"
    __table_args__ = (UniqueConstraint("year", "department_id", name="uq_budget_year_dept"),
                      Index("ix_budget_year_status", "year", "status"))

    id = Column(Integer, primary_key=True)
    year = Column(Integer, nullable=False)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    status = Column(String(16), nullable=False, default="draft", index=True)
    version = Column(Integer, nullable=False, default=1)
    note = Column(Text, nullable=True)
    approved_at = Column(DateTime, nullable=True)

    department = relationship("Department", lazy="joined")
    lines = relationship("BudgetLine", back_populates="budget", lazy="select",
                         order_by="BudgetLine.id")

    def __repr__(self) -> str:
        return f"{self.year} {self.department} v{self.version}"

    def validate(self) -> None:
        from app.finance.budgets import validate_budget

        validate_budget(self)


class BudgetLine(Snapshot, ScopedMixin, AuditedMixin, Model):
    """A budgeted amount: a category and kind, for the year (month empty) or one month."""

    __tablename__ = "budget_line"
    __resource__ = "budget_line"
    __table_args__ = (Index("ix_budget_line_budget_version", "budget_id", "version",
                            "category"),)

    id = Column(Integer, primary_key=True)
    budget_id = Column(Integer, ForeignKey("budget.id", ondelete="CASCADE"), nullable=False)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    version = Column(Integer, nullable=False, default=1)
    category = Column(String(32), ForeignKey("expense_category.code"), nullable=False,
                      index=True)
    kind = Column(String(16), nullable=False, default="expense")
    month = Column(Integer, nullable=True)
    amount = Column(Money, nullable=False)
    note = Column(Text, nullable=True)
    # 差異分析: why the line is over budget (asked for each overrun).
    overrun_reason = Column(Text, nullable=True)

    budget = relationship("Budget", back_populates="lines")
    category_ref = relationship("ExpenseCategory", lazy="joined")

    def __repr__(self) -> str:
        period = f"{self.month}月" if self.month else "全年"
        return f"{self.category} {self.kind} {period} {self.amount}"

    def validate(self) -> None:
        from app.finance.budgets import validate_line

        validate_line(self)


class BudgetAdjustment(ScopedMixin, AuditedMixin, Model):
    """預算調整: a request with a reason and line changes; approved, it makes a new version."""

    __tablename__ = "budget_adjustment"
    __resource__ = "budget_adjustment"

    id = Column(Integer, primary_key=True)
    budget_id = Column(Integer, ForeignKey("budget.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    reason = Column(Text, nullable=False)
    status = Column(String(16), nullable=False, default="draft", index=True)
    from_version = Column(Integer, nullable=True)
    to_version = Column(Integer, nullable=True)

    budget = relationship("Budget")
    lines = relationship("BudgetAdjustmentLine", back_populates="adjustment",
                         order_by="BudgetAdjustmentLine.id")

    def __repr__(self) -> str:
        return f"#{self.id} {self.budget}"

    def validate(self) -> None:
        from app.finance.budgets import validate_adjustment

        validate_adjustment(self)


class BudgetAdjustmentLine(ScopedMixin, AuditedMixin, Model):
    """One change of an adjustment: ``delta`` added to the line (category, kind, month)."""

    __tablename__ = "budget_adjustment_line"
    __resource__ = "budget_adjustment_line"

    id = Column(Integer, primary_key=True)
    adjustment_id = Column(Integer, ForeignKey("budget_adjustment.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    category = Column(String(32), ForeignKey("expense_category.code"), nullable=False,
                      index=True)
    kind = Column(String(16), nullable=False, default="expense")
    month = Column(Integer, nullable=True)
    delta = Column(Money, nullable=False)

    adjustment = relationship("BudgetAdjustment", back_populates="lines")

    def __repr__(self) -> str:
        return f"{self.category} {self.month or '全年'} {self.delta:+}"

    def validate(self) -> None:
        from app.finance.budgets import validate_adjustment_line

        validate_adjustment_line(self)


def _claimant():
    from app.finance.expenses import _current_employee_id

    return _current_employee_id()


class Expense(Snapshot, ScopedMixin, AuditedMixin, Model):
    """報銷: an employee's claim, checked against the budget line of its category."""

    __tablename__ = "expense"
    __resource__ = "expense"
    scope_owner_employee_columns = ("employee_id",)
    __table_args__ = (
        # Budget usage (control and execution) reads this index only: amount is included.
        Index("ix_expense_budget_usage", "budget_id", "category", "status", "spent_on",
              postgresql_include=["amount"]),
        Index("ix_expense_status_id", "status", "id"),
        Index("ix_expense_spent_on_id", "spent_on", "id"),
    )

    id = Column(Integer, primary_key=True)
    # Defaults to the claimant filing it (validate_expense); the department is theirs.
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True,
                         default=_claimant)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    category = Column(String(32), ForeignKey("expense_category.code"), nullable=False,
                      index=True)
    amount = Column(Money, nullable=False)
    spent_on = Column(Date, nullable=False, default=dt.date.today)
    purpose = Column(Text, nullable=False)
    status = Column(String(20), nullable=False, default="draft")
    # The budget the claim was checked against (set at submit), and what the check found.
    budget_id = Column(Integer, ForeignKey("budget.id"), nullable=True)
    budget_warning = Column(Text, nullable=True)
    paid_at = Column(DateTime, nullable=True)
    # The expense standard the claim is over (set at submit) and what it found: the claim
    # then needs the standard's extra approval (app/finance/standards.py).
    standard_id = Column(Integer, ForeignKey("expense_standard.id"), nullable=True,
                         index=True)
    standard_note = Column(Text, nullable=True)

    employee = relationship("Employee", foreign_keys=[employee_id], lazy="joined")
    department = relationship("Department", foreign_keys=[department_id], lazy="joined")
    category_ref = relationship("ExpenseCategory", lazy="joined")

    def __repr__(self) -> str:
        return f"#{self.id} {self.category} {self.amount}"

    def validate(self) -> None:
        from app.finance.expenses import validate_expense

        validate_expense(self)


class BudgetCommitment(ScopedMixin, AuditedMixin, Model):
    """預算占用: an amount another module committed against a budget line (a purchase
    approved), one row per source record; ``committed`` → ``spent`` (received / paid) or
    ``released`` (cancelled, rejected). Claims' control and the execution count committed
    and spent rows (app/finance/public.py). ``department_id`` is the source's department."""

    __tablename__ = "budget_commitment"
    __resource__ = "budget_commitment"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_budget_commitment_source"),
        Index("ix_budget_commitment_usage", "budget_id", "category", "status", "year",
              "month", postgresql_include=["amount"]),
    )

    id = Column(Integer, primary_key=True)
    source = Column(String(40), nullable=False)
    source_id = Column(Integer, nullable=False)
    budget_id = Column(Integer, ForeignKey("budget.id", name="fk_budget_commitment_budget_id"),
                       nullable=True)
    department_id = Column(Integer, ForeignKey("department.id",
                                               name="fk_budget_commitment_department_id"),
                           nullable=False, index=True)
    category = Column(String(32), ForeignKey("expense_category.code",
                                             name="fk_budget_commitment_category"),
                      nullable=False)
    year = Column(Integer, nullable=False)
    month = Column(Integer, nullable=False)
    amount = Column(Money, nullable=False)
    status = Column(String(16), nullable=False, default="committed")
    warning = Column(Text, nullable=True)
    note = Column(Text, nullable=True)
    spent_at = Column(DateTime, nullable=True)
    released_at = Column(DateTime, nullable=True)

    def __repr__(self) -> str:
        return f"{self.source} #{self.source_id} {self.category} {self.amount}"

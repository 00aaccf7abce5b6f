"""Expense standards (費用標準, 000 / 002 / 004): a limit per category, per claim (a trip, a meal)
or per person and month, for the whole company or narrowed to a department (and below), a
position or a role kind. A claim over the standard that applies to it (the most specific one;
the lowest limit among equals) is marked at submit — shown on the claim — and needs the extra
approval the standard names (``approve_standard`` by a holder of ``approver_kind``) before
finance may approve it.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app
from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Integer, String, Text, extract, func, select
from sqlalchemy.orm import relationship

from app.core.errors import Conflict, Forbidden, Invalid
from app.core.models import AuditedMixin
from app.core.scope import unscoped
from app.extensions import db
from app.finance.models import Expense, ExpenseCategory, Money, money

BASES = ("per_claim", "per_month")
BASIS_LABELS = {"per_claim": _l("Per claim (trip, meal …)"),
                "per_month": _l("Per person per month")}
# Role kinds (app/core/roles.py) a standard may name as its extra approver.
APPROVER_KINDS = ("Executive", "Finance", "Department head", "HR")
# States whose claims count towards a monthly standard (the claim itself excluded).
MONTH_STATES = ("submitted", "head_approved", "standard_approved", "finance_approved", "paid")


class ExpenseStandard(AuditedMixin, Model):
    """費用標準: company reference data (like the categories), read by everyone."""

    __tablename__ = "expense_standard"
    __resource__ = "expense_standard"

    id = Column(Integer, primary_key=True)
    category = Column(String(32), ForeignKey("expense_category.code"), nullable=False,
                      index=True)
    basis = Column(String(16), nullable=False, default="per_claim",
                   info={"choices": BASES})
    limit = Column(Money, nullable=False)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    position_id = Column(Integer, ForeignKey("position.id"), nullable=True, index=True)
    role_kind = Column(String(32), nullable=True)
    approver_kind = Column(String(32), nullable=False, default="Executive")
    note = Column(Text, nullable=True)

    category_ref = relationship("ExpenseCategory", lazy="joined")
    department = relationship("Department", lazy="joined")
    position = relationship("Position", lazy="joined")

    def __repr__(self) -> str:
        return f"{self.category_ref or self.category} ≤ {self.limit} ({basis_label(self.basis)})"

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.department_id, self.position_id, self.role_kind))

    def validate(self) -> None:
        validate_standard(self)


def basis_label(basis) -> str:
    return str(BASIS_LABELS.get(basis, basis))


def kind_label(kind) -> str:
    from app.core.roles import role_name

    try:
        return role_name(kind) if kind else ""
    except RuntimeError:
        return str(kind or "")


def validate_standard(s: ExpenseStandard) -> None:
    from app.core.roles import ROLES

    if getattr(s, "category_ref", None) is not None and not s.category:
        s.category = s.category_ref.code
    if not s.category or db.session.scalar(
            select(ExpenseCategory.id).where(ExpenseCategory.code == s.category)) is None:
        raise Invalid(str(_l("Unknown expense category")), field="category")
    if s.basis not in BASES:
        raise Invalid(str(_l("Basis must be per claim or per person per month")),
                      field="basis")
    s.limit = money(s.limit, "limit", positive=True, label=_l("Limit"))
    s.role_kind = s.role_kind or None
    if s.role_kind is not None and s.role_kind not in ROLES:
        raise Invalid(str(_l("Unknown role kind")), field="role_kind")
    s.approver_kind = s.approver_kind or "Executive"
    if s.approver_kind not in APPROVER_KINDS:
        raise Invalid(str(_l("The extra approver must be management, finance, a department "
                             "head or HR")), field="approver_kind")


def _claimant(expense: Expense) -> tuple[list[int], int | None, set[str]]:
    """(the claimant's department and those above it, position id, role kinds)."""
    from app.core.models import RoleScope
    from app.finance.control import _department_chain
    from app.org.models import Employee
    from app.security import user_role_ids_query

    row = db.session.execute(select(Employee.department_id, Employee.position_id,
                                    Employee.user_id)
                             .where(Employee.id == expense.employee_id)).first()
    if row is None:
        return [], None, set()
    kinds = set()
    if row.user_id is not None:
        kinds = set(db.session.scalars(select(RoleScope.kind).where(
            RoleScope.role_id.in_(user_role_ids_query(row.user_id)),
            RoleScope.kind.is_not(None))))
    return _department_chain(row.department_id), row.position_id, kinds


def applicable(expense: Expense) -> ExpenseStandard | None:
    """The standard for the claim: the most specific that matches, lowest limit first."""
    with unscoped():
        chain, position_id, kinds = _claimant(expense)
        found = [s for s in db.session.scalars(
                    select(ExpenseStandard).where(ExpenseStandard.category == expense.category))
                 if (s.department_id is None or s.department_id in chain)
                 and (s.position_id is None or s.position_id == position_id)
                 and (s.role_kind is None or s.role_kind in kinds)]
    if not found:
        return None
    return sorted(found, key=lambda s: (-s.specificity, Decimal(str(s.limit)), s.id))[0]


def counted_amount(expense: Expense, standard: ExpenseStandard) -> Decimal:
    """What the standard measures: the claim, or the person's month in that category."""
    amount = Decimal(str(expense.amount))
    if standard.basis != "per_month":
        return amount
    day = expense.spent_on or dt.date.today()
    with unscoped():
        stmt = select(func.coalesce(func.sum(Expense.amount), 0)).where(
            Expense.employee_id == expense.employee_id, Expense.category == expense.category,
            Expense.status.in_(MONTH_STATES), extract("year", Expense.spent_on) == day.year,
            extract("month", Expense.spent_on) == day.month)
        if expense.id is not None:
            stmt = stmt.where(Expense.id != expense.id)
        before = Decimal(str(db.session.scalar(stmt) or 0))
    return (before + amount).quantize(Decimal("0.01"))


def mark_standard(expense: Expense, ctx) -> None:
    """Guard of ``submit``: record whether the claim is over its standard (never refuses)."""
    if ctx.from_state is None:
        return
    standard = applicable(expense)
    total = counted_amount(expense, standard) if standard is not None else None
    if standard is None or total <= Decimal(str(standard.limit)):
        expense.standard_id = None
        expense.standard_note = None
        return
    expense.standard_id = standard.id
    expense.standard_note = str(_l(
        "Over the standard for %(category)s: %(limit)s %(basis)s, this claim comes to "
        "%(total)s — needs approval by %(approver)s",
        category=standard.category_ref.name if standard.category_ref else expense.category,
        limit=f"{Decimal(str(standard.limit)):,.2f}", basis=basis_label(standard.basis),
        total=f"{total:,.2f}", approver=kind_label(standard.approver_kind)))


def _standard_of(expense: Expense) -> ExpenseStandard | None:
    if expense.standard_id is None:
        return None
    with unscoped():
        return db.session.get(ExpenseStandard, expense.standard_id)


def _cite(message) -> str:
    from app.finance.rules import cite_for

    clause = cite_for("expense_standard")
    return f"{message}（{clause}）" if clause else str(message)


def standard_approver(expense: Expense, ctx) -> None:
    """Guard of ``approve_standard``: only a claim over a standard, only by the kind it
    names."""
    from app.core.roles import kinds_of

    standard = _standard_of(expense)
    if standard is None:
        raise Conflict(str(_l("This claim is within the expense standards: no extra approval "
                              "is needed")))
    user = ctx.user if ctx.user is not None else current_app.appbuilder.sm.current_user
    if standard.approver_kind not in kinds_of(user):
        raise Forbidden(_cite(_l("A claim over this standard is approved by %(approver)s",
                                 approver=kind_label(standard.approver_kind))))


def standard_approved(expense: Expense, ctx) -> None:
    """Guard of ``approve_finance``: a claim over a standard needs its extra approval first."""
    standard = _standard_of(expense)
    if standard is None or ctx.from_state == "standard_approved":
        return
    if ctx.from_state is None and expense.status == "standard_approved":
        return
    raise Invalid(_cite(_l("Over the expense standard: %(approver)s approves it before "
                           "finance (%(note)s)", approver=kind_label(standard.approver_kind),
                           note=expense.standard_note or "")), field="amount")

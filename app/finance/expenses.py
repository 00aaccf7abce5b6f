"""Expense claims (報銷): validation, receipts, the claimant's department."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import attachments
from app.core.errors import Invalid
from app.core.scope import SCOPE_OWN, current_scope, unscoped
from app.extensions import db
from app.finance.models import Expense, ExpenseCategory, money

# Columns a claim keeps once submitted (the amount change goes through reject → edit → submit).
LOCKED_AFTER_SUBMIT = ("employee_id", "department_id", "category", "amount", "spent_on")
EDITABLE_STATES = ("draft", "rejected")


def _current_employee_id():
    from app.core.approvers import current_employee_id

    try:
        return current_employee_id()
    except RuntimeError:  # no request: seeds, CLI
        return None


def validate_expense(e: Expense) -> None:
    from app.org.models import Employee

    is_new = e.is_new
    if not is_new and e.status not in EDITABLE_STATES:
        changed = e.changed_since_load(*LOCKED_AFTER_SUBMIT)
        if changed:
            raise Invalid(str(_l("A claim cannot be changed once submitted; reject it back to "
                                 "the employee first")), field=changed[0])
    if e.employee_id is None and getattr(e, "employee", None) is not None:
        e.employee_id = e.employee.id
    if e.employee_id is None:
        e.employee_id = _current_employee_id()
    if e.employee_id is None:
        raise Invalid(str(_l("Employee is required")), field="employee_id")
    scope = current_scope()
    if scope.kind == SCOPE_OWN and e.employee_id != scope.employee_id:
        # Staff file their own claims; heads and finance may file for people in their scope.
        raise Invalid(str(_l("You can only file your own expense claims")), field="employee_id")
    # The claimant's department, always: a claim cannot be filed under another department.
    with unscoped():
        dept = db.session.scalar(select(Employee.department_id)
                                 .where(Employee.id == e.employee_id))
    if dept is None:
        raise Invalid(str(_l("No such employee")), field="employee_id")
    e.department_id = dept
    e.amount = money(e.amount, "amount", positive=True, label=_l("Amount"))
    if getattr(e, "category_ref", None) is not None and not e.category:
        e.category = e.category_ref.code
    if not e.category or db.session.scalar(
            select(ExpenseCategory.id).where(ExpenseCategory.code == e.category)) is None:
        raise Invalid(str(_l("Unknown expense category")), field="category")
    if e.spent_on is None:
        e.spent_on = dt.date.today()
    if isinstance(e.spent_on, str):
        try:
            e.spent_on = dt.date.fromisoformat(e.spent_on)
        except ValueError:
            raise Invalid(str(_l("Date spent must be a date (YYYY-MM-DD)")),
                          field="spent_on") from None
    if e.spent_on > dt.date.today():
        raise Invalid(str(_l("Date spent cannot be in the future")), field="spent_on")
    if not (e.purpose or "").strip():
        raise Invalid(str(_l("Purpose is required")), field="purpose")
    if is_new and not e.status:
        e.status = "draft"


def has_receipt(expense: Expense, ctx) -> None:
    """Guard of ``submit``: at least one invoice / voucher attached."""
    from app.finance.rules import cite_for

    if attachments.count("expense", expense.id) == 0:
        clause = cite_for("expense_receipts")
        message = str(_l("Attach at least one receipt (invoice or voucher) before submitting"))
        raise Invalid(f"{message}（{clause}）" if clause else message, field="file")

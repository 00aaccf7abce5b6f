"""Approvers from the org chart (DESIGN §4): 部門負責人 / 上級主管 as recorded, not as a role.

Guards for workflow transitions. "The head of a department" is the employee recorded as its
head; where a department has none, the step goes to the head of the next department up, so it
never waits in nobody's inbox. "The employee's manager" is the recorded manager, else the head
of the employee's department (or above). Amount tiers: a user may approve up to the largest
limit among their roles (profile data); above it the next level must approve.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import Forbidden
from app.core.request_memo import remembered
from app.core.scope import unscoped
from app.extensions import db


def current_employee_id() -> int | None:
    user = current_app.appbuilder.sm.current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return employee_of_user(user.id)


def employee_of_user(user_id: int | None) -> int | None:
    """The employee id of a login (kept for the request: guards ask it once per row)."""
    from app.org.models import Employee

    if user_id is None:
        return None

    def lookup():
        with unscoped():
            return db.session.scalar(select(Employee.id).where(Employee.user_id == user_id))

    return remembered("employee_of_user", user_id, lookup)


def _department_rows() -> dict:
    """{department id: (parent id, head id)} from the request's department tree."""
    from app.core.people import department_tree

    return {d: (p, h) for d, (p, _k, h) in department_tree().items()}


def last_actor_employee(resource: str, record_id, transition: str) -> int | None:
    """The employee who last took ``transition`` on the record (the submitter, say), from the
    workflow's transition history (kept for the request; an inbox loads it per section)."""
    from app.core.workflow import workflow_for

    for actor_id, name in workflow_for(resource).transition_history(record_id):
        if name == transition:
            return employee_of_user(actor_id)
    return None


def recorded_head(department_id: int | None, *, exclude: int | None = None) -> int | None:
    """The employee id heading ``department_id``, walking up while there is none (or while the
    head is ``exclude``: nobody approves their own request)."""
    rows = _department_rows()
    seen = set()
    node = department_id
    while node is not None and node not in seen:
        seen.add(node)
        parent, head = rows.get(node, (None, None))
        if head is not None and head != exclude:
            return head
        node = parent
    return None


def manager_of(employee_id: int | None) -> int | None:
    """The employee's recorded manager, else the head of their department (or above)."""
    from app.org.models import Employee

    if employee_id is None:
        return None
    with unscoped():
        row = db.session.execute(select(Employee.manager_id, Employee.department_id)
                                 .where(Employee.id == employee_id)).first()
    if row is None:
        return None
    manager_id, department_id = row
    if manager_id is not None and manager_id != employee_id:
        return manager_id
    return recorded_head(department_id, exclude=employee_id)


def head_of_department(get_department_id: Callable, *, exclude_employee: Callable | None = None,
                       message=None) -> Callable:
    """Guard: the current user is the recorded head of the record's department (or, where it
    has none, of the nearest department above that has one)."""

    def guard(record, ctx):
        excluded = exclude_employee(record) if exclude_employee else None
        approver = recorded_head(get_department_id(record), exclude=excluded)
        if approver is None or approver != current_employee_id():
            raise Forbidden(str(message or _l(
                "Only the recorded head of the department may take this step")))

    guard.__name__ = "head_of_department"
    return guard


def manager_of_employee(get_employee_id: Callable, message=None) -> Callable:
    """Guard: the current user is the employee's recorded manager (上級主管)."""

    def guard(record, ctx):
        approver = manager_of(get_employee_id(record))
        if approver is None or approver != current_employee_id():
            raise Forbidden(str(message or _l(
                "Only the employee's recorded manager may take this step")))

    guard.__name__ = "manager_of_employee"
    return guard


def approval_limit() -> Decimal | None:
    """The current user's approval limit: the largest among their role kinds' limits in the
    profile's ``approval_limits`` ({kind: amount, or None for unlimited}). None (no limit)
    when none of the user's kinds has one."""
    from app.core.roles import kinds_of
    from app.profiles import profile_of

    limits = dict(profile_of().approval_limits)
    user = current_app.appbuilder.sm.current_user
    best: Decimal | None = None
    for kind in kinds_of(user):
        if kind not in limits:
            continue
        limit = limits[kind]
        if limit is None:
            return None
        best = Decimal(str(limit)) if best is None else max(best, Decimal(str(limit)))
    return best


def amount_tier(get_amount: Callable, message=None) -> Callable:
    """Guard: the amount is within the approver's limit; above it the next level approves."""

    def guard(record, ctx):
        limit = approval_limit()
        amount = Decimal(str(get_amount(record) or 0))
        if limit is not None and amount > limit:
            raise Forbidden(str(message or _l(
                "%(amount)s is above your approval limit of %(limit)s: the next level approves",
                amount=amount, limit=limit)))

    guard.__name__ = "amount_tier"
    return guard

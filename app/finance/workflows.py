"""Finance workflows (rule books 000 財務管理, 002 六, 004 六):

budget:      draft ─submit→ submitted ─consolidate→ consolidated ─approve→ approved;
             return (submitted / consolidated → draft, reason required).
adjustment:  draft ─submit→ submitted ─approve→ approved (a new budget version) / reject.
expense:     draft ─submit→ submitted ─approve_head→ head_approved ─approve_finance→
             finance_approved ─pay→ paid; a claim over its expense standard goes
             head_approved ─approve_standard→ standard_approved ─approve_finance→ … (the
             approver the standard names); reject (reason required) back to the employee,
             who edits and submits again.

Who may is permissions (app/finance/permissions.py: the profile's finance owner holds
``can_consolidate``), the recorded head of the claimant's department (app/core/approvers.py),
payment limits per role (profile data) and the budget check (app/finance/control.py).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.approvers import amount_tier, head_of_department
from app.core.models import utcnow
from app.core.workflow import Transition, Workflow
from app.finance.budgets import adjustment_guard, apply_adjustment, has_lines, stamp_approved
from app.finance.control import budget_guard
from app.finance.expenses import has_receipt
from app.finance.models import Budget, BudgetAdjustment, Expense
from app.finance.standards import mark_standard, standard_approved, standard_approver

BUDGET_WORKFLOW = Workflow(
    resource="budget",
    model=Budget,
    title=_l("Budgets"),
    initial="draft",
    states={"draft": _l("Draft"), "submitted": _l("Submitted"),
            "consolidated": _l("Consolidated"), "approved": _l("Approved")},
    transitions=[
        Transition("submit", ("draft",), "submitted", _l("Submit to finance"),
                   guards=(has_lines,), inbox=False),
        Transition("consolidate", ("submitted",), "consolidated", _l("Consolidate"),
                   guards=(has_lines,)),
        Transition("approve", ("consolidated",), "approved", _l("Approve budget"),
                   guards=(has_lines,), effect=stamp_approved),
        Transition("return", ("submitted", "consolidated"), "draft", _l("Return for revision"),
                   comment_required=True, style="warning", inbox=False),
    ],
)

ADJUSTMENT_WORKFLOW = Workflow(
    resource="budget_adjustment",
    model=BudgetAdjustment,
    title=_l("Budget adjustments"),
    initial="draft",
    states={"draft": _l("Draft"), "submitted": _l("Submitted"), "approved": _l("Approved"),
            "rejected": _l("Rejected")},
    transitions=[
        Transition("submit", ("draft",), "submitted", _l("Submit adjustment"),
                   guards=(adjustment_guard,), inbox=False),
        Transition("approve", ("submitted",), "approved", _l("Approve adjustment"),
                   guards=(adjustment_guard,), effect=apply_adjustment, not_by=("submit",)),
        Transition("reject", ("submitted",), "rejected", _l("Reject adjustment"),
                   comment_required=True, style="danger", inbox=False),
    ],
)


def _paid(expense, ctx):
    expense.paid_at = utcnow()


EXPENSE_WORKFLOW = Workflow(
    resource="expense",
    model=Expense,
    title=_l("Expense claims"),
    initial="draft",
    states={"draft": _l("Draft"), "submitted": _l("Submitted"),
            "head_approved": _l("Approved by head"),
            "standard_approved": _l("Over-standard approved"),
            "finance_approved": _l("Approved by finance"), "paid": _l("Paid"),
            "rejected": _l("Rejected")},
    transitions=[
        Transition("submit", ("draft", "rejected"), "submitted", _l("Submit claim"),
                   guards=(has_receipt, budget_guard("submitted"), mark_standard),
                   inbox=False),
        Transition("approve_head", ("submitted",), "head_approved", _l("Approve (head)"),
                   guards=(head_of_department(lambda e: e.department_id,
                                              exclude_employee=lambda e: e.employee_id),
                           budget_guard("head_approved"))),
        Transition("approve_standard", ("head_approved",), "standard_approved",
                   _l("Approve over standard"), guards=(standard_approver,),
                   not_by=("submit",), rule="004.finance.expense_standard"),
        Transition("approve_finance", ("head_approved", "standard_approved"),
                   "finance_approved", _l("Approve (finance)"),
                   guards=(standard_approved, budget_guard("finance_approved")),
                   not_by=("submit",)),
        Transition("pay", ("finance_approved",), "paid", _l("Pay"),
                   guards=(amount_tier(lambda e: e.amount),), effect=_paid,
                   not_by=("submit",)),
        Transition("reject", ("submitted", "head_approved", "standard_approved",
                              "finance_approved"), "rejected",
                   _l("Reject"), comment_required=True, style="danger", inbox=False),
    ],
)

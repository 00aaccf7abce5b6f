"""Finance pages: categories, budgets with their lines, adjustments, claims with receipts."""
from __future__ import annotations

from decimal import Decimal

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.validators import InputRequired, Optional

from app.core import attachments
from app.core.interface import YuelaoInterface
from app.core.views import YuelaoModelView
from app.finance.contracts import Contract, Payment
from app.finance.models import (
    Budget,
    BudgetAdjustment,
    BudgetAdjustmentLine,
    BudgetLine,
    Expense,
    ExpenseCategory,
)
from app.finance.standards import (
    APPROVER_KINDS,
    BASES,
    BASIS_LABELS,
    ExpenseStandard,
    kind_label,
)

LABELS = {
    "code": _l("Code"), "name": _l("Name"), "control": _l("Budget control"),
    "kind": _l("Kind"), "description": _l("Description"), "year": _l("Year"),
    "department": _l("Department"), "department_id": _l("Department"),
    "version": _l("Version"), "note": _l("Note"), "approved_at": _l("Approved at"),
    "budget": _l("Budget"), "budget_id": _l("Budget"), "category": _l("Category"),
    "category_ref": _l("Category"), "month": _l("Month"), "amount": _l("Amount"),
    "overrun_reason": _l("Overrun reason"), "reason": _l("Reason"),
    "from_version": _l("From version"), "to_version": _l("To version"),
    "adjustment": _l("Adjustment"), "delta": _l("Change"), "employee": _l("Employee"),
    "spent_on": _l("Date spent"), "purpose": _l("Purpose"),
    "budget_warning": _l("Budget warning"), "paid_at": _l("Paid at"),
    "contract_no": _l("Contract No."), "client": _l("Client"), "owner": _l("Owner"),
    "tier": _l("Membership tier"), "price": _l("Price"), "received": _l("Amount received"),
    "services": _l("Included services"), "signed_on": _l("Signed on"),
    "contract": _l("Contract"), "paid_on": _l("Paid on"),
    "receipt_no": _l("Receipt / invoice No."),
    "basis": _l("Basis"), "limit": _l("Limit"), "position": _l("Position"),
    "role_kind": _l("Role"), "approver_kind": _l("Extra approval by"),
    "standard_note": _l("Over standard"),
}
TIER_LABELS = {"standard": _l("Standard"), "premium": _l("Premium"), "private": _l("Private")}
PAYMENT_LABELS = {"deposit": _l("Deposit"), "full": _l("Full payment"),
                  "instalment": _l("Instalment")}
CONTROL_LABELS = {"stop": _l("Stop (refuse overruns)"), "warn": _l("Warn (flag overruns)")}
KIND_LABELS = {"income": _l("Income"), "cost": _l("Cost"), "expense": _l("Expense"),
               "capital": _l("Capital"), "fund": _l("Funds")}


def _money(value):
    return "" if value is None else f"{Decimal(str(value)):,.2f}"


def _month(value):
    return str(_l("Whole year")) if value in (None, "") else str(value)


def _kind_choices(blank: bool):
    from app.core.roles import ROLES

    kinds = APPROVER_KINDS if not blank else tuple(k for k in ROLES
                                                   if k not in ("Admin", "Public"))
    return ([("", str(_l("Anyone")))] if blank else []) + [(k, kind_label(k)) for k in kinds]


def _warning(value):
    if not value:
        return ""
    return Markup('<span class="label label-warning yl-budget-warning">%s</span>') % escape(
        value)


class CategoryFromRefMixin:
    """Forms pick a category by name (``category_ref``); the record keeps its code."""

    def pre_add(self, item):
        if item.category_ref is not None:
            item.category = item.category_ref.code
        super().pre_add(item)

    def pre_update(self, item):
        if item.category_ref is not None:
            item.category = item.category_ref.code
        super().pre_update(item)


class ExpenseCategoryView(YuelaoModelView):
    resource = "expense_category"
    datamodel = YuelaoInterface(ExpenseCategory)
    list_title = show_title = _l("Expense categories")
    add_title = edit_title = _l("Expense category")
    label_columns = LABELS
    list_columns = ["code", "name", "control", "kind"]
    show_columns = add_columns = edit_columns = ["code", "name", "control", "kind",
                                                 "description"]
    formatters_columns = {"control": lambda v: str(CONTROL_LABELS.get(v, v)),
                          "kind": lambda v: str(KIND_LABELS.get(v, v))}
    order_columns = ["code", "name"]
    search_columns = ["code", "name", "control"]
    add_form_extra_fields = edit_form_extra_fields = {
        "control": SelectField(_l("Budget control"), choices=list(CONTROL_LABELS.items()),
                               widget=Select2Widget(), validators=[InputRequired()]),
        "kind": SelectField(_l("Kind"), choices=list(KIND_LABELS.items()),
                            widget=Select2Widget(), validators=[InputRequired()]),
    }


class ExpenseStandardView(CategoryFromRefMixin, YuelaoModelView):
    """費用標準: limits per category, company-wide or for a department / position / role."""

    resource = "expense_standard"
    datamodel = YuelaoInterface(ExpenseStandard)
    list_title = show_title = _l("Expense standards")
    add_title = edit_title = _l("Expense standard")
    label_columns = LABELS
    list_columns = ["category_ref", "basis", "limit", "department", "position", "role_kind",
                    "approver_kind"]
    show_columns = add_columns = edit_columns = [
        "category_ref", "basis", "limit", "department", "position", "role_kind",
        "approver_kind", "note"]
    formatters_columns = {"basis": lambda v: str(BASIS_LABELS.get(v, v)), "limit": _money,
                          "role_kind": lambda v: kind_label(v) if v else str(_l("Anyone")),
                          "approver_kind": kind_label}
    order_columns = ["basis", "limit"]
    search_columns = ["category_ref", "basis", "department", "position"]
    add_form_extra_fields = edit_form_extra_fields = {
        "basis": SelectField(_l("Basis"), choices=[(b, BASIS_LABELS[b]) for b in BASES],
                             widget=Select2Widget(), validators=[InputRequired()]),
        "role_kind": SelectField(_l("Role"), choices=lambda: _kind_choices(True),
                                 widget=Select2Widget(), validators=[Optional()]),
        "approver_kind": SelectField(_l("Extra approval by"),
                                     choices=lambda: _kind_choices(False),
                                     widget=Select2Widget(), validators=[InputRequired()]),
    }


class BudgetLineView(CategoryFromRefMixin, YuelaoModelView):
    resource = "budget_line"
    datamodel = YuelaoInterface(BudgetLine)
    list_title = show_title = _l("Budget lines")
    add_title = edit_title = _l("Budget line")
    label_columns = LABELS
    list_columns = ["budget", "version", "category_ref", "kind", "month", "amount",
                    "overrun_reason"]
    show_columns = ["budget", "version", "category_ref", "kind", "month", "amount", "note",
                    "overrun_reason"]
    add_columns = ["budget", "category_ref", "kind", "month", "amount", "note"]
    edit_columns = ["category_ref", "kind", "month", "amount", "note", "overrun_reason"]
    formatters_columns = {"amount": _money, "month": _month,
                          "kind": lambda v: str(KIND_LABELS.get(v, v))}
    order_columns = ["version", "month", "amount"]
    search_columns = ["budget", "category", "kind", "month", "version"]


class BudgetView(YuelaoModelView):
    resource = "budget"
    datamodel = YuelaoInterface(Budget)
    list_title = show_title = _l("Budgets")
    add_title = edit_title = _l("Budget")
    label_columns = LABELS
    list_columns = ["year", "department", "status", "version", "approved_at"]
    show_columns = ["year", "department", "status", "version", "approved_at", "note",
                    "created_by", "created_at"]
    add_columns = ["year", "department", "note"]
    edit_columns = ["note"]
    order_columns = ["year", "status"]
    search_columns = ["year", "department", "status"]
    base_order = ("year", "desc")
    related_views = [BudgetLineView]


class BudgetAdjustmentLineView(YuelaoModelView):
    resource = "budget_adjustment_line"
    datamodel = YuelaoInterface(BudgetAdjustmentLine)
    list_title = show_title = _l("Adjustment lines")
    add_title = edit_title = _l("Adjustment line")
    label_columns = LABELS
    list_columns = ["adjustment", "category", "kind", "month", "delta"]
    show_columns = add_columns = edit_columns = ["adjustment", "category", "kind", "month",
                                                 "delta"]
    formatters_columns = {"delta": _money, "month": _month}


class BudgetAdjustmentView(YuelaoModelView):
    resource = "budget_adjustment"
    datamodel = YuelaoInterface(BudgetAdjustment)
    list_title = show_title = _l("Budget adjustments")
    add_title = edit_title = _l("Budget adjustment")
    label_columns = LABELS
    list_columns = ["budget", "reason", "status", "from_version", "to_version"]
    show_columns = ["budget", "reason", "status", "from_version", "to_version",
                    "created_by", "created_at"]
    add_columns = ["budget", "reason"]
    edit_columns = ["reason"]
    search_columns = ["budget", "status"]
    related_views = [BudgetAdjustmentLineView]


class ExpenseView(CategoryFromRefMixin, YuelaoModelView):
    resource = "expense"
    datamodel = YuelaoInterface(Expense)
    show_template = "finance/expense_show.html"
    list_title = show_title = _l("Expense claims")
    add_title = edit_title = _l("Expense claim")
    label_columns = LABELS
    list_columns = ["id", "employee", "department", "category_ref", "amount", "spent_on",
                    "status", "budget_warning", "standard_note"]
    show_columns = ["employee", "department", "category_ref", "amount", "spent_on",
                    "purpose", "status", "budget_warning", "standard_note", "paid_at",
                    "created_at"]
    add_columns = ["category_ref", "amount", "spent_on", "purpose"]
    edit_columns = ["category_ref", "amount", "spent_on", "purpose"]
    formatters_columns = {"amount": _money, "budget_warning": _warning,
                          "standard_note": _warning}
    order_columns = ["id", "amount", "spent_on", "status"]
    search_columns = ["status", "category_ref", "employee", "department", "spent_on"]
    base_order = ("id", "desc")

    def render_template(self, template, **kwargs):
        if template == self.show_template and "pk" in kwargs:
            kwargs["yl_attachments"] = attachments.show_context(self.resource, kwargs["pk"])
        return super().render_template(template, **kwargs)


class PaymentView(YuelaoModelView):
    resource = "payment"
    datamodel = YuelaoInterface(Payment)
    list_title = show_title = _l("Payments")
    add_title = edit_title = _l("Payment")
    label_columns = LABELS
    list_columns = ["contract", "kind", "amount", "paid_on", "receipt_no"]
    show_columns = ["contract", "kind", "amount", "paid_on", "receipt_no", "note",
                    "created_by", "created_at"]
    add_columns = ["contract", "kind", "amount", "paid_on", "receipt_no", "note"]
    edit_columns = ["note"]
    formatters_columns = {"amount": _money, "kind": lambda v: str(PAYMENT_LABELS.get(v, v))}
    order_columns = ["paid_on", "amount"]
    search_columns = ["contract", "kind", "paid_on", "receipt_no"]
    base_order = ("paid_on", "desc")


class ContractView(YuelaoModelView):
    resource = "contract"
    datamodel = YuelaoInterface(Contract)
    list_title = show_title = _l("Service contracts")
    add_title = edit_title = _l("Service contract")
    label_columns = LABELS
    list_columns = ["contract_no", "client", "tier", "price", "received", "signed_on",
                    "status"]
    show_columns = ["contract_no", "client", "tier", "price", "received", "services",
                    "signed_on", "status", "created_by", "created_at"]
    add_columns = ["contract_no", "client", "tier", "price", "services", "signed_on"]
    edit_columns = ["tier", "price", "services"]
    formatters_columns = {"price": _money, "received": _money,
                          "tier": lambda v: str(TIER_LABELS.get(v, v))}
    order_columns = ["contract_no", "signed_on", "price"]
    search_columns = ["contract_no", "tier", "status", "signed_on"]
    base_order = ("signed_on", "desc")
    related_views = [PaymentView]

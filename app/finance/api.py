"""REST: expense_category, budget (+ execution), budget_line, budget_adjustment(_line), expense."""
from __future__ import annotations

import datetime as dt

from flask import request
from flask_appbuilder.api import BaseApi, expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.interface import YuelaoInterface
from app.finance import budgets, contracts, figures
from app.finance.contracts import Contract, Payment
from app.finance.models import (
    Budget,
    BudgetAdjustment,
    BudgetAdjustmentLine,
    BudgetLine,
    Expense,
    ExpenseCategory,
)
from app.finance.standards import ExpenseStandard

_AUDIT_COLS = ["created_at", "created_by_id", "updated_at"]


class ExpenseCategoryApi(YuelaoModelApi):
    resource = "expense_category"
    datamodel = YuelaoInterface(ExpenseCategory)
    list_columns = show_columns = ["id", "code", "name", "control", "kind", "description"]
    add_columns = edit_columns = ["code", "name", "control", "kind", "description"]
    order_columns = ["id", "code", "name"]
    search_columns = ["code", "name", "control", "kind"]


class ExpenseStandardApi(YuelaoModelApi):
    resource = "expense_standard"
    datamodel = YuelaoInterface(ExpenseStandard)
    list_columns = show_columns = ["id", "category", "basis", "limit", "department_id",
                                   "position_id", "role_kind", "approver_kind", "note"]
    add_columns = edit_columns = ["category", "basis", "limit", "department_id",
                                  "position_id", "role_kind", "approver_kind", "note"]
    order_columns = ["id", "category", "limit"]
    search_columns = ["category", "basis", "department_id", "position_id", "role_kind"]


class BudgetApi(YuelaoModelApi):
    resource = "budget"
    datamodel = YuelaoInterface(Budget)
    method_permission_name = {**API_METHOD_PERMISSIONS, "execution": "read"}
    list_columns = ["id", "year", "department_id", "status", "version", "approved_at"]
    show_columns = list_columns + ["note"] + _AUDIT_COLS
    add_columns = ["year", "department_id", "note"]
    edit_columns = ["note"]
    order_columns = ["id", "year", "department_id", "status"]
    search_columns = ["year", "department_id", "status"]
    base_order = ("year", "desc")

    @expose("/<int:pk>/execution", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("execution")
    def execution(self, pk):
        """Budget vs actual, per line of the active version (or ``?version=N``)
        ---
        get:
          parameters:
          - {in: path, name: pk, schema: {type: integer}}
          - {in: query, name: version, schema: {type: integer}}
          responses:
            200: {description: "{lines: [{category, kind, month, budgeted, committed, spent,
              remaining, variance, overrun, overrun_reason}]}"}
            404: {description: not found or out of scope}
        """
        raw = request.args.get("version")
        if raw is not None and (not raw.isdigit() or int(raw) > 100000):
            return self.response_400(message="version must be a whole number")
        return self.response(200, **budgets.execution(pk, int(raw) if raw else None))


class BudgetLineApi(YuelaoModelApi):
    resource = "budget_line"
    datamodel = YuelaoInterface(BudgetLine)
    list_columns = ["id", "budget_id", "department_id", "version", "category", "kind",
                    "month", "amount", "overrun_reason"]
    show_columns = list_columns + ["note"] + _AUDIT_COLS
    add_columns = ["budget_id", "category", "kind", "month", "amount", "note"]
    edit_columns = ["category", "kind", "month", "amount", "note", "overrun_reason"]
    order_columns = ["id", "budget_id", "version", "category", "month"]
    search_columns = ["budget_id", "version", "category", "kind", "month"]


class BudgetAdjustmentApi(YuelaoModelApi):
    resource = "budget_adjustment"
    datamodel = YuelaoInterface(BudgetAdjustment)
    list_columns = ["id", "budget_id", "department_id", "reason", "status", "from_version",
                    "to_version"]
    show_columns = list_columns + _AUDIT_COLS
    add_columns = ["budget_id", "reason"]
    edit_columns = ["reason"]
    order_columns = ["id", "budget_id", "status"]
    search_columns = ["budget_id", "status"]


class BudgetAdjustmentLineApi(YuelaoModelApi):
    resource = "budget_adjustment_line"
    datamodel = YuelaoInterface(BudgetAdjustmentLine)
    list_columns = show_columns = ["id", "adjustment_id", "department_id", "category", "kind",
                                   "month", "delta"]
    add_columns = ["adjustment_id", "category", "kind", "month", "delta"]
    edit_columns = ["category", "kind", "month", "delta"]
    order_columns = ["id", "adjustment_id"]
    search_columns = ["adjustment_id", "category"]


class ExpenseApi(YuelaoModelApi):
    resource = "expense"
    datamodel = YuelaoInterface(Expense)
    attachments = True  # receipts: POST /api/v1/expense/<pk>/attachments
    list_columns = ["id", "employee_id", "department_id", "category", "amount", "spent_on",
                    "purpose", "status", "budget_id", "budget_warning", "standard_id",
                    "standard_note", "paid_at"]
    show_columns = list_columns + _AUDIT_COLS
    add_columns = ["employee_id", "category", "amount", "spent_on", "purpose"]
    edit_columns = ["category", "amount", "spent_on", "purpose"]
    order_columns = ["id", "spent_on", "amount", "status"]
    search_columns = ["status", "category", "employee_id", "department_id", "spent_on"]
    base_order = ("id", "desc")


class ContractApi(YuelaoModelApi):
    resource = "contract"
    datamodel = YuelaoInterface(Contract)
    attachments = True  # the signed contract
    method_permission_name = {**API_METHOD_PERMISSIONS, "receivables": "read"}
    list_columns = ["id", "contract_no", "client_id", "department_id", "owner_id", "tier",
                    "price", "received", "signed_on", "status"]
    show_columns = list_columns + ["services"] + _AUDIT_COLS
    add_columns = ["contract_no", "client_id", "tier", "price", "services", "signed_on"]
    edit_columns = ["tier", "price", "services", "status"]
    order_columns = ["id", "contract_no", "signed_on", "price"]
    search_columns = ["contract_no", "client_id", "tier", "status", "signed_on"]
    base_order = ("id", "desc")

    @expose("/receivables", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("receivables")
    def receivables(self):
        """Contracts in scope with a balance to receive (price − received), oldest first
        ---
        get:
          responses:
            200: {description: "{result: [{contract_id, contract_no, price, received,
              balance, age_days}]}"}
        """
        rows = contracts.receivables()
        return self.response(200, result=rows, count=len(rows))


class PaymentApi(YuelaoModelApi):
    resource = "payment"
    datamodel = YuelaoInterface(Payment)
    attachments = True  # the receipt / invoice scan
    list_columns = show_columns = ["id", "contract_id", "department_id", "kind", "amount",
                                   "paid_on", "receipt_no", "note", "created_at",
                                   "created_by_id"]
    add_columns = ["contract_id", "kind", "amount", "paid_on", "receipt_no", "note"]
    edit_columns = ["note"]
    order_columns = ["id", "paid_on", "amount"]
    search_columns = ["contract_id", "kind", "paid_on", "receipt_no"]
    base_order = ("id", "desc")


class FinanceFiguresApi(BaseApi):
    """GET /api/v1/finance_figures/<figure>?year=YYYY — in the caller's data scope."""

    resource_name = "finance_figures"
    class_permission_name = "finance_figures"
    method_permission_name = {"figure": "read"}
    allow_browser_login = True
    openapi_spec_tag = "Finance figures"

    @expose("/<name>", methods=["GET"])
    @protect()
    @safe
    @permission_name("figure")
    def figure(self, name):
        """One finance figure: budget_execution, claims_by_category, receivables_ageing or
        cash_flow
        ---
        get:
          parameters:
          - {in: path, name: name, schema: {type: string}}
          - {in: query, name: year, schema: {type: integer}}
          responses:
            200: {description: "the figure (money as strings with two places)"}
            400: {description: bad year}
            404: {description: no such figure}
        """
        if name not in figures.FIGURES:
            return self.response_404()
        if name == "receivables_ageing":
            return self.response(200, **figures.receivables_ageing())
        raw = request.args.get("year") or str(dt.date.today().year)
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            return self.response_400(message="year must be between 2000 and 2100")
        return self.response(200, **figures.FIGURES[name][1](int(raw)))

"""Budget lines imported from a spreadsheet (app/core/importer.py): the budget by year and
department, the category by name or code; a line is found again by budget, category, kind
and month (one amount each), in the budget's current version."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import Invalid
from app.core.importer import Col, ImportSpec
from app.extensions import db
from app.finance.views import KIND_LABELS
from app.finance.views import LABELS as L


def complete(data: dict) -> None:
    """year + department → the budget (in the user's scope) and its current version."""
    from app.finance.models import Budget

    year, department = data.get("year"), data.get("department_id")
    budget = db.session.scalar(select(Budget).where(
        Budget.year == year, Budget.department_id == department)) if year and department \
        else None
    if budget is None:
        raise Invalid(str(_l("No budget of that year and department within your data scope")),
                      field="year")
    data["budget_id"] = budget.id
    data["version"] = budget.version
    data.setdefault("kind", None)
    if data["kind"] is None:
        data["kind"] = "expense"


SPECS = (ImportSpec(
    resource="budget_line", model="app.finance.models:BudgetLine", label=_l("Budget lines"),
    key=("budget_id", "version", "category", "kind", "month"), complete=complete,
    columns=(
        Col("year", L["year"], "int", True, example="2026"),
        Col("department_id", L["department"], "ref", True,
            ref=("app.org.models:Department", "name"), example="天河店"),
        Col("category", L["category"], "ref", True,
            ref=("app.finance.models:ExpenseCategory", "name", "code")),
        Col("kind", L["kind"], "choice", choices=KIND_LABELS, example=KIND_LABELS["expense"]),
        Col("month", L["month"], "int", example="1"),
        Col("amount", L["amount"], "decimal", True, example="12000.00"),
        Col("note", L["note"]),
    )),)

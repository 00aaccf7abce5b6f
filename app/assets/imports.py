"""Assets and supply items imported from a spreadsheet (app/core/importer.py): assets found
again by asset code (empty: a new code from the category), supplies by item code. A supply
item's stock is set only when it is created; later it moves through receipts and issues."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.assets.views import LABELS as L
from app.assets.views import METHOD_LABELS
from app.core.importer import Col, ImportSpec

ASSETS = ImportSpec(
    resource="asset", model="app.assets.models:Asset", label=_l("Assets"), key=("code",),
    columns=(
        Col("code", L["code"]),
        Col("name", L["name"], required=True, example="辦公電腦"),
        Col("category_id", L["category"], "ref", True,
            ref=("app.assets.models:AssetCategory", "name")),
        Col("department_id", L["department"], "ref", True,
            ref=("app.org.models:Department", "name"), example="天河店"),
        Col("custodian_id", L["custodian"], "ref",
            ref=("app.org.models:Employee", "employee_no")),
        Col("location", L["location"]),
        Col("supplier", L["supplier"]),
        Col("purchase_date", L["purchase_date"], "date", example="2026-03-01"),
        Col("cost", L["cost"], "decimal", True, example="5999.00"),
        Col("salvage_value", L["salvage_value"], "decimal", example="0"),
        Col("useful_life_months", L["useful_life_months"], "int", example="36"),
        Col("depreciation_method", L["depreciation_method"], "choice",
            choices=METHOD_LABELS),
        Col("in_service_date", L["in_service_date"], "date", example="2026-03-01"),
        Col("notes", L["notes"]),
    ))


def _new_stock_only(item, is_new: bool) -> None:
    """An existing item's stock is not the importer's to change (app/assets/supplies.py)."""
    from sqlalchemy import inspect

    if not is_new:
        state = inspect(item)
        if state.attrs["stock"].history.has_changes():
            item.stock = state.attrs["stock"].history.deleted[0]


SUPPLIES = ImportSpec(
    resource="supply_item", model="app.assets.models_ops:SupplyItem",
    label=_l("Supply item"), key=("code",), prepare=_new_stock_only,
    columns=(
        Col("code", L["code"], required=True, example="S-001"),
        Col("name", L["name"], required=True, example="A4 影印紙"),
        Col("unit", L["unit"], example="包"),
        Col("stock", L["stock"], "int", example="20"),
        Col("min_stock", L["min_stock"], "int", example="5"),
        Col("location", L["location"]),
    ))

SPECS = (ASSETS, SUPPLIES)

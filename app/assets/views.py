"""Asset pages: register, moves, posted depreciation, sign-outs, upkeep, stock-takes,
disposals, supplies and requisitions. Scope, audit, history and workflow come from the core."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import and_
from wtforms import SelectField
from wtforms.validators import InputRequired

from app.assets import depreciation as dep
from app.assets.interface import AssetInterface
from app.assets.models import (
    ACTIVE_STATES,
    Asset,
    AssetCategory,
    AssetLoan,
    AssetMove,
    DepreciationEntry,
    MaintenanceRecord,
)
from app.assets.models_ops import (
    DISPOSAL_METHODS,
    Disposal,
    Requisition,
    Stocktake,
    StocktakeLine,
    SupplyItem,
    SupplyMove,
)
from app.core.interface import YuelaoInterface
from app.core.views import YuelaoModelView

METHOD_LABELS = {dep.STRAIGHT_LINE: _l("Straight line"),
                 dep.DOUBLE_DECLINING: _l("Double declining balance"),
                 dep.SUM_OF_YEARS: _l("Sum of the years' digits")}
DISPOSAL_METHOD_LABELS = {"scrap": _l("Scrap"), "sale": _l("Sale"),
                          "donation": _l("Donation"), "loss": _l("Loss write-off")}
RESULT_LABELS = {"found": _l("Found"), "missing": _l("Missing"), "damaged": _l("Damaged")}

LABELS = {
    "code": _l("Code"), "name": _l("Name"), "category": _l("Category"),
    "department": _l("Department"), "custodian": _l("Custodian"), "location": _l("Location"),
    "supplier": _l("Supplier"), "purchase_date": _l("Purchase date"), "cost": _l("Cost"),
    "salvage_value": _l("Salvage value"), "useful_life_months": _l("Useful life (months)"),
    "depreciation_method": _l("Depreciation method"), "in_service_date": _l("In service on"),
    "disposed_on": _l("Disposed on"), "book_value": _l("Book value"), "notes": _l("Notes"),
    "maintenance_interval_days": _l("Maintenance interval (days)"),
    "last_maintained_on": _l("Last maintained on"),
    "next_maintenance_due": _l("Next maintenance due"), "asset": _l("Asset"),
    "moved_on": _l("Moved on"), "reason": _l("Reason"), "from_department": _l("From department"),
    "to_department": _l("To department"), "from_custodian": _l("From custodian"),
    "to_custodian": _l("To custodian"), "month": _l("Month"), "amount": _l("Amount"),
    "accumulated": _l("Accumulated"), "employee": _l("Employee"), "start_at": _l("Signed out"),
    "due_at": _l("Due back"), "returned_at": _l("Returned"), "purpose": _l("Purpose"),
    "kind": _l("Kind"), "done_on": _l("Done on"), "planned_on": _l("Planned on"),
    "started_at": _l("Started"), "closed_at": _l("Closed"), "stocktake": _l("Stock-take"),
    "result": _l("Result"), "explanation": _l("Explanation"), "method": _l("Method"),
    "proceeds": _l("Proceeds"), "requested_by": _l("Requested by"), "unit": _l("Unit"),
    "stock": _l("Stock"), "min_stock": _l("Minimum stock"), "item": _l("Item"),
    "quantity": _l("Quantity"), "balance": _l("Balance"), "note": _l("Note"),
    "issued_at": _l("Issued"), "default_life_months": _l("Default life (months)"),
    "default_method": _l("Default method"), "below_minimum": _l("Below minimum"),
    "maintenance_overdue": _l("Maintenance overdue"), "posted_at": _l("Posted at"),
    "counted_at": _l("Counted at"),
}


def _month(value):
    return f"{value:%Y-%m}" if value else ""


def _flag(value):
    if value:
        return Markup('<span class="label label-danger">%s</span>') % escape(_l("Yes"))
    return ""


class FilterMaintenanceOverdue(BaseFilter):
    name = _l("Maintenance overdue")
    arg_name = "maint_overdue"

    def apply(self, query, value):
        return query.filter(and_(self.model.status.in_(ACTIVE_STATES),
                                 self.model.next_maintenance_due < dt.date.today()))


class _View(YuelaoModelView):
    label_columns = LABELS


class AssetMovesView(_View):
    resource = "asset_move"
    datamodel = YuelaoInterface(AssetMove)
    list_title = show_title = _l("Asset moves")
    list_columns = ["moved_on", "asset", "from_department", "to_department", "from_custodian",
                    "to_custodian", "reason"]
    show_columns = list_columns + ["from_location", "to_location"]
    base_permissions = ["can_read"]
    base_order = ("id", "desc")


class AssetLoanView(_View):
    resource = "asset_loan"
    datamodel = YuelaoInterface(AssetLoan)
    list_title = show_title = _l("Equipment sign-outs")
    list_columns = ["asset", "employee", "start_at", "due_at", "returned_at", "purpose"]
    show_columns = list_columns + ["department"]
    base_permissions = ["can_read", "can_write"]
    add_title = _l("Sign a device out")
    add_columns = ["asset", "employee", "due_at", "purpose"]
    edit_columns = ["due_at", "purpose"]
    base_order = ("id", "desc")

    def pre_add(self, item):
        """The database refuses a second open sign-out of the device (partial unique index);
        here the row only gets its department and start time."""
        from app.core.models import utcnow

        if item.asset is None or item.employee is None:
            raise ValueError(str(_l("Choose a device and an employee")))
        if item.asset.status in ("disposed", "repair"):
            raise ValueError(str(_l("This device is not available (%(state)s)",
                                    state=item.asset.status)))
        item.department_id = item.asset.department_id
        item.start_at = utcnow()
        super().pre_add(item)
        from app.assets.services import claim_device

        claim_device(item)  # refused by the database when the device is already out


class MaintenanceView(_View):
    resource = "asset_maintenance"
    datamodel = YuelaoInterface(MaintenanceRecord)
    list_title = show_title = _l("Maintenance and cleaning")
    list_columns = ["done_on", "asset", "kind", "cost", "notes"]
    show_columns = list_columns + ["department"]
    base_permissions = ["can_read"]
    base_order = ("id", "desc")


class AssetView(_View):
    resource = "asset"
    datamodel = AssetInterface(Asset)
    show_template = "assets/asset_show.html"
    list_title = _l("Asset register")
    show_title = _l("Asset")
    add_title = _l("Register an asset")
    edit_title = _l("Edit asset")
    list_columns = ["code", "name", "category", "department", "custodian", "location",
                    "cost", "book_value", "status"]
    show_columns = ["code", "name", "category", "department", "custodian", "location",
                    "supplier", "purchase_date", "cost", "salvage_value",
                    "useful_life_months", "depreciation_method", "in_service_date",
                    "book_value", "status", "disposed_on", "maintenance_interval_days",
                    "last_maintained_on", "next_maintenance_due", "notes"]
    add_columns = ["name", "category", "department", "custodian", "location", "supplier",
                   "purchase_date", "cost", "salvage_value", "useful_life_months",
                   "depreciation_method", "in_service_date", "maintenance_interval_days",
                   "notes"]
    edit_columns = [c for c in add_columns if c not in ("department", "custodian")]
    search_columns = ["code", "name", "category", "department", "custodian", "status",
                      "location", "in_service_date", "next_maintenance_due"]
    order_columns = ["code", "name", "cost", "status", "in_service_date"]
    base_order = ("id", "desc")
    formatters_columns = {"depreciation_method": lambda v: METHOD_LABELS.get(v, v or "")}
    description_columns = {
        "useful_life_months": _l("Whole years (a multiple of 12) for double declining and "
                                 "sum-of-years"),
        "in_service_date": _l("Depreciation starts the month after"),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "depreciation_method": SelectField(
            _l("Depreciation method"), choices=[(m, METHOD_LABELS[m]) for m in dep.METHODS],
            widget=Select2Widget(), validators=[InputRequired()]),
    }
    related_views = [AssetMovesView, AssetLoanView, MaintenanceView]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for perm in ("can_move", "can_sign_out", "can_maintain"):
            if perm not in self.base_permissions:
                self.base_permissions.append(perm)

    def _init_properties(self):
        super()._init_properties()
        self._filters = self.datamodel.get_filters(
            self.search_columns, {"next_maintenance_due": [FilterMaintenanceOverdue]})

    def render_template(self, template, **kwargs):
        """The show page also has the schedule and the photos / attachments (core service)."""
        if template == self.show_template and "pk" in kwargs:
            from app.assets.services import depreciation_schedule
            from app.core import attachments

            kwargs["yl_attachments"] = attachments.show_context(self.resource, kwargs["pk"])
            kwargs["asset_schedule"] = depreciation_schedule(kwargs["pk"])
        return super().render_template(template, **kwargs)


class OverdueMaintenanceView(AssetView):
    list_title = _l("Maintenance overdue")
    list_columns = ["code", "name", "department", "custodian", "location",
                    "next_maintenance_due", "status"]
    base_filters = [["next_maintenance_due", FilterMaintenanceOverdue, "1"]]
    related_views = []


class AssetCategoryView(_View):
    resource = "asset_category"
    datamodel = YuelaoInterface(AssetCategory)
    list_title = show_title = _l("Asset categories")
    add_title = edit_title = _l("Asset category")
    list_columns = show_columns = ["code", "name", "kind", "default_life_months",
                                   "default_method"]
    add_columns = edit_columns = list_columns
    formatters_columns = {"default_method": lambda v: METHOD_LABELS.get(v, v or "")}
    base_order = ("code", "asc")


class DepreciationEntryView(_View):
    resource = "depreciation_entry"
    datamodel = YuelaoInterface(DepreciationEntry)
    list_title = show_title = _l("Posted depreciation")
    list_columns = ["month", "asset", "department", "category", "amount", "accumulated",
                    "book_value"]
    show_columns = list_columns + ["posted_at"]
    search_columns = ["month", "department", "category", "asset"]
    formatters_columns = {"month": _month}
    base_permissions = ["can_read"]
    base_order = ("id", "desc")


class StocktakeLinesView(_View):
    resource = "stocktake_line"
    datamodel = YuelaoInterface(StocktakeLine)
    list_title = show_title = _l("Stock-take lines")
    edit_title = _l("Record a count")
    list_columns = ["asset", "result", "explanation", "counted_at"]
    show_columns = ["stocktake", "asset", "result", "explanation", "counted_at"]
    edit_columns = ["result", "explanation"]
    formatters_columns = {"result": lambda v: RESULT_LABELS.get(v, v or "")}
    edit_form_extra_fields = {
        "result": SelectField(_l("Result"), choices=[(k, v) for k, v in RESULT_LABELS.items()],
                              widget=Select2Widget(), validators=[InputRequired()]),
    }
    base_permissions = ["can_read", "can_write"]
    base_order = ("id", "asc")

    def pre_update(self, item):
        if item.stocktake is not None and item.stocktake.status not in (
                "in_progress", "submitted"):
            raise ValueError(str(_l("This stock-take is not being counted")))
        super().pre_update(item)


class StocktakeView(_View):
    resource = "stocktake"
    datamodel = YuelaoInterface(Stocktake)
    list_title = _l("Stock-takes")
    show_title = _l("Stock-take")
    add_title = _l("Plan a stock-take")
    edit_title = _l("Edit stock-take")
    list_columns = ["name", "department", "planned_on", "status", "started_at", "closed_at"]
    show_columns = ["name", "department", "location", "planned_on", "status", "started_at",
                    "closed_at", "notes"]
    add_columns = ["name", "department", "location", "planned_on", "notes"]
    edit_columns = ["name", "location", "planned_on", "notes"]
    related_views = [StocktakeLinesView]
    base_order = ("id", "desc")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if "can_count" not in self.base_permissions:
            self.base_permissions.append("can_count")


class DisposalView(_View):
    resource = "disposal"
    datamodel = YuelaoInterface(Disposal)
    list_title = _l("Disposals")
    show_title = _l("Disposal")
    add_title = _l("Request a disposal")
    edit_title = _l("Edit disposal request")
    list_columns = ["asset", "department", "method", "proceeds", "status", "disposed_on"]
    show_columns = ["asset", "department", "reason", "method", "proceeds", "status",
                    "disposed_on", "requested_by"]
    add_columns = ["asset", "reason", "method", "proceeds"]
    edit_columns = ["reason", "method", "proceeds"]
    formatters_columns = {"method": lambda v: DISPOSAL_METHOD_LABELS.get(v, v or "")}
    add_form_extra_fields = edit_form_extra_fields = {
        "method": SelectField(_l("Method"), choices=[(m, DISPOSAL_METHOD_LABELS[m])
                                                     for m in DISPOSAL_METHODS],
                              widget=Select2Widget(), validators=[InputRequired()]),
    }
    base_order = ("id", "desc")


class SupplyMovesView(_View):
    resource = "supply_move"
    datamodel = YuelaoInterface(SupplyMove)
    list_title = show_title = _l("Supplies ledger")
    list_columns = ["created_at", "item", "kind", "quantity", "balance", "note"]
    show_columns = list_columns
    base_permissions = ["can_read"]
    base_order = ("id", "desc")


class SupplyItemView(_View):
    resource = "supply_item"
    datamodel = YuelaoInterface(SupplyItem)
    list_title = _l("Office supplies")
    show_title = add_title = edit_title = _l("Supply item")
    list_columns = ["code", "name", "unit", "stock", "min_stock", "below_minimum",
                    "location"]
    show_columns = list_columns
    add_columns = ["code", "name", "unit", "stock", "min_stock", "location"]
    edit_columns = ["name", "unit", "min_stock", "location"]
    formatters_columns = {"below_minimum": _flag}
    related_views = [SupplyMovesView]
    base_order = ("code", "asc")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for perm in ("can_receive", "can_adjust"):
            if perm not in self.base_permissions:
                self.base_permissions.append(perm)


class RequisitionView(_View):
    resource = "requisition"
    datamodel = YuelaoInterface(Requisition)
    list_title = _l("Supply requisitions")
    show_title = _l("Requisition")
    add_title = _l("Request supplies")
    edit_title = _l("Edit requisition")
    list_columns = ["employee", "department", "item", "quantity", "status", "issued_at"]
    show_columns = ["employee", "department", "item", "quantity", "reason", "status",
                    "issued_at"]
    add_columns = ["item", "quantity", "reason"]
    edit_columns = ["quantity", "reason"]
    base_order = ("id", "desc")

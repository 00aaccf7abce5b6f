"""REST: asset (+ depreciation schedule, move, sign-out, upkeep), categories, moves, posted
depreciation, loans, upkeep, stock-takes and their lines, disposals (supplies: api_supplies)."""
from __future__ import annotations

import datetime as dt

from flask import request
from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.assets import services
from app.assets.interface import AssetInterface
from app.assets.models import (
    Asset,
    AssetCategory,
    AssetLoan,
    AssetMove,
    DepreciationEntry,
    MaintenanceRecord,
)
from app.assets.models_ops import Disposal
from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.errors import Invalid
from app.core.interface import YuelaoInterface

READ_ONLY = {"get", "get_list", "info", "history"}
ASSET_EXTRA_PERMS = ("can_move", "can_sign_out", "can_maintain")


def _body() -> dict:
    payload = request.get_json(silent=True)
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise Invalid("Request body must be a JSON object")
    return payload


def _date(value, field):
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(f"{field} must be a date (YYYY-MM-DD)", field=field) from None


def _datetime(value, field):
    if value in (None, ""):
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        raise Invalid(f"{field} must be a date-time (ISO 8601)", field=field) from None


def _month_arg(name):
    value = request.args.get(name)
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise Invalid(f"{name} must be YYYY-MM", field=name) from None


def _int(value, field):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise Invalid(f"{field} must be a whole number", field=field)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(f"{field} must be a whole number", field=field) from None


class _Api(YuelaoModelApi):
    extra_permissions: tuple[str, ...] = ()

    def __init__(self):
        super().__init__()
        for perm in self.extra_permissions:
            if perm not in self.base_permissions:
                self.base_permissions.append(perm)

    def _run(self, fn, status=200):
        # A ServiceError raised by ``fn`` reaches @safe, whose response_500 (app/core/api.py)
        # rolls back and answers its 4xx.
        return self.response(status, result=fn())


class AssetApi(_Api):
    resource = "asset"
    datamodel = AssetInterface(Asset)
    extra_permissions = ASSET_EXTRA_PERMS
    attachments = True  # photos, invoices, warranty cards (app/core/attachments.py)
    method_permission_name = {**API_METHOD_PERMISSIONS, "depreciation": "read",
                              "maintenance_overdue": "read", "figures": "read",
                              "move": "move",
                              "sign_out": "sign_out", "maintain": "maintain"}
    list_columns = ["id", "code", "name", "category_id", "department_id", "custodian_id",
                    "location", "purchase_date", "cost", "salvage_value", "useful_life_months",
                    "depreciation_method", "in_service_date", "status", "book_value",
                    "next_maintenance_due"]
    show_columns = list_columns + ["supplier", "disposed_on", "maintenance_interval_days",
                                   "last_maintained_on", "notes"]
    add_columns = ["name", "category_id", "department_id", "custodian_id", "location",
                   "supplier", "purchase_date", "cost", "salvage_value", "useful_life_months",
                   "depreciation_method", "in_service_date", "maintenance_interval_days",
                   "notes"]
    # Department and custodian change through /move (a record with date and reason).
    edit_columns = [c for c in add_columns if c not in ("department_id", "custodian_id")]
    order_columns = ["id", "code", "name", "purchase_date", "in_service_date", "cost",
                     "status"]
    search_columns = ["code", "name", "category_id", "department_id", "custodian_id",
                      "status", "depreciation_method", "in_service_date", "location"]
    base_order = ("id", "desc")

    @expose("/<int:pk>/depreciation", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("depreciation")
    def depreciation(self, pk):
        """The monthly depreciation schedule, exact to the cent
        ---
        get:
          description: >-
            One row per month from the month after the asset entered service to the end of its
            life (or its disposal month). Amounts are strings with exactly two decimals
            (e.g. "158.33"); the amounts sum exactly to cost minus salvage value.
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200:
              description: '{"result": [{"month": "YYYY-MM", "amount": "0.00",
                "accumulated": "0.00", "book_value": "0.00"}]}'
            404: {description: not found or out of scope}
        """
        return self._run(lambda: services.depreciation_schedule(pk))

    @expose("/maintenance_overdue", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("maintenance_overdue")
    def maintenance_overdue(self):
        """Assets whose maintenance / cleaning is overdue (in the caller's scope)
        ---
        get:
          responses:
            200: {description: '[{"id", "code", "name", "next_maintenance_due"}]'}
        """
        return self._run(lambda: [
            {"id": a.id, "code": a.code, "name": a.name,
             "next_maintenance_due": a.next_maintenance_due.isoformat()}
            for a in services.overdue_maintenance()])

    @expose("/figures", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("figures")
    def figures(self):
        """Asset value by department and category, depreciation per month (?start=YYYY-MM&
        end=YYYY-MM, default the last 12 months), stock-take results; in the caller's scope
        ---
        get:
          responses:
            200: {description: 'by_department, by_category, depreciation_by_month,
              stocktakes; amounts are strings with two decimals'}
            422: {description: bad month}
        """
        from app.assets import depreciation as dep
        from app.assets.figures import figures

        def go():
            today = dep.month_start(dt.date.today())
            start = _month_arg("start") or dep.add_months(today, -12)
            end = _month_arg("end") or today
            return figures(start, end)
        return self._run(go)

    @expose("/<int:pk>/move", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("move")
    def move(self, pk):
        """Move to another department / custodian / location, with a reason
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            201: {description: the move record}
            404: {description: not found or out of scope}
            422: {description: bad input}
        """
        def go():
            b = _body()
            m = services.move_asset(
                pk, reason=str(b.get("reason") or ""),
                to_department_id=_int(b.get("to_department_id"), "to_department_id"),
                to_custodian_id=_int(b.get("to_custodian_id"), "to_custodian_id"),
                to_location=b.get("to_location"), moved_on=_date(b.get("moved_on"), "moved_on"))
            return {"id": m.id, "asset_id": m.asset_id, "to_department_id": m.to_department_id,
                    "to_custodian_id": m.to_custodian_id}
        return self._run(go, 201)

    @expose("/<int:pk>/sign_out", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("sign_out")
    def sign_out(self, pk):
        """Sign a device out: {"employee_id", "due_at", "purpose"}; 422 when already out
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            201: {description: the loan}
            404: {description: not found or out of scope}
            422: {description: already signed out, or bad input}
        """
        def go():
            b = _body()
            loan = services.sign_out(pk, employee_id=_int(b.get("employee_id"), "employee_id"),
                                     due_at=_datetime(b.get("due_at"), "due_at"),
                                     purpose=b.get("purpose"))
            return {"id": loan.id, "asset_id": loan.asset_id, "employee_id": loan.employee_id}
        return self._run(go, 201)

    @expose("/<int:pk>/maintain", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("maintain")
    def maintain(self, pk):
        """Record upkeep: {"kind": maintenance|repair|cleaning, "done_on", "cost", "notes"}
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            201: {description: the record}
            404: {description: not found or out of scope}
            422: {description: bad input}
        """
        def go():
            b = _body()
            rec = services.record_maintenance(
                pk, kind=str(b.get("kind") or "maintenance"),
                done_on=_date(b.get("done_on"), "done_on"), cost=b.get("cost") or 0,
                notes=b.get("notes"))
            return {"id": rec.id, "next_maintenance_due":
                    rec.asset.next_maintenance_due.isoformat()
                    if rec.asset.next_maintenance_due else None}
        return self._run(go, 201)


class AssetCategoryApi(_Api):
    resource = "asset_category"
    datamodel = YuelaoInterface(AssetCategory)
    list_columns = show_columns = ["id", "code", "name", "kind", "default_life_months",
                                   "default_method"]
    add_columns = edit_columns = ["code", "name", "kind", "default_life_months",
                                  "default_method"]


class AssetMoveApi(_Api):
    resource = "asset_move"
    datamodel = YuelaoInterface(AssetMove)
    include_route_methods = READ_ONLY
    list_columns = show_columns = ["id", "asset_id", "moved_on", "reason", "from_department_id",
                                   "to_department_id", "from_custodian_id", "to_custodian_id",
                                   "from_location", "to_location"]
    base_order = ("id", "desc")


class DepreciationEntryApi(_Api):
    resource = "depreciation_entry"
    datamodel = YuelaoInterface(DepreciationEntry)
    include_route_methods = {"get", "get_list", "info"}
    list_columns = show_columns = ["id", "asset_id", "month", "department_id", "category_id",
                                   "amount", "accumulated", "book_value", "posted_at"]
    search_columns = ["asset_id", "month", "department_id", "category_id"]
    base_order = ("id", "desc")


class AssetLoanApi(_Api):
    resource = "asset_loan"
    datamodel = YuelaoInterface(AssetLoan)
    include_route_methods = READ_ONLY | {"return_"}
    method_permission_name = {**API_METHOD_PERMISSIONS, "return_": "write"}
    list_columns = show_columns = ["id", "asset_id", "employee_id", "department_id",
                                   "start_at", "due_at", "returned_at", "purpose"]
    search_columns = ["asset_id", "employee_id", "returned_at"]
    base_order = ("id", "desc")

    @expose("/<int:pk>/return", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("return_")
    def return_(self, pk):
        """Return a signed-out device
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200: {description: returned}
            404: {description: not found or out of scope}
            409: {description: already returned}
        """
        def go():
            loan = services.return_loan(pk)
            return {"id": loan.id, "returned_at": loan.returned_at.isoformat()}
        return self._run(go)


class MaintenanceApi(_Api):
    resource = "asset_maintenance"
    datamodel = YuelaoInterface(MaintenanceRecord)
    include_route_methods = READ_ONLY
    list_columns = show_columns = ["id", "asset_id", "department_id", "kind", "done_on",
                                   "cost", "notes"]
    base_order = ("id", "desc")


class DisposalApi(_Api):
    resource = "disposal"
    datamodel = YuelaoInterface(Disposal)
    list_columns = show_columns = ["id", "asset_id", "department_id", "reason", "method",
                                   "proceeds", "status", "disposed_on", "requested_by_id"]
    add_columns = ["asset_id", "reason", "method", "proceeds"]
    edit_columns = ["reason", "method", "proceeds"]
    base_order = ("id", "desc")


def apis() -> tuple:
    from app.assets.api_stocktake import StocktakeApi, StocktakeLineApi
    from app.assets.api_supplies import (
        PurchaseQuoteApi,
        PurchaseRequestApi,
        RequisitionApi,
        SupplyItemApi,
        SupplyMoveApi,
    )

    return (AssetApi, AssetCategoryApi, AssetMoveApi, DepreciationEntryApi, AssetLoanApi,
            MaintenanceApi, StocktakeApi, StocktakeLineApi, DisposalApi, SupplyItemApi,
            SupplyMoveApi, RequisitionApi, PurchaseRequestApi, PurchaseQuoteApi)

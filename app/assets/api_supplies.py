"""REST: supply items (receive, adjust, reorder list), the supplies ledger, requisitions,
purchase requests and their quotes."""
from __future__ import annotations

from flask import request
from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.assets import supplies
from app.assets.api import _Api
from app.assets.models_ops import Requisition, SupplyItem, SupplyMove
from app.assets.models_purchase import PurchaseQuote, PurchaseRequest
from app.core.api import API_METHOD_PERMISSIONS
from app.core.interface import YuelaoInterface


class SupplyItemApi(_Api):
    resource = "supply_item"
    datamodel = YuelaoInterface(SupplyItem)
    extra_permissions = ("can_receive", "can_adjust")
    method_permission_name = {**API_METHOD_PERMISSIONS, "receive": "receive",
                              "adjust": "adjust", "reorder": "read"}
    list_columns = show_columns = ["id", "code", "name", "unit", "stock", "min_stock",
                                   "location", "below_minimum"]
    add_columns = ["code", "name", "unit", "stock", "min_stock", "location"]
    edit_columns = ["name", "unit", "min_stock", "location"]

    @expose("/reorder", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("reorder")
    def reorder(self):
        """Items below their minimum stock
        ---
        get:
          responses:
            200: {description: '[{"id", "code", "name", "stock", "min_stock"}]'}
        """
        return self._run(lambda: [{"id": i.id, "code": i.code, "name": i.name,
                                   "stock": i.stock, "min_stock": i.min_stock}
                                  for i in supplies.reorder_list()])

    @expose("/<int:pk>/receive", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("receive")
    def receive(self, pk):
        """Stock in: {"quantity", "note"}
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200: {description: the new balance}
            404: {description: not found}
            422: {description: bad quantity}
        """
        b = self._body_or_none()
        return self._run(lambda: {"stock": supplies.receive(pk, b.get("quantity"),
                                                            b.get("note"))})

    @expose("/<int:pk>/adjust", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("adjust")
    def adjust(self, pk):
        """Supplies stock-take: {"counted", "note"} makes the stock the counted quantity
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200: {description: the new balance}
            404: {description: not found}
            422: {description: bad quantity or no explanation}
        """
        b = self._body_or_none()
        return self._run(lambda: {"stock": supplies.adjust(pk, b.get("counted"),
                                                           b.get("note"))})

    def _body_or_none(self) -> dict:
        payload = request.get_json(silent=True)
        return payload if isinstance(payload, dict) else {}


class SupplyMoveApi(_Api):
    resource = "supply_move"
    datamodel = YuelaoInterface(SupplyMove)
    include_route_methods = {"get", "get_list", "info"}
    list_columns = show_columns = ["id", "item_id", "kind", "quantity", "balance",
                                   "requisition_id", "note", "created_at"]
    search_columns = ["item_id", "kind"]
    base_order = ("id", "desc")


class RequisitionApi(_Api):
    resource = "requisition"
    datamodel = YuelaoInterface(Requisition)
    list_columns = show_columns = ["id", "employee_id", "department_id", "item_id", "quantity",
                                   "reason", "status", "issued_at"]
    add_columns = ["item_id", "quantity", "reason"]
    edit_columns = ["quantity", "reason"]
    base_order = ("id", "desc")


class PurchaseRequestApi(_Api):
    resource = "purchase_request"
    datamodel = YuelaoInterface(PurchaseRequest)
    list_columns = show_columns = ["id", "department_id", "requested_by_id", "item", "quantity",
                                   "unit_price", "amount", "reason", "budget_line",
                                   "category_id", "status", "purchased_on", "supplier"]
    add_columns = ["department_id", "item", "quantity", "unit_price", "reason", "budget_line",
                   "category_id"]
    edit_columns = ["item", "quantity", "unit_price", "reason", "budget_line", "category_id"]
    base_order = ("id", "desc")


class PurchaseQuoteApi(_Api):
    resource = "purchase_quote"
    datamodel = YuelaoInterface(PurchaseQuote)
    list_columns = show_columns = ["id", "request_id", "supplier", "amount", "note"]
    add_columns = ["request_id", "supplier", "amount", "note"]
    edit_columns = ["supplier", "amount", "note"]
    search_columns = ["request_id", "supplier"]
    base_order = ("id", "asc")

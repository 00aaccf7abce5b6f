"""REST: stock-takes (count by code) and their lines (raise a disposal / repair request)."""
from __future__ import annotations

from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.assets import stocktakes
from app.assets.api import READ_ONLY, _Api, _body
from app.assets.models_ops import Stocktake, StocktakeLine
from app.core.api import API_METHOD_PERMISSIONS
from app.core.interface import YuelaoInterface


class StocktakeApi(_Api):
    resource = "stocktake"
    datamodel = YuelaoInterface(Stocktake)
    extra_permissions = ("can_count",)
    method_permission_name = {**API_METHOD_PERMISSIONS, "count": "count"}
    list_columns = show_columns = ["id", "name", "department_id", "location", "planned_on",
                                   "status", "started_at", "closed_at", "notes"]
    add_columns = ["name", "department_id", "location", "planned_on", "notes"]
    edit_columns = ["name", "location", "planned_on", "notes"]
    base_order = ("id", "desc")

    @expose("/<int:pk>/count", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("count")
    def count(self, pk):
        """Record a count by asset code (scan): {"code", "result", "explanation"}
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200: {description: the line}
            404: {description: not found or out of scope}
            409: {description: the stock-take is not being counted}
            422: {description: unknown code or result}
        """
        def go():
            b = _body()
            line = stocktakes.record(pk, code=str(b.get("code") or ""),
                                     result=b.get("result"), explanation=b.get("explanation"))
            return stocktakes.line_json(line)
        return self._run(go)


class StocktakeLineApi(_Api):
    resource = "stocktake_line"
    datamodel = YuelaoInterface(StocktakeLine)
    include_route_methods = READ_ONLY | {"raise_request"}
    method_permission_name = {**API_METHOD_PERMISSIONS, "raise_request": "write"}
    list_columns = show_columns = ["id", "stocktake_id", "asset_id", "result", "explanation",
                                   "counted_at", "disposal_id", "repair_raised"]
    search_columns = ["stocktake_id", "result"]
    base_order = ("id", "asc")

    @expose("/<int:pk>/raise", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("raise_request")
    def raise_request(self, pk):
        """A missing / damaged item raises a disposal (or repair) request: {"kind"}
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            201: {description: the disposal id or the repair}
            404: {description: not found or out of scope}
            422: {description: the line is not a discrepancy}
        """
        return self._run(lambda: stocktakes.raise_request(
            pk, kind=str(_body().get("kind") or "disposal")), 201)

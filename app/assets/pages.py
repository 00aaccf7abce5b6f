"""資產報表: asset value by department and category, depreciation per month, stock-take
results, drawn with the shared Chart.js macro (app/templates/yuelao/_chart.html). Every bar
links to the list behind its number (scoped like every list)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app, request
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from app.assets import depreciation as dep
from app.assets.figures import figures
from app.core.charts import chart_spec

RESULT_KEYS = ("found", "missing", "damaged", "uncounted")
RESULT_COLOURS = ("#27ae60", "#c0392b", "#f39c12", "#95a5a6")


def _month(raw: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return None


def period(start_raw: str | None, end_raw: str | None) -> tuple[dt.date, dt.date, str | None]:
    """The months asked for (default: the last twelve) and an error for a bad one."""
    today = dep.month_start(dt.date.today())
    start, end = _month(start_raw), _month(end_raw)
    error = None
    if (start_raw and start is None) or (end_raw and end is None):
        error = str(_l("Months are written YYYY-MM"))
    start = start or dep.add_months(today, -12)
    end = end or today
    if start > end:
        error = str(_l("The first month is after the last"))
        start, end = end, start
    return start, end, error


def filter_link(view_name: str, column: str, filter_name: str, value) -> str | None:
    """The list URL of ``view_name`` filtered on ``column`` by the FAB filter class
    ``filter_name`` (its position in the column's filter list is FAB's URL argument)."""
    for view in current_app.appbuilder.baseviews:
        if type(view).__name__ != view_name:
            continue
        filters = view._filters.get_search_filters().get(column, [])
        for i, flt in enumerate(filters):
            if type(flt).__name__ == filter_name:
                return f"/{view.route_base.strip('/')}/list/?_flt_{i}_{column}={value}"
    return None


def _value_chart(rows: list[dict], column: str) -> dict:
    labels = [r["name"] for r in rows]
    links = [filter_link("AssetView", column, "FilterRelationOneToManyEqual", r["id"])
             for r in rows]
    return chart_spec(labels, [(_l("Net book value"), [Decimal(r["net"]) for r in rows]),
                               (_l("Posted depreciation"),
                                [Decimal(r["depreciation"]) for r in rows])],
                      links=links, stacked=True, horizontal=True)


def charts(fig: dict) -> dict:
    """Chart specs of the figures (app/assets/figures.py::figures)."""
    months = fig["depreciation_by_month"]
    takes = list(reversed(fig["stocktakes"]))  # oldest first, left to right
    result_labels = {"found": _l("Found"), "missing": _l("Missing"),
                     "damaged": _l("Damaged"), "uncounted": _l("Not counted")}
    return {
        "by_department": _value_chart(fig["by_department"], "department"),
        "by_category": _value_chart(fig["by_category"], "category"),
        "by_month": chart_spec(
            [m["month"] for m in months],
            [(_l("Depreciation"), [Decimal(m["amount"]) for m in months])],
            links=[filter_link("DepreciationEntryView", "month", "FilterEqual",
                               f"{m['month']}-01") for m in months]),
        "stocktakes": _coloured(chart_spec(
            [t["name"] for t in takes],
            [(result_labels[k], [t["results"].get(k, 0) for t in takes]) for k in RESULT_KEYS],
            links=[f"/stocktakeview/show/{t['id']}" for t in takes], stacked=True)),
    }


def _coloured(spec: dict) -> dict:
    """Found green, missing red, damaged orange, not counted grey (charts.js keeps a
    dataset's own colour)."""
    for ds, colour in zip(spec["datasets"], RESULT_COLOURS, strict=True):
        ds["backgroundColor"] = colour
    return spec


class AssetFiguresView(BaseView):
    """One page: the four figures of the caller's scope, each a chart and a table."""

    route_base = "/asset_figures"
    class_permission_name = "asset"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        start, end, error = period(request.args.get("start"), request.args.get("end"))
        fig = figures(start, end)
        return self.render_template(
            "assets/figures.html", fig=fig, charts=charts(fig), start=f"{start:%Y-%m}",
            end=f"{end:%Y-%m}", error=error, title=_l("Asset figures"),
            states={"draft": _l("Draft"), "in_progress": _l("Counting"),
                    "submitted": _l("Submitted"), "closed": _l("Closed")})

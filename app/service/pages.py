"""Pages that are not one table: complaint figures (chart) and the client-care list."""
from __future__ import annotations

import datetime as dt

from flask import request
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import Invalid
from app.core.scope import current_scope, unscoped
from app.extensions import db
from app.org.models import Department
from app.service import care
from app.service.figures import complaint_figures


def parse_period(args) -> tuple[dt.date, dt.date]:
    """?start=YYYY-MM-DD&end=YYYY-MM-DD; defaults to the last 12 months."""
    today = dt.date.today()
    try:
        end = dt.date.fromisoformat(args["end"]) if args.get("end") else today
        start = (dt.date.fromisoformat(args["start"]) if args.get("start")
                 else dt.date(end.year - 1, end.month, 1))
    except ValueError:
        raise Invalid(str(_l("Dates must be written YYYY-MM-DD")), field="start") from None
    return start, end


def parse_department(args) -> int | None:
    raw = args.get("department_id")
    if raw in (None, ""):
        return None
    if not str(raw).isdigit():
        raise Invalid(str(_l("Choose a department from the list")), field="department_id")
    return int(raw)


def svg_bars(rows: list[dict], key: str, value: str, width: int = 640, bar_h: int = 22):
    """A horizontal bar chart as plain data for the template's inline SVG."""
    top = max([r[value] or 0 for r in rows] + [1])
    return {"width": width, "height": bar_h * len(rows) + 10, "bar_h": bar_h,
            "bars": [{"label": str(r[key]), "value": r[value] or 0,
                      "w": int((width - 220) * (r[value] or 0) / top)} for r in rows]}


class ComplaintFiguresView(BaseView):
    route_base = "/complaint_figures"
    class_permission_name = "complaint_figures"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        # Bad dates or department: the core flashes the message and goes back.
        start, end = parse_period(request.args)
        dept = parse_department(request.args)
        figures, error = complaint_figures(start, end, dept), None
        with unscoped():
            departments = db.session.execute(
                select(Department.id, Department.name).order_by(Department.code)).all()
        charts = {}
        if figures:
            charts = {"month": svg_bars(figures["by_month"], "month", "count"),
                      "category": svg_bars(figures["by_category"], "name", "count"),
                      "department": svg_bars(
                          [{**r, "name": r["name"] or "—"} for r in figures["by_department"]],
                          "name", "count")}
        return self.render_template("service/figures.html", figures=figures, charts=charts,
                                    error=error, start=start, end=end, department_id=dept,
                                    departments=departments, title=_l("Complaint figures"))


class ClientCareView(BaseView):
    route_base = "/client_care"
    class_permission_name = "client_care"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        raw = request.args.get("days", "14")
        days = int(raw) if raw.isdigit() else 14
        days = max(1, min(days, 90))
        today = dt.date.today()
        return self.render_template(
            "service/care.html", days=days, today=today, scope=current_scope(),
            birthdays=care.upcoming_birthdays(today, days),
            festivals=care.festivals_between(today, max(days, 60)),
            title=_l("Client care: birthdays and festivals"))

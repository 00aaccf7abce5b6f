"""Budget vs actual (預算執行): per department and line, with variance and overrun reasons."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import request
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.finance.budgets import execution
from app.finance.models import Budget

CHART_WIDTH = 720


def chart(lines: list[dict]) -> dict:
    """Inline-SVG data: per line a budgeted bar and a spent + committed bar, same scale."""
    top = max([Decimal(r["budgeted"]) for r in lines]
              + [Decimal(r["spent"]) + Decimal(r["committed"]) for r in lines] + [Decimal(1)])
    span = CHART_WIDTH - 260

    def w(v) -> int:
        return int(span * Decimal(v) / top)

    bars = [{"label": f"{r['category_name']} {r['month'] or ''}".strip(),
             "wb": w(r["budgeted"]), "ws": w(r["spent"]), "wc": w(r["committed"]),
             "overrun": r["overrun"],
             "text": f"{Decimal(r['spent']) + Decimal(r['committed']):,.0f} / "
                     f"{Decimal(r['budgeted']):,.0f}"} for r in lines]
    return {"width": CHART_WIDTH, "height": 34 * len(bars) + 8, "bars": bars}


def budgets_vs_actual(year: int) -> list[dict]:
    """Every approved budget of ``year`` the user may see, with its execution and chart."""
    ids = db.session.scalars(select(Budget.id).where(Budget.year == year,
                                                     Budget.status == "approved")
                             .order_by(Budget.department_id)).all()
    out = []
    for pk in ids:
        data = execution(pk)
        data["chart"] = chart(data["lines"])
        out.append(data)
    return out


class BudgetVsActualView(BaseView):
    route_base = "/budget_vs_actual"
    class_permission_name = "budget"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from app.finance.rules import cite_for

        raw = request.args.get("year") or ""
        error = None
        year = dt.date.today().year
        if raw:
            if raw.isdigit() and 2000 <= int(raw) <= 2100:
                year = int(raw)
            else:
                error = str(_l("Year must be between 2000 and 2100"))
        return self.render_template(
            "finance/budget_vs_actual.html", budgets=budgets_vs_actual(year), year=year,
            error=error, clause=cite_for("budget_variance"), title=_l("Budget vs actual"))

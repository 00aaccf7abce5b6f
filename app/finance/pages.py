"""Budget vs actual (預算執行) and the finance figures page: charts through the shared macro
(app/templates/yuelao/_chart.html, specs from app/core/charts.py), each bar linking to the list
behind it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.charts import chart_spec
from app.extensions import db
from app.finance import figures
from app.finance.budgets import execution, record_overrun_reason
from app.finance.models import Budget


def kind_label(kind) -> str:
    from app.finance.views import KIND_LABELS

    return str(KIND_LABELS.get(kind, kind))


def _url(endpoint: str, **filters) -> str:
    """A finance list (registered with the module) with FAB filters."""
    base = url_for(endpoint)
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v is not None)
    return f"{base}?{query}" if query else base


def expense_list(**filters) -> str:
    return _url("ExpenseView.list", **filters)


def year_filter(column: str, year: int) -> dict:
    """FAB date filters: after the last day of the year before, before the next year."""
    return {f"_flt_1_{column}": f"{year - 1}-12-31", f"_flt_2_{column}": f"{year + 1}-01-01"}


def chart(data: dict) -> dict:
    """One budget's lines: budgeted against spent and committed, each linking to its claims
    (income lines: to the payments of the year)."""
    labels, links = [], []
    for r in data["lines"]:
        labels.append(f"{r['category_name']} · {kind_label(r['kind'])}"
                      + (f" · {r['month']}" if r["month"] else ""))
        if r["kind"] == "income":
            links.append(_url("PaymentView.list", **year_filter("paid_on", data["year"])))
        else:
            links.append(expense_list(_flt_0_department=data["department_id"],
                                      _flt_0_category_ref=r["category_id"],
                                      **year_filter("spent_on", data["year"])))
    return chart_spec(labels, [
        (_l("Budgeted"), [Decimal(r["budgeted"]) for r in data["lines"]]),
        (_l("Spent"), [Decimal(r["spent"]) for r in data["lines"]]),
        (_l("Committed"), [Decimal(r["committed"]) for r in data["lines"]]),
    ], links=links, horizontal=True)


def budgets_vs_actual(year: int) -> list[dict]:
    """Every approved budget of ``year`` the user may see, with its execution and chart."""
    ids = db.session.scalars(select(Budget.id).where(Budget.year == year,
                                                     Budget.status == "approved")
                             .order_by(Budget.department_id)).all()
    out = []
    for pk in ids:
        data = execution(pk)
        for r in data["lines"]:
            r["kind_label"] = kind_label(r["kind"])
        data["chart"] = chart(data)
        out.append(data)
    return out


def _year() -> tuple[int, str | None]:
    raw = request.args.get("year") or ""
    if not raw:
        return dt.date.today().year, None
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw), None
    return dt.date.today().year, str(_l("Year must be between 2000 and 2100"))


class BudgetVsActualView(BaseView):
    route_base = "/budget_vs_actual"
    class_permission_name = "budget"
    method_permission_name = {"index": "read", "reason": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from flask import current_app

        from app.finance.rules import cite_for

        year, error = _year()
        return self.render_template(
            "finance/budget_vs_actual.html", budgets=budgets_vs_actual(year), year=year,
            error=error, clause=cite_for("budget_variance"),
            reason_clause=cite_for("overrun_reason"),
            can_reason=current_app.appbuilder.sm.has_access("can_write", "budget_line"),
            title=_l("Budget vs actual"))

    @expose("/reason/<int:line_id>", methods=["POST"])
    @has_access
    def reason(self, line_id):
        """Record the reason of an overrun (the service checks scope and permission)."""
        from flask import flash

        line = record_overrun_reason(line_id, request.form.get("overrun_reason"))
        db.session.commit()
        flash(str(_l("Overrun reason recorded")), "success")
        return redirect(url_for("BudgetVsActualView.index", year=line.budget.year))


def figure_charts(year: int) -> dict:
    """The four figures with their chart specs and list links."""
    ex = figures.budget_execution(year)
    cats = figures.claims_by_category(year)
    age = figures.receivables_ageing()
    cash = figures.cash_flow(year)
    depts = ex["departments"]
    ex["chart"] = chart_spec(
        [d["department"] for d in depts],
        [(_l("Budgeted"), [Decimal(d["budgeted"]) for d in depts]),
         (_l("Spent"), [Decimal(d["spent"]) for d in depts]),
         (_l("Committed"), [Decimal(d["committed"]) for d in depts])],
        links=[expense_list(_flt_0_department=d["department_id"],
                            **year_filter("spent_on", year)) for d in depts])
    months = [str(m) for m in range(1, 13)]
    ex["month_chart"] = chart_spec(
        months, [(d["department"], [Decimal(v) for v in d["by_month"]]) for d in depts],
        stacked=True,
        links=[expense_list(_flt_1_spent_on=dt.date(year, m, 1) - dt.timedelta(days=1),
                            _flt_2_spent_on=_month_end(year, m)) for m in range(1, 13)])
    rows = cats["categories"]
    cats["chart"] = chart_spec(
        [r["name"] for r in rows], [(_l("Amount"), [Decimal(r["amount"]) for r in rows])],
        links=[expense_list(_flt_0_category_ref=r["category_id"],
                            **year_filter("spent_on", year)) for r in rows])
    buckets = age["buckets"]
    age["chart"] = chart_spec(
        [str(_l("%(b)s days", b=b["bucket"])) for b in buckets],
        [(_l("Balance"), [Decimal(b["balance"]) for b in buckets])],
        links=[_contract_bucket(b) for b in buckets])
    cash["chart"] = chart_spec(
        months, [(_l("Cash in"), [Decimal(m["cash_in"]) for m in cash["months"]]),
                 (_l("Cash out"), [Decimal(m["cash_out"]) for m in cash["months"]])],
        links=[_url("PaymentView.list", _flt_1_paid_on=dt.date(year, m, 1)
                    - dt.timedelta(days=1), _flt_2_paid_on=_month_end(year, m))
               for m in range(1, 13)])
    return {"execution": ex, "categories": cats, "ageing": age, "cash": cash}


def _month_end(year: int, month: int) -> dt.date:
    """The first day of the next month (FAB's "smaller than" filter)."""
    return dt.date(year + (month == 12), month % 12 + 1, 1)


def _contract_bucket(b: dict) -> str:
    frm = b["signed_from"]
    after = (dt.date.fromisoformat(frm) - dt.timedelta(days=1)).isoformat() if frm else None
    before = (dt.date.fromisoformat(b["signed_to"]) + dt.timedelta(days=1)).isoformat()
    return _url("ContractView.list", _flt_1_signed_on=after, _flt_2_signed_on=before)


class FinanceFiguresView(BaseView):
    route_base = "/finance_figures"
    class_permission_name = "finance_figures"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        year, error = _year()
        return self.render_template("finance/figures.html", figures=figure_charts(year),
                                    year=year, error=error, title=_l("Finance figures"))

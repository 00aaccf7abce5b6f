"""The home dashboard: panels of figures and charts, chosen by permission.

A panel shows when the user holds its permission on the ``dashboard`` resource (granted per
role kind in permissions.py) and its module is installed; a figure shows only when the user
may read the records behind it, and links to their list. Counts are scoped (figures.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.charts import chart_spec
from app.core.modules import installed_modules
from app.core.workflow import REGISTRY
from app.dashboard import figures
from app.dashboard.links import list_url, page_url


@dataclass
class Figure:
    key: str
    label: object
    value: object
    url: str | None = None
    warn: bool = False


@dataclass
class Chart:
    id: str
    title: object
    spec: dict


@dataclass
class Panel:
    key: str
    title: object
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def _installed() -> set[str]:
    return {m.name for m in installed_modules()}


def _can(resource: str, perm: str = "can_read") -> bool:
    return current_app.appbuilder.sm.has_access(perm, resource)


def _label(resource: str, state: str) -> str:
    wf = REGISTRY.get(resource)
    return str(wf.state_label(state)) if wf is not None else state


def _pct(rate) -> str:
    return "—" if rate is None else f"{float(rate) * 100:.1f}%"


def _dt_arg(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def status_chart(cid: str, title, resource: str, view: str, counts: dict, order) -> Chart:
    """Bars of ``counts`` per state in ``order``; each bar opens the list of that state."""
    states = [s for s in order if counts.get(s)] + sorted(s for s in counts if s not in order)
    spec = chart_spec([_label(resource, s) for s in states],
                      [(str(_l("Number of records")), [counts.get(s, 0) for s in states])],
                      links=[list_url(view, status=("FilterEqual", s)) for s in states])
    return Chart(cid, title, spec)


# --- figures per module ------------------------------------------------------------------
def _client_figures(p: Panel, chart_title) -> None:
    from app.clients.models import CLIENT_STATUSES

    counts = figures.clients_by_status()
    p.figures.append(Figure("clients", _l("Clients"), sum(counts.values()),
                            page_url("ClientView.list")))
    p.charts.append(status_chart(f"{p.key}-clients", chart_title, "client", "ClientView",
                                 counts, CLIENT_STATUSES))


def _match_figures(p: Panel, *, month: bool = True) -> None:
    from app.matching.models import MATCH_STATES

    if month:
        since = figures.month_start()
        p.figures.append(Figure("proposals", _l("Proposals this month"),
                                figures.proposals_since(since),
                                list_url("MatchView", created_at=("FilterGreater",
                                                                  _dt_arg(since)))))
        if _can("meeting"):
            p.figures.append(Figure("meetings", _l("Meetings held this month"),
                                    figures.meetings_held_since(since),
                                    list_url("MeetingView", status=("FilterEqual", "held"),
                                             time=("FilterGreater", _dt_arg(since)))))
        p.figures.append(Figure("relationships", _l("Relationships this month"),
                                figures.relationships_since(since)))
    p.charts.append(status_chart(f"{p.key}-matches", _l("Matches by stage"), "match",
                                 "MatchView", figures.matches_by_status(), MATCH_STATES))


def _followup_figures(p: Panel, *, due: bool = False) -> None:
    n = figures.overdue_followups()
    p.figures.append(Figure("overdue_followups", _l("Overdue follow-ups"), n,
                            page_url("OverdueFollowUpView.list"), warn=n > 0))
    if due:
        p.figures.append(Figure("followups_due", _l("Follow-ups due in 7 days"),
                                figures.followups_due(), page_url("FollowUpView.list")))


def _complaint_figures(p: Panel, *, chart: bool = True, on_time: bool = True) -> None:
    from app.service.models import STATES

    n = figures.overdue_complaints()
    p.figures.append(Figure("overdue_complaints", _l("Overdue complaints"), n,
                            page_url("OverdueComplaintView.list"), warn=n > 0))
    if on_time:
        rate = figures.complaints_on_time()
        p.figures.append(Figure("complaints_on_time", _l("Complaints resolved on time (90 days)"),
                                _pct(rate["rate"]), page_url("ComplaintFiguresView.index")))
    if chart:
        p.charts.append(status_chart(f"{p.key}-complaints", _l("Complaints by state"),
                                     "complaint", "ComplaintView",
                                     figures.complaints_by_status(), STATES))


# --- panels ------------------------------------------------------------------------------
def store_panel(mods: set[str]) -> Panel | None:
    p = Panel("store", _l("Store and department"))
    if "clients" in mods and _can("client"):
        _client_figures(p, _l("Clients by status"))
    if "matching" in mods and _can("match"):
        _match_figures(p)
    if "matching" in mods and _can("followup"):
        _followup_figures(p)
    if "service" in mods and _can("complaint"):
        _complaint_figures(p)
    return p


def frontline_panel(mods: set[str]) -> Panel | None:
    p = Panel("frontline", _l("My work"))
    if "clients" in mods and _can("client"):
        _client_figures(p, _l("My clients by status"))
    if "matching" in mods and _can("followup"):
        _followup_figures(p, due=True)
    if "matching" in mods and _can("match"):
        _match_figures(p, month=False)
    return p


def service_panel(mods: set[str]) -> Panel | None:
    p = Panel("service", _l("Customer service"))
    if "service" in mods and _can("complaint"):
        _complaint_figures(p)
    if "service" in mods and _can("survey"):
        p.figures.append(Figure("return_visits", _l("Return visits due in 7 days"),
                                figures.return_visits_due(),
                                list_url("SurveyView", status=("FilterEqual", "scheduled"))))
    return p


def hr_panel(mods: set[str]) -> Panel | None:
    from app.appraisal.models import STATES

    p = Panel("hr", _l("Appraisal progress"))
    if "appraisal" not in mods or not _can("appraisal"):
        return p
    data = figures.appraisal_progress()
    done = sum(n for s, n in data["by_status"].items() if s in ("published", "final"))
    p.figures.append(Figure("appraisals", _l("Appraisals in open cycles"), data["total"],
                            page_url("AppraisalView.list")))
    p.figures.append(Figure("appraisals_done", _l("Published or final"),
                            _pct(done / data["total"] if data["total"] else None)))
    p.charts.append(status_chart("hr-appraisals", _l("Appraisals by step"), "appraisal",
                                 "AppraisalView", data["by_status"], STATES))
    return p


def finance_panel(mods: set[str]) -> Panel | None:
    from app.finance.models import EXPENSE_STATES

    p = Panel("finance", _l("Budget execution"))
    if "finance" not in mods or not _can("budget"):
        return p
    year = dt.date.today().year
    rows = figures.budget_execution(year)
    budgeted = sum((r["budgeted"] for r in rows), Decimal(0))
    used = sum((r["spent"] + r["committed"] for r in rows), Decimal(0))
    bva = page_url("BudgetVsActualView.index", year=year)
    p.figures.append(Figure("budgeted", _l("Budgeted this year"), f"{budgeted:,.2f}", bva))
    p.figures.append(Figure("executed", _l("Spent and committed"), f"{used:,.2f}", bva))
    p.figures.append(Figure("execution_rate", _l("Execution rate"),
                            _pct(used / budgeted if budgeted else None), bva,
                            warn=bool(budgeted) and used > budgeted))
    if rows:
        links = [list_url("BudgetView", year=("FilterEqual", year),
                          department=("FilterRelationOneToManyEqual", r["department_id"]))
                 or bva for r in rows]
        spec = chart_spec([r["department"] for r in rows],
                          [(str(_l("Budgeted")), [r["budgeted"] for r in rows]),
                           (str(_l("Spent")), [r["spent"] for r in rows]),
                           (str(_l("Committed")), [r["committed"] for r in rows])],
                          links=links)
        p.charts.append(Chart("finance-budgets", _l("Budget vs actual by department"), spec))
    if _can("expense"):
        p.charts.append(status_chart("finance-expenses", _l("Expense claims by state"),
                                     "expense", "ExpenseView", figures.expenses_by_status(),
                                     EXPENSE_STATES))
    return p


def company_panel(mods: set[str]) -> Panel | None:
    p = Panel("company", _l("Company at a glance"))
    if "org" in mods and _can("employee"):
        p.figures.append(Figure("employees", _l("Employees"), figures.employees_active(),
                                page_url("EmployeeView.list")))
    if "clients" in mods and _can("client"):
        counts = figures.clients_by_status()
        p.figures.append(Figure("clients_active", _l("Active clients"), counts.get("active", 0),
                                list_url("ClientView", status=("FilterEqual", "active"))))
    if "service" in mods and _can("complaint"):
        open_ = sum(n for s, n in figures.complaints_by_status().items()
                    if s in ("received", "assigned", "investigating"))
        p.figures.append(Figure("complaints_open", _l("Open complaints"), open_,
                                page_url("ComplaintView.list")))
    return p


PANELS = (
    ("can_company_panel", company_panel),
    ("can_store_panel", store_panel),
    ("can_frontline_panel", frontline_panel),
    ("can_service_panel", service_panel),
    ("can_hr_panel", hr_panel),
    ("can_finance_panel", finance_panel),
)


def panels_for_user() -> list[Panel]:
    """The panels the current user may see, each with at least one figure or chart."""
    sm = current_app.appbuilder.sm
    mods = _installed()
    out = []
    for perm, build in PANELS:
        if not sm.has_access(perm, "dashboard"):
            continue
        panel = build(mods)
        if panel is not None and (panel.figures or panel.charts):
            out.append(panel)
    return out

"""Dashboard figures: small aggregates over the modules' records.

Every query runs inside the request, so the core's data scope (app/core/scope.py) applies to
each of them: a store manager counts their store, a 紅娘 their own rows, an executive the whole
company. Modules talk through their models only (tests/core/test_modules.py), so the figures
the modules' own pages compute are restated here as plain aggregates; none writes anything.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from app.core.models import utcnow
from app.extensions import db


def month_start(today: dt.date | None = None) -> dt.datetime:
    today = today or dt.date.today()
    return dt.datetime(today.year, today.month, 1)


def _grouped(stmt) -> dict:
    return {k: int(v or 0) for k, v in db.session.execute(stmt) if k is not None}


# --- clients -------------------------------------------------------------------------------
def clients_by_status() -> dict[str, int]:
    from app.clients.models import Client

    return _grouped(select(Client.status, func.count(Client.id))
                    .where(Client.archived_at.is_(None)).group_by(Client.status))


# --- matching ------------------------------------------------------------------------------
def matches_by_status() -> dict[str, int]:
    from app.matching.models import Match

    return _grouped(select(Match.status, func.count(Match.id)).group_by(Match.status))


def proposals_since(since: dt.datetime) -> int:
    from app.matching.models import Match

    return int(db.session.scalar(select(func.count(Match.id))
                                 .where(Match.created_at >= since)) or 0)


def meetings_held_since(since: dt.datetime) -> int:
    from app.matching.models import Meeting

    return int(db.session.scalar(select(func.count(Meeting.id))
                                 .where(Meeting.status == "held", Meeting.time >= since)) or 0)


def relationships_since(since: dt.datetime) -> int:
    from app.matching.models import Match

    return int(db.session.scalar(select(func.count(Match.id))
                                 .where(Match.relationship_at >= since)) or 0)


def overdue_followups(today: dt.date | None = None) -> int:
    from app.matching.models_followup import FollowUp
    from app.matching.public import overdue_followup_criteria

    return int(db.session.scalar(select(func.count(FollowUp.id))
                                 .where(overdue_followup_criteria(today))) or 0)


def followups_due(days: int = 7, today: dt.date | None = None) -> int:
    """Follow-ups whose next visit falls in [today, today + days], not yet done."""
    from app.matching.models_followup import FollowUp

    today = today or dt.date.today()
    later = aliased(FollowUp)
    return int(db.session.scalar(
        select(func.count(FollowUp.id)).where(
            FollowUp.next_due >= today, FollowUp.next_due <= today + dt.timedelta(days=days),
            ~exists(select(later.id).where(later.client_id == FollowUp.client_id,
                                           later.followed_at > FollowUp.followed_at)))) or 0)


# --- customer service ----------------------------------------------------------------------
def complaints_by_status() -> dict[str, int]:
    from app.service.models import Complaint

    return _grouped(select(Complaint.status, func.count(Complaint.id))
                    .group_by(Complaint.status))


def overdue_complaints(now: dt.datetime | None = None) -> int:
    from app.service.models import Complaint

    now = now or utcnow()
    return int(db.session.scalar(select(func.count(Complaint.id))
                                 .where(Complaint.overdue_clause(now))) or 0)


def complaints_on_time(days: int = 90, now: dt.datetime | None = None) -> dict:
    """Of the complaints resolved in the last ``days`` days, how many before their deadline
    (投訴處理及時率)."""
    from app.service.models import Complaint

    now = now or utcnow()
    since = now - dt.timedelta(days=days)
    resolved = select(func.count(Complaint.id)).where(Complaint.resolved_at >= since)
    on_time = resolved.where(Complaint.deadline.is_not(None),
                             Complaint.resolved_at <= Complaint.deadline)
    n, ok = int(db.session.scalar(resolved) or 0), int(db.session.scalar(on_time) or 0)
    return {"resolved": n, "on_time": ok, "rate": round(ok / n, 4) if n else None}


def return_visits_due(days: int = 7, now: dt.datetime | None = None) -> int:
    """Scheduled return visits (回訪) due by ``days`` days from now, overdue ones included."""
    from app.service.survey_models import Survey

    now = now or utcnow()
    return int(db.session.scalar(
        select(func.count(Survey.id)).where(Survey.status == "scheduled",
                                            Survey.scheduled_for <= now + dt.timedelta(
                                                days=days))) or 0)


# --- HR ------------------------------------------------------------------------------------
def appraisal_progress() -> dict:
    """Appraisals of the cycles now open, by state (考核進度)."""
    from app.appraisal.models import Appraisal, AppraisalCycle

    cycles = db.session.execute(select(AppraisalCycle.id, AppraisalCycle.name)
                                .where(AppraisalCycle.status == "open")
                                .order_by(AppraisalCycle.end_date.desc())).all()
    ids = [c.id for c in cycles]
    by_status = _grouped(select(Appraisal.status, func.count(Appraisal.id))
                         .where(Appraisal.cycle_id.in_(ids)).group_by(Appraisal.status)) \
        if ids else {}
    return {"cycles": [c.name for c in cycles], "by_status": by_status,
            "total": sum(by_status.values())}


# --- finance -------------------------------------------------------------------------------
COMMITTED = ("submitted", "head_approved", "finance_approved")
SPENT = ("paid",)


def budget_execution(year: int) -> list[dict]:
    """Per department with an approved budget of ``year``: budgeted (active version of the
    lines, spending kinds), committed (claims on their way) and spent (paid claims)."""
    from app.finance.models import Budget, BudgetLine, Expense
    from app.org.models import Department

    kinds = ("expense", "cost", "capital", "fund")
    budgeted = db.session.execute(
        select(Budget.id, Budget.department_id, func.sum(BudgetLine.amount))
        .join(BudgetLine, and_(BudgetLine.budget_id == Budget.id,
                               BudgetLine.version == Budget.version))
        .where(Budget.year == year, Budget.status == "approved", BudgetLine.kind.in_(kinds))
        .group_by(Budget.id, Budget.department_id)).all()
    if not budgeted:
        return []
    ids = [b[0] for b in budgeted]
    sums = db.session.execute(
        select(Expense.budget_id, Expense.status, func.sum(Expense.amount))
        .where(Expense.budget_id.in_(ids), Expense.status.in_(COMMITTED + SPENT))
        .group_by(Expense.budget_id, Expense.status)).all()
    names = dict(db.session.execute(select(Department.id, Department.name)
                                    .where(Department.id.in_([b[1] for b in budgeted]))).all())
    out = {}
    for budget_id, dept_id, amount in budgeted:
        out[budget_id] = {"budget_id": budget_id, "department_id": dept_id,
                          "department": names.get(dept_id, str(dept_id)),
                          "budgeted": Decimal(amount or 0), "committed": Decimal(0),
                          "spent": Decimal(0)}
    for budget_id, status, total in sums:
        key = "spent" if status in SPENT else "committed"
        out[budget_id][key] += Decimal(total or 0)
    rows = sorted(out.values(), key=lambda r: r["department"])
    for r in rows:
        r["rate"] = (round((r["spent"] + r["committed"]) / r["budgeted"], 4)
                     if r["budgeted"] else None)
    return rows


def expenses_by_status() -> dict[str, int]:
    from app.finance.models import Expense

    return _grouped(select(Expense.status, func.count(Expense.id)).group_by(Expense.status))


# --- company -------------------------------------------------------------------------------
def employees_active() -> int:
    from app.org.models import Employee

    return int(db.session.scalar(select(func.count(Employee.id))
                                 .where(Employee.status != "left")) or 0)

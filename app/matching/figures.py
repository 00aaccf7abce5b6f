"""Matchmaker figures (紅娘業績): per matchmaker and per department, aggregated in SQL.

Every query runs through the request's data scope, so a head sees their department's
matchmakers and a matchmaker their own work. ``since`` bounds proposals (by proposal time),
meetings (by meeting time) and relationships (by when they began); clients and overdue
follow-ups are as of today.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select

from app.core.scope import unscoped
from app.extensions import db
from app.matching.followups import overdue_criteria
from app.matching.models import Match, Meeting
from app.matching.models_followup import FollowUp

COUNTERS = ("clients", "proposals", "answered", "accepted", "meetings", "relationships",
            "overdue_followups")


def _rate(accepted: int, answered: int) -> float | None:
    return round(accepted / answered, 3) if answered else None


def _since_dt(since) -> dt.datetime | None:
    if since is None or isinstance(since, dt.datetime):
        return since
    return dt.datetime.combine(since, dt.time.min)


def matchmaker_figures(department_id: int | None = None, since=None) -> dict:
    """{"matchmakers": [...], "departments": [...], "totals": {...}}, scoped to the user."""
    from app.clients.models import Client
    from app.org.models import Department, Employee

    since = _since_dt(since)
    depts = sorted(Department.subtree_ids(department_id)) if department_id else None
    rows: dict[int, dict] = {}

    def add(result, *names):
        for emp_id, *values in result:
            if emp_id is None:
                continue
            row = rows.setdefault(emp_id, {k: 0 for k in COUNTERS})
            for name, value in zip(names, values, strict=True):
                row[name] += int(value or 0)

    q = (select(Client.matchmaker_id, func.count(Client.id))
         .where(Client.archived_at.is_(None)).group_by(Client.matchmaker_id))
    if depts:
        q = q.where(Client.department_id.in_(depts))
    add(db.session.execute(q), "clients")

    accepted = func.sum(case((Match.accepted_at.is_not(None), 1), else_=0))
    answered = func.sum(case(((Match.accepted_at.is_not(None))
                              | (Match.declined_at.is_not(None)), 1), else_=0))
    q = (select(Match.matchmaker_id, func.count(Match.id), answered, accepted)
         .group_by(Match.matchmaker_id))
    if since:
        q = q.where(Match.created_at >= since)
    if depts:
        q = q.where(Match.department_id.in_(depts))
    add(db.session.execute(q), "proposals", "answered", "accepted")

    q = (select(Match.matchmaker_id, func.count(Match.id))
         .where(Match.relationship_at.is_not(None)).group_by(Match.matchmaker_id))
    if since:
        q = q.where(Match.relationship_at >= since)
    if depts:
        q = q.where(Match.department_id.in_(depts))
    add(db.session.execute(q), "relationships")

    q = (select(Match.matchmaker_id, func.count(Meeting.id))
         .join(Match, Meeting.match_id == Match.id)
         .where(Meeting.status == "held").group_by(Match.matchmaker_id))
    if since:
        q = q.where(Meeting.time >= since)
    if depts:
        q = q.where(Match.department_id.in_(depts))
    add(db.session.execute(q), "meetings")

    q = (select(FollowUp.matchmaker_id, func.count(FollowUp.id))
         .where(overdue_criteria()).group_by(FollowUp.matchmaker_id))
    if depts:
        q = q.where(FollowUp.department_id.in_(depts))
    add(db.session.execute(q), "overdue_followups")

    # Names and departments of the people counted (colleagues' names are not confidential).
    with unscoped():
        people = {
            eid: (name, did, dname) for eid, name, did, dname in db.session.execute(
                select(Employee.id, Employee.name, Employee.department_id, Department.name)
                .join(Department, Employee.department_id == Department.id)
                .where(Employee.id.in_(sorted(rows)))
            )
        } if rows else {}
    matchmakers, departments = [], {}
    for emp_id, counts in rows.items():
        name, did, dname = people.get(emp_id, (str(emp_id), None, ""))
        matchmakers.append({"employee_id": emp_id, "name": name, "department_id": did,
                            "department": dname, **counts,
                            "acceptance_rate": _rate(counts["accepted"], counts["answered"])})
        d = departments.setdefault(did, {"department_id": did, "department": dname,
                                         **{k: 0 for k in COUNTERS}})
        for k in COUNTERS:
            d[k] += counts[k]
    for d in departments.values():
        d["acceptance_rate"] = _rate(d["accepted"], d["answered"])
    totals = {k: sum(r[k] for r in matchmakers) for k in COUNTERS}
    totals["acceptance_rate"] = _rate(totals["accepted"], totals["answered"])
    matchmakers.sort(key=lambda r: (r["department"] or "", -r["proposals"], r["name"]))
    return {"matchmakers": matchmakers,
            "departments": sorted(departments.values(), key=lambda d: d["department"] or ""),
            "totals": totals}


def parse_args(args) -> tuple[int | None, dt.date | None]:
    """department_id and since (YYYY-MM-DD) from query arguments; ValueError when bad."""
    dept = args.get("department_id") or None
    since = args.get("since") or None
    return (int(dept) if dept is not None else None,
            dt.date.fromisoformat(since) if since is not None else None)

"""Complaint figures: counts by month, category and department; on-time, resolution and reopen
rates; average satisfaction. One SQL aggregate per grouping, scoped like every query."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, and_, case, func, select

from app.core.errors import Invalid
from app.core.scope import unscoped
from app.extensions import db
from app.org.models import Department
from app.service.models import DONE_STATES, Complaint, ComplaintCategory


def _as_datetime(value, end=False) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        d = value + dt.timedelta(days=1) if end else value
        return dt.datetime(d.year, d.month, d.day)
    raise TypeError("start and end must be dates or datetimes")


def _month(col):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(col, "YYYY-MM")
    return func.strftime("%Y-%m", col)


def _measures():
    c = Complaint
    resolved = c.status.in_(DONE_STATES)
    on_time = and_(c.resolved_at.is_not(None), c.deadline.is_not(None),
                   c.resolved_at <= c.deadline)
    return [
        func.count(c.id).label("count"),
        func.sum(case((resolved, 1), else_=0)).label("resolved"),
        func.sum(case((on_time, 1), else_=0)).label("on_time"),
        func.sum(case((c.reopen_count > 0, 1), else_=0)).label("reopened"),
        func.avg(c.satisfaction.cast(Integer) * 1.0).label("satisfaction_avg"),
        func.count(c.satisfaction).label("rated"),
    ]


def _row(keys: dict, r) -> dict:
    count, resolved = int(r.count or 0), int(r.resolved or 0)
    on_time, reopened = int(r.on_time or 0), int(r.reopened or 0)
    avg = float(r.satisfaction_avg) if r.satisfaction_avg is not None else None
    return {
        **keys,
        "count": count,
        "resolved": resolved,
        "on_time": on_time,
        "reopened": reopened,
        "rated": int(r.rated or 0),
        "resolution_rate": round(resolved / count, 4) if count else None,
        "on_time_rate": round(on_time / resolved, 4) if resolved else None,
        "reopen_rate": round(reopened / resolved, 4) if resolved else None,
        "satisfaction_avg": round(avg, 2) if avg is not None else None,
    }


def complaint_figures(start, end, department_id: int | None = None) -> dict:
    """Figures of complaints received in [start, end] (dates inclusive), optionally of one
    responsible department and those below it. Scoped: a user's figures cover their rows."""
    start_at, end_at = _as_datetime(start), _as_datetime(end, end=True)
    if end_at <= start_at:
        raise Invalid(str(_l("The end date must not be before the start date")), field="end")
    where = [Complaint.received_at >= start_at, Complaint.received_at < end_at]
    if department_id is not None:
        with unscoped():
            ids = sorted(Department.subtree_ids(int(department_id)))
        where.append(Complaint.department_id.in_(ids))

    def grouped(*keys):
        stmt = select(*keys, *_measures()).where(*where)
        if keys:
            stmt = stmt.group_by(*keys).order_by(*keys)
        return db.session.execute(stmt).all()

    month = _month(Complaint.received_at).label("month")
    total = grouped()[0]
    with unscoped():
        dept_names = dict(db.session.execute(select(Department.id, Department.name)).all())
        cat_names = dict(db.session.execute(
            select(ComplaintCategory.code, ComplaintCategory.name)).all())
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "department_id": department_id,
        "totals": _row({}, total),
        "by_month": [_row({"month": r.month}, r) for r in grouped(month)],
        "by_category": [_row({"category": r.category, "name": cat_names.get(r.category)}, r)
                        for r in grouped(Complaint.category)],
        "by_department": [_row({"department_id": r.department_id,
                                "name": dept_names.get(r.department_id)}, r)
                          for r in grouped(Complaint.department_id)],
    }

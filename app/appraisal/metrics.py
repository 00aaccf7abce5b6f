"""Appraisal metrics: the annual grade aggregates the year's monthly results (000, 002)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.appraisal.models import PUBLISHED, Appraisal, AppraisalCycle
from app.core.metrics import Metric, record, register_metric
from app.extensions import db


def _monthly(ids, start, end):
    return (Appraisal.employee_id.in_(ids), AppraisalCycle.period == "monthly",
            AppraisalCycle.start_date >= start, AppraisalCycle.end_date <= end,
            Appraisal.status.in_(PUBLISHED), Appraisal.score.is_not(None))


def monthly_average(ids, start, end):
    """Average score of the employee's published or final monthly appraisals in the period."""
    return dict(db.session.execute(
        select(Appraisal.employee_id, func.avg(Appraisal.score))
        .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .where(*_monthly(ids, start, end)).group_by(Appraisal.employee_id)).all())


def monthly_records(emp, start, end, limit):
    rows = db.session.execute(
        select(Appraisal.id, AppraisalCycle.name, Appraisal.score, Appraisal.grade)
        .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .where(*_monthly([emp], start, end)).order_by(AppraisalCycle.end_date).limit(limit))
    return [record("appraisal", i, f"{name} {score} {grade or ''}".strip(),
                   "AppraisalView.show") for i, name, score, grade in rows]


METRICS = (
    Metric("appraisal.monthly_average", _l("Average of the monthly results"), "score",
           monthly_average, "000.appraisal.annual", monthly_records, empty=None),
)


def register() -> None:
    from app.appraisal import metrics_market, training

    for metric in METRICS + training.METRICS + metrics_market.METRICS:
        register_metric(metric)


def register_all() -> None:
    """Every module's metrics, as their declarations name them (app/core/modules.py)."""
    from app.core.modules import register_metrics

    register_metrics()

"""客服 metrics for appraisals (rule book 000 績效考核指標設定 2: 投訴處理及時率、客戶滿意度;
002 客服人員: 客戶投訴處理率、客戶滿意度、客戶回訪成功率): one grouped query per metric.

A complaint counts for its responsible employee (``handler_id``), else for whoever received
it; surveys and return visits count for their assignee. On-time uses the same rule as the
complaint figures (app/service/figures.py): resolved at or before the promised deadline.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select

from app.core.metrics import Metric, period_bounds, ratio, record, register_metric
from app.extensions import db
from app.service.models import DONE_STATES, Complaint
from app.service.survey_models import Survey

RULE = "000.kpi.customer_service"


def _owner():
    return func.coalesce(Complaint.handler_id, Complaint.received_by_id)


def _complaint_rows(emp, where, order, limit):
    rows = db.session.execute(
        select(Complaint.id, Complaint.complaint_no, Complaint.status, order)
        .where(_owner() == emp, *where).order_by(order, Complaint.id).limit(limit))
    return [record("complaint", i, f"{no} {at:%Y-%m-%d} {status}", "ComplaintView.show")
            for i, no, status, at in rows]


# --- complaints handled on time: resolved in the period, at or before the deadline -----------
def _resolved_in(lo, hi):
    return (Complaint.resolved_at >= lo, Complaint.resolved_at < hi)


def on_time_rate(ids, start, end):
    lo, hi = period_bounds(start, end)
    on_time = and_(Complaint.deadline.is_not(None), Complaint.resolved_at <= Complaint.deadline)
    owner = _owner()
    rows = db.session.execute(
        select(owner, func.count(Complaint.id), func.sum(case((on_time, 1), else_=0)))
        .where(owner.in_(ids), *_resolved_in(lo, hi)).group_by(owner))
    return {emp: ratio(ok, n) for emp, n, ok in rows if emp is not None}


def on_time_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    return _complaint_rows(emp, _resolved_in(lo, hi), Complaint.resolved_at, limit)


# --- resolution rate: of the complaints received in the period, how many are resolved --------
def _received_in(lo, hi):
    return (Complaint.received_at >= lo, Complaint.received_at < hi)


def resolution_rate(ids, start, end):
    lo, hi = period_bounds(start, end)
    owner = _owner()
    done = case((Complaint.status.in_(DONE_STATES), 1), else_=0)
    rows = db.session.execute(
        select(owner, func.count(Complaint.id), func.sum(done))
        .where(owner.in_(ids), *_received_in(lo, hi)).group_by(owner))
    return {emp: ratio(ok, n) for emp, n, ok in rows if emp is not None}


def resolution_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    return _complaint_rows(emp, _received_in(lo, hi), Complaint.received_at, limit)


# --- satisfaction of the surveys and return visits done in the period (1–5) ------------------
def _rated(lo, hi):
    return (Survey.status == "done", Survey.satisfaction.is_not(None), Survey.done_at >= lo,
            Survey.done_at < hi)


def satisfaction(ids, start, end):
    lo, hi = period_bounds(start, end)
    return dict(db.session.execute(
        select(Survey.assignee_id, func.avg(Survey.satisfaction * 1.0))
        .where(Survey.assignee_id.in_(ids), *_rated(lo, hi)).group_by(Survey.assignee_id)
    ).all())


def satisfaction_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Survey.id, Survey.done_at, Survey.satisfaction)
        .where(Survey.assignee_id == emp, *_rated(lo, hi))
        .order_by(Survey.done_at, Survey.id).limit(limit))
    return [record("survey", i, f"#{i} {at:%Y-%m-%d} {_l('Satisfaction')} {s}/5",
                   "SurveyView.show") for i, at, s in rows]


# --- return visits completed ÷ planned (scheduled in the period, not cancelled) --------------
def _planned(lo, hi):
    return (Survey.scheduled_for >= lo, Survey.scheduled_for < hi, Survey.status != "cancelled")


def visits_completed(ids, start, end):
    lo, hi = period_bounds(start, end)
    done = case((Survey.status == "done", 1), else_=0)
    rows = db.session.execute(
        select(Survey.assignee_id, func.count(Survey.id), func.sum(done))
        .where(Survey.assignee_id.in_(ids), *_planned(lo, hi)).group_by(Survey.assignee_id))
    return {emp: ratio(ok, n) for emp, n, ok in rows if emp is not None}


def visits_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Survey.id, Survey.scheduled_for, Survey.status)
        .where(Survey.assignee_id == emp, *_planned(lo, hi))
        .order_by(Survey.scheduled_for, Survey.id).limit(limit))
    return [record("survey", i, f"#{i} {at:%Y-%m-%d} {status}", "SurveyView.show")
            for i, at, status in rows]


METRICS = (
    Metric("service.complaint_on_time_rate", _l("Complaints resolved on time (%)"), "percent",
           on_time_rate, RULE, on_time_records, empty=None),
    Metric("service.complaint_resolution_rate", _l("Complaint resolution rate (%)"), "percent",
           resolution_rate, RULE, resolution_records, empty=None),
    Metric("service.satisfaction", _l("Customer satisfaction (1-5)"), "rating", satisfaction,
           RULE, satisfaction_records, empty=None),
    Metric("service.return_visits_completed", _l("Return visits completed (%)"), "percent",
           visits_completed, RULE, visits_records, empty=None),
)


def register() -> None:
    for metric in METRICS:
        register_metric(metric)

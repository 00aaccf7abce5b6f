"""紅娘 metrics for appraisals (rule book 000 績效考核指標設定 1: 成功配對數量、客戶滿意度、
服務質量評估 … 客戶投訴率): one grouped query per metric for all the employees of a cycle.

A match counts for the matchmaker who proposed it (``Match.matchmaker_id``), as in the
matchmaker figures (app/matching/figures.py); satisfaction and complaints count for the
client's recorded matchmaker.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import aliased

from app.core.metrics import Metric, period_bounds, ratio, record, register_metric
from app.extensions import db
from app.matching.models import Match, Meeting
from app.matching.models_followup import FollowUp

RULE = "000.kpi.matchmaker"


def _grouped(stmt) -> dict:
    return {k: v for k, v in db.session.execute(stmt) if k is not None}


# --- proposals ------------------------------------------------------------------------------
def proposals(ids, start, end):
    lo, hi = period_bounds(start, end)
    return _grouped(select(Match.matchmaker_id, func.count(Match.id))
                    .where(Match.matchmaker_id.in_(ids), Match.created_at >= lo,
                           Match.created_at < hi).group_by(Match.matchmaker_id))


def proposals_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Match.id, Match.created_at, Match.status)
        .where(Match.matchmaker_id == emp, Match.created_at >= lo, Match.created_at < hi)
        .order_by(Match.created_at, Match.id).limit(limit))
    return [record("match", i, f"#{i} {at:%Y-%m-%d} {status}", "MatchView.show")
            for i, at, status in rows]


# --- meetings held ----------------------------------------------------------------------------
def _meetings(ids, lo, hi):
    return (Meeting.status == "held", Match.matchmaker_id.in_(ids), Meeting.time >= lo,
            Meeting.time < hi)


def meetings_held(ids, start, end):
    lo, hi = period_bounds(start, end)
    return _grouped(select(Match.matchmaker_id, func.count(Meeting.id))
                    .join(Match, Meeting.match_id == Match.id)
                    .where(*_meetings(ids, lo, hi)).group_by(Match.matchmaker_id))


def meetings_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Meeting.id, Meeting.time, Meeting.place).join(Match, Meeting.match_id == Match.id)
        .where(*_meetings([emp], lo, hi)).order_by(Meeting.time, Meeting.id).limit(limit))
    return [record("meeting", i, f"{t:%Y-%m-%d %H:%M} {place}", "MeetingView.show")
            for i, t, place in rows]


# --- relationships formed (成功配對) -------------------------------------------------------------
def relationships(ids, start, end):
    lo, hi = period_bounds(start, end)
    return _grouped(select(Match.matchmaker_id, func.count(Match.id))
                    .where(Match.matchmaker_id.in_(ids), Match.relationship_at >= lo,
                           Match.relationship_at < hi).group_by(Match.matchmaker_id))


def relationships_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Match.id, Match.relationship_at, Match.status)
        .where(Match.matchmaker_id == emp, Match.relationship_at >= lo,
               Match.relationship_at < hi).order_by(Match.relationship_at, Match.id).limit(limit))
    return [record("match", i, f"#{i} {at:%Y-%m-%d} {status}", "MatchView.show")
            for i, at, status in rows]


# --- client satisfaction (return visits and surveys, 1–5) ------------------------------------
def _surveys(ids, lo, hi):
    from app.clients.models import Client
    from app.service.survey_models import Survey

    return Survey, Client, (Survey.status == "done", Survey.satisfaction.is_not(None),
                            Survey.done_at >= lo, Survey.done_at < hi,
                            Client.matchmaker_id.in_(ids))


def satisfaction(ids, start, end):
    lo, hi = period_bounds(start, end)
    survey, client, where = _surveys(ids, lo, hi)
    return _grouped(select(client.matchmaker_id, func.avg(survey.satisfaction * 1.0))
                    .join(client, survey.client_id == client.id).where(*where)
                    .group_by(client.matchmaker_id))


def satisfaction_records(emp, start, end, limit):
    lo, hi = period_bounds(start, end)
    survey, client, where = _surveys([emp], lo, hi)
    rows = db.session.execute(
        select(survey.id, survey.done_at, survey.satisfaction)
        .join(client, survey.client_id == client.id).where(*where)
        .order_by(survey.done_at, survey.id).limit(limit))
    return [record("survey", i, f"#{i} {at:%Y-%m-%d} {_l('Satisfaction')} {s}/5",
                   "SurveyView.show") for i, at, s in rows]


# --- follow-ups done on time ------------------------------------------------------------------
def followups_on_time(ids, start, end):
    later = aliased(FollowUp)
    due = and_(FollowUp.matchmaker_id.in_(ids), FollowUp.next_due >= start,
               FollowUp.next_due <= end)
    on_time = exists(select(later.id).where(
        later.client_id == FollowUp.client_id, later.followed_at > FollowUp.followed_at,
        func.date(later.followed_at) <= FollowUp.next_due))
    rows = db.session.execute(
        select(FollowUp.matchmaker_id, func.count(FollowUp.id),
               func.sum(case((on_time, 1), else_=0)))
        .where(due).group_by(FollowUp.matchmaker_id))
    return {emp: ratio(done, total) for emp, total, done in rows if emp is not None}


def followups_records(emp, start, end, limit):
    rows = db.session.execute(
        select(FollowUp.id, FollowUp.next_due)
        .where(FollowUp.matchmaker_id == emp, FollowUp.next_due >= start,
               FollowUp.next_due <= end).order_by(FollowUp.next_due, FollowUp.id).limit(limit))
    return [record("followup", i, f"#{i} {_l('Due')} {due:%Y-%m-%d}", "FollowUpView.show")
            for i, due in rows]


# --- complaint rate: complaints about the matchmaker's clients per 100 of their clients ------
def complaint_rate(ids, start, end):
    from app.clients.models import Client
    from app.service.models import Complaint

    lo, hi = period_bounds(start, end)
    clients = dict(db.session.execute(
        select(Client.matchmaker_id, func.count(Client.id))
        .where(Client.matchmaker_id.in_(ids), Client.archived_at.is_(None))
        .group_by(Client.matchmaker_id)).all())
    complaints = dict(db.session.execute(
        select(Client.matchmaker_id, func.count(Complaint.id))
        .join(Client, Complaint.client_id == Client.id)
        .where(Client.matchmaker_id.in_(ids), Complaint.received_at >= lo,
               Complaint.received_at < hi).group_by(Client.matchmaker_id)).all())
    return {emp: ratio(complaints.get(emp, 0), n) for emp, n in clients.items()
            if emp is not None}


def complaint_records(emp, start, end, limit):
    from app.clients.models import Client
    from app.service.models import Complaint

    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Complaint.id, Complaint.complaint_no, Complaint.received_at)
        .join(Client, Complaint.client_id == Client.id)
        .where(Client.matchmaker_id == emp, Complaint.received_at >= lo,
               Complaint.received_at < hi).order_by(Complaint.received_at).limit(limit))
    return [record("complaint", i, f"{no} {at:%Y-%m-%d}", "ComplaintView.show")
            for i, no, at in rows]


METRICS = (
    Metric("matching.proposals", _l("Proposals made"), "count", proposals, RULE,
           proposals_records),
    Metric("matching.meetings_held", _l("Meetings held"), "count", meetings_held, RULE,
           meetings_records),
    Metric("matching.relationships", _l("Relationships formed"), "count", relationships, RULE,
           relationships_records),
    Metric("matching.satisfaction", _l("Client satisfaction (1-5)"), "rating", satisfaction,
           RULE, satisfaction_records, empty=None),
    Metric("matching.followups_on_time", _l("Follow-ups done on time (%)"), "percent",
           followups_on_time, RULE, followups_records, empty=None),
    Metric("matching.complaint_rate", _l("Complaints per 100 clients"), "percent",
           complaint_rate, RULE, complaint_records, empty=None, higher_is_better=False),
)


def register() -> None:
    for metric in METRICS:
        register_metric(metric)

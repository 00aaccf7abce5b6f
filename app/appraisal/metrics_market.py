"""市場部 metrics (000 績效考核指標設定 3: 市場推廣活動效果、業務渠道拓展數量): leads per event
and new partners, per employee and period, one grouped query each for a whole cycle.

An event counts for the employee who created it (its organiser, ``Event.created_by_id`` = the
employee's login), held in the period and not cancelled; its leads are the clients whose
recorded lead source (``LeadSource``, app/matching/models_marketing.py) names it. A partner
institution counts for the employee who registered it in the period.
"""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.core.metrics import Metric, period_bounds, quantize, record
from app.extensions import db

RULE = "000.kpi.marketing"


def _users(ids) -> dict[int, int]:
    """{user id: employee id} of the employees asked for."""
    from app.org.models import Employee

    return {u: e for e, u in db.session.execute(
        select(Employee.id, Employee.user_id).where(Employee.id.in_(ids),
                                                    Employee.user_id.is_not(None)))}


def _events(users, lo, hi):
    from app.matching.models_event import Event

    return (Event.created_by_id.in_(users), Event.starts_at >= lo, Event.starts_at < hi,
            Event.status != "cancelled")


def leads_per_event(ids, start, end):
    """Leads recorded from the employee's events ÷ those events (None: no event held)."""
    from app.matching.models_all import LeadSource
    from app.matching.models_event import Event

    users = _users(ids)
    if not users:
        return {}
    lo, hi = period_bounds(start, end)
    leads = (select(LeadSource.event_id, func.count(LeadSource.id).label("n"))
             .group_by(LeadSource.event_id).subquery())
    rows = db.session.execute(
        select(Event.created_by_id, func.count(Event.id), func.coalesce(func.sum(leads.c.n), 0))
        .outerjoin(leads, leads.c.event_id == Event.id)
        .where(*_events(sorted(users), lo, hi)).group_by(Event.created_by_id))
    return {users[u]: quantize(Decimal(int(n_leads)) / int(n_events)) if n_events else None
            for u, n_events, n_leads in rows}


def events_records(emp, start, end, limit):
    from app.matching.models_all import LeadSource
    from app.matching.models_event import Event

    users = _users([emp])
    if not users:
        return []
    lo, hi = period_bounds(start, end)
    leads = (select(LeadSource.event_id, func.count(LeadSource.id).label("n"))
             .group_by(LeadSource.event_id).subquery())
    rows = db.session.execute(
        select(Event.id, Event.starts_at, Event.title, func.coalesce(leads.c.n, 0))
        .outerjoin(leads, leads.c.event_id == Event.id)
        .where(*_events(sorted(users), lo, hi)).order_by(Event.starts_at, Event.id)
        .limit(limit))
    return [record("event", i, f"{at:%Y-%m-%d} {title}: {n}", "EventView.show")
            for i, at, title, n in rows]


def new_partners(ids, start, end):
    from app.matching.models_all import Partner

    users = _users(ids)
    if not users:
        return {}
    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Partner.created_by_id, func.count(Partner.id))
        .where(Partner.created_by_id.in_(sorted(users)), Partner.created_at >= lo,
               Partner.created_at < hi).group_by(Partner.created_by_id))
    return {users[u]: n for u, n in rows}


def partners_records(emp, start, end, limit):
    from app.matching.models_all import Partner

    users = _users([emp])
    if not users:
        return []
    lo, hi = period_bounds(start, end)
    rows = db.session.execute(
        select(Partner.id, Partner.created_at, Partner.name)
        .where(Partner.created_by_id.in_(sorted(users)), Partner.created_at >= lo,
               Partner.created_at < hi).order_by(Partner.created_at, Partner.id).limit(limit))
    return [record("partner", i, f"{at:%Y-%m-%d} {name}", "PartnerView.show")
            for i, at, name in rows]


METRICS = (
    Metric("market.leads_per_event", _l("Leads per event (average)"), "count",
           leads_per_event, RULE, events_records, empty=None),
    Metric("market.new_partners", _l("New partner institutions"), "count", new_partners,
           RULE, partners_records),
)

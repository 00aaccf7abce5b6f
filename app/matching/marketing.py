"""Marketing figures: leads per event and per partner institution (市場部 拓展業務渠道),
with each event's cost and the cost per lead.

Company-wide on purpose: events and partners are company-wide listings and 市場部 measures
its channels across every store; the figures are counts per source and name no client."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from app.core.scope import unscoped
from app.extensions import db
from app.matching.models_event import Event
from app.matching.models_marketing import LeadSource, Partner


def lead_counts() -> dict:
    """{"events": [{id, title, kind, cost, leads, cost_per_lead}], "partners": [{id, name,
    kind, leads}], "total": n} — best source first."""
    with unscoped():
        return _counts()


def _counts() -> dict:
    per_event = dict(db.session.execute(
        select(LeadSource.event_id, func.count(LeadSource.id))
        .where(LeadSource.event_id.is_not(None)).group_by(LeadSource.event_id)).all())
    per_partner = dict(db.session.execute(
        select(LeadSource.partner_id, func.count(LeadSource.id))
        .where(LeadSource.partner_id.is_not(None)).group_by(LeadSource.partner_id)).all())
    events = []
    if per_event:
        for ev in db.session.scalars(select(Event).where(Event.id.in_(sorted(per_event)))):
            n = per_event[ev.id]
            cost = Decimal(ev.cost) if ev.cost is not None else None
            events.append({"id": ev.id, "title": ev.title, "kind": ev.kind,
                           "starts_at": ev.starts_at.date().isoformat(),
                           "cost": str(cost) if cost is not None else None, "leads": n,
                           "cost_per_lead": str((cost / n).quantize(Decimal("0.01")))
                           if cost is not None and n else None})
    partners = []
    if per_partner:
        for p in db.session.scalars(select(Partner).where(Partner.id.in_(sorted(per_partner)))):
            partners.append({"id": p.id, "name": p.name, "kind": p.kind,
                             "leads": per_partner[p.id]})
    events.sort(key=lambda r: (-r["leads"], r["id"]))
    partners.sort(key=lambda r: (-r["leads"], r["id"]))
    total = db.session.scalar(select(func.count(LeadSource.id))) or 0
    return {"events": events, "partners": partners, "total": total}

"""Inbox sections of overdue work (app/core/inbox.py INBOX_PROVIDERS): follow-ups whose next
visit date has passed and complaints past their deadline, in the user's scope.

They are catch-all sections: a record another section already shows (the matching module's
"clients without a next follow-up", the SLA section, a complaint's own workflow step) is not
shown again, so the navbar counter — the inbox's own count — never counts anything twice or
anything the inbox page does not show (app/dashboard/notices.py).
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.inbox import InboxAction, InboxItem, InboxSection
from app.core.modules import installed_modules
from app.extensions import db

LIMIT = 50


def overdue_sections() -> list[InboxSection]:
    sm = current_app.appbuilder.sm
    mods = {m.name for m in installed_modules()}
    out = []
    if "matching" in mods and sm.has_access("can_read", "followup"):
        out += _followups(sm.has_access("can_write", "followup"))
    if "service" in mods and sm.has_access("can_read", "complaint"):
        out += _complaints()
    return out


def _more(rows: list, endpoint: str) -> str | None:
    if len(rows) <= LIMIT:
        return None
    from app.dashboard.links import page_url

    del rows[LIMIT:]
    return page_url(endpoint) or "#"


def _followups(may_write: bool) -> list[InboxSection]:
    from app.matching.models_followup import FollowUp
    from app.matching.public import overdue_followup_criteria

    rows = list(db.session.scalars(
        select(FollowUp).where(overdue_followup_criteria(dt.date.today()))
        .options(selectinload(FollowUp.client))
        .order_by(FollowUp.next_due, FollowUp.id).limit(LIMIT + 1)))
    more = _more(rows, "OverdueFollowUpView.list")
    items = []
    for f in rows:
        client = f.client
        action = (InboxAction("followup", _l("Record a follow-up"), "FollowUpView.add",
                              {"client_id": f.client_id}, link=True)
                  if may_write else _l("Overdue"))
        items.append(InboxItem(
            "followup", f.id, str(client) if client is not None else f"#{f.client_id}",
            "overdue", _l("Overdue"), [action],
            str(_l("Next follow-up was due on %(d)s", d=f"{f.next_due:%Y-%m-%d}")),
            key=("client", str(f.client_id))))
    if not items:
        return []
    return [InboxSection("followup", _l("Overdue follow-ups"), items, catch_all=True,
                         more_url=more)]


def _complaints() -> list[InboxSection]:
    from app.core.models import utcnow
    from app.core.workflow import REGISTRY
    from app.service.models import Complaint

    now = utcnow()
    wf = REGISTRY.get("complaint")
    rows = list(db.session.scalars(select(Complaint).where(Complaint.overdue_clause(now))
                                   .options(*(wf.inbox_load() if wf else ()))
                                   .order_by(Complaint.deadline, Complaint.id)
                                   .limit(LIMIT + 1)))
    more = _more(rows, "OverdueComplaintView.list")
    items = [InboxItem("complaint", c.id, str(c), c.status,
                       wf.state_label(c.status) if wf else c.status, [_l("Overdue")],
                       str(_l("Past its deadline")))
             for c in rows]
    if not items:
        return []
    return [InboxSection("complaint", _l("Overdue complaints"), items, catch_all=True,
                         more_url=more)]

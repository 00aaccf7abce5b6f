"""Follow-up services: saving one moves the client's last_followup_at; the overdue list."""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from app.core.errors import Invalid
from app.core.models import utcnow
from app.extensions import db
from app.matching.models_followup import FollowUp
from app.matching.rules import cited


def prepare_followup(item: FollowUp) -> None:
    """Fill defaults from the client, then move the client's last_followup_at forward.

    Runs in the same transaction as the follow-up's insert (form and REST), so the pool rule
    (公海) never sees one without the other.
    """
    from app.clients.models import Client
    from app.matching.workflows import actor_employee_id

    if item.client_id is None and item.client is not None:
        item.client_id = item.client.id
    client = db.session.scalars(select(Client).where(Client.id == item.client_id)).first()
    if client is None or client.is_archived:
        raise Invalid(str(_l("Choose a client in your scope")), field="client")
    item.client = client
    item.department_id = client.department_id
    if item.matchmaker_id is None and item.matchmaker is None:
        item.matchmaker_id = client.matchmaker_id or actor_employee_id(
            current_app.appbuilder.sm.current_user)
    if item.followed_at is None:
        item.followed_at = utcnow()
    # Every active client has a next follow-up date (定期回訪): the follow-up names it.
    if client.status == "active" and item.next_due is None:
        raise Invalid(cited(_l("Give the date of the next follow-up"),
                            "000.matching.next_followup"), field="next_due")
    if item.next_due is not None and item.next_due < item.followed_at.date():
        raise Invalid(str(_l("The next follow-up cannot be before this one")),
                      field="next_due")
    if client.last_followup_at is None or client.last_followup_at < item.followed_at:
        client.last_followup_at = item.followed_at


def overdue_criteria(today: dt.date | None = None):
    """next_due has passed and no later follow-up of the same client exists."""
    today = today or dt.date.today()
    later = aliased(FollowUp)
    return and_(
        FollowUp.next_due.is_not(None),
        FollowUp.next_due < today,
        ~exists(select(later.id).where(later.client_id == FollowUp.client_id,
                                       later.followed_at > FollowUp.followed_at)),
    )


def overdue(matchmaker_id: int | None = None, limit: int = 200) -> list[FollowUp]:
    q = select(FollowUp).where(overdue_criteria()).order_by(FollowUp.next_due)
    if matchmaker_id is not None:
        q = q.where(FollowUp.matchmaker_id == matchmaker_id)
    return list(db.session.scalars(q.limit(limit)))


def without_next_followup_criteria(today: dt.date | None = None):
    """Active clients with no follow-up date today or later (never followed up, or the last
    follow-up named none, or its date has passed)."""
    from app.clients.models import Client

    today = today or dt.date.today()
    return and_(Client.status == "active", Client.archived_at.is_(None),
                ~exists(select(FollowUp.id).where(FollowUp.client_id == Client.id,
                                                  FollowUp.next_due >= today)))


def without_next_followup(limit: int = 200) -> list:
    """The active clients (in the user's scope) that have no next follow-up date, the most
    recently registered first (the ones the matchmaker has just taken on)."""
    from app.clients.models import Client

    return list(db.session.scalars(select(Client).where(without_next_followup_criteria())
                                   .order_by(Client.id.desc()).limit(limit)))

"""Lead sources: a client (lead) names the event or the partner institution it came from."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import Invalid
from app.extensions import db
from app.matching.models_marketing import LeadSource


def prepare_lead_source(item: LeadSource) -> None:
    """Validate and complete a new lead source (form and REST). Raises Invalid."""
    from app.clients.models import Client

    client_id = item.client_id or (item.client.id if item.client is not None else None)
    client = db.session.scalars(select(Client).where(Client.id == client_id)).first() \
        if client_id else None
    if client is None or client.is_archived:
        raise Invalid(str(_l("Choose a client in your scope")), field="client")
    dup = db.session.scalar(select(LeadSource.id).where(LeadSource.client_id == client.id)
                            .execution_options(unscoped=True))
    if dup is not None:
        raise Invalid(str(_l("This client's source is already recorded")), field="client")
    item.client, item.client_id = client, client.id
    item.department_id = client.department_id
    item.validate()

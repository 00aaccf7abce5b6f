"""Event sign-ups: capacity, no duplicates, the client's side filled in from the client."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import Invalid, NotFound
from app.core.interface import prepare_save
from app.core.scope import scoped_get
from app.extensions import db
from app.matching.models_event import Event, EventSignup
from app.matching.workflows import SIGNUP_WORKFLOW

OPEN_FOR_SIGNUP = ("planned", "open")


def taken(event_id: int) -> int:
    return db.session.scalar(
        select(func.count(EventSignup.id)).where(EventSignup.event_id == event_id,
                                                 EventSignup.status != "cancelled")
        .execution_options(unscoped=True)
    ) or 0


def check_signup(item: EventSignup) -> None:
    """Validate and complete a new sign-up (form, REST and service). Raises Invalid."""
    from app.clients.models import Client

    event_id = item.event_id or (item.event.id if item.event is not None else None)
    client_id = item.client_id or (item.client.id if item.client is not None else None)
    # Lock the event row on PostgreSQL so two last-seat sign-ups cannot both pass.
    event = db.session.scalars(select(Event).where(Event.id == event_id)
                               .with_for_update()).first() if event_id else None
    if event is None:
        raise Invalid(str(_l("Choose an event")), field="event")
    if event.status not in OPEN_FOR_SIGNUP:
        raise Invalid(str(_l("This event is not open for sign-up")), field="event")
    client = db.session.scalars(select(Client).where(Client.id == client_id)).first() \
        if client_id else None
    if client is None or client.is_archived:
        raise Invalid(str(_l("Choose a client in your scope")), field="client")
    dup = db.session.scalar(select(EventSignup.id).where(
        EventSignup.event_id == event.id, EventSignup.client_id == client.id)
        .execution_options(unscoped=True))
    if dup is not None:
        raise Invalid(str(_l("This client has already signed up for this event")),
                      field="client")
    if taken(event.id) >= event.capacity:
        raise Invalid(str(_l("The event is full (%(n)s places)", n=event.capacity)),
                      field="event")
    item.event, item.client = event, client
    item.department_id = client.department_id
    item.matchmaker_id = client.matchmaker_id
    item.status = SIGNUP_WORKFLOW.initial  # a new sign-up starts in the declared state


def signup(event_id, client_id, note: str | None = None) -> EventSignup:
    """Sign a client up (for callers outside a form or REST post): validated, added and
    flushed in a savepoint; the request commits."""
    try:
        item = EventSignup(event_id=int(event_id), client_id=int(client_id), note=note)
    except (TypeError, ValueError):
        raise Invalid(str(_l("event_id and client_id must be ids"))) from None
    check_signup(item)
    prepare_save(item, is_new=True, user=current_app.appbuilder.sm.current_user)
    try:
        with db.session.begin_nested():
            db.session.add(item)
            db.session.flush()
    except IntegrityError:
        raise Invalid(str(_l("This client has already signed up for this event")),
                      field="client") from None
    return item


def get_event(event_id) -> Event:
    event = scoped_get(Event, event_id)
    if event is None:
        raise NotFound()
    return event

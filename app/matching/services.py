"""Proposing a match (one path for every entry): validate the pair, score it, add it."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import Invalid, NotFound
from app.core.interface import prepare_save
from app.core.scope import unscoped
from app.extensions import db
from app.matching.models import Match
from app.matching.rules import cited
from app.matching.scoring import score_pair
from app.matching.workflows import MATCH_WORKFLOW


def _as_id(raw, field: str) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise Invalid(str(_l("%(field)s must be a client id", field=field)),
                      field=field) from None
    if value <= 0:
        raise Invalid(str(_l("%(field)s must be a client id", field=field)), field=field)
    return value


def existing_match(a: int, b: int) -> Match | None:
    lo, hi = min(a, b), max(a, b)
    with unscoped():
        return db.session.scalars(
            select(Match).where(Match.pair_low == lo, Match.pair_high == hi)).first()


def propose(client_id, candidate_id, *, notes: str | None = None,
            match: Match | None = None) -> Match:
    """The one way a match is proposed: REST ``POST /api/v1/match/`` and ``/match/propose``,
    the add form, and the propose page that the candidates tab and the client page post to.

    The client must be in the user's scope; the candidate comes from the company-wide pool.
    Raises Invalid (422) or NotFound (404) and writes nothing. ``match``: the row a FAB form
    or REST post built (FAB adds it); otherwise a new row is added to the session, flushed in
    a savepoint (a race on the same pair is a 422), and the request commits.
    """
    from app.clients.models import Client

    fresh = match is None
    if fresh:
        match = Match(notes=notes)
    client_id = _as_id(client_id, "client_id")
    candidate_id = _as_id(candidate_id, "candidate_id")
    if client_id == candidate_id:
        raise Invalid(cited(_l("A client cannot be matched with themselves"),
                            "000.matching.proposal"), field="candidate_id")
    client = db.session.scalars(select(Client).where(Client.id == client_id)).first()
    if client is None or client.is_archived:
        raise NotFound(str(_l("Client not found")))
    with unscoped():
        candidate = db.session.get(Client, candidate_id)
    if candidate is None or candidate.is_archived:
        raise Invalid(str(_l("Candidate not found")), field="candidate_id")
    if client.gender == candidate.gender:
        raise Invalid(cited(_l("The candidate has the same gender as the client"),
                            "000.matching.proposal"), field="candidate_id")
    for who, field in ((client, "client_id"), (candidate, "candidate_id")):
        if who.status != "active":
            raise Invalid(cited(_l("%(who)s is not active", who=_l("The client")
                                   if field == "client_id" else _l("The candidate")),
                                "000.matching.proposal"), field=field)
    if existing_match(client_id, candidate_id) is not None:
        raise Invalid(cited(_l("These two clients have already been proposed to each other"),
                            "000.matching.proposal"), field="candidate_id")
    score, reasons = score_pair(client, candidate)
    match.client_id, match.candidate_id = client_id, candidate_id
    match.pair_low, match.pair_high = min(client_id, candidate_id), max(client_id, candidate_id)
    match.matchmaker_id = client.matchmaker_id or _actor_employee_id()
    match.candidate_matchmaker_id = candidate.matchmaker_id
    match.department_id = client.department_id
    match.candidate_department_id = candidate.department_id
    match.score, match.reasons = score, reasons
    match.status = MATCH_WORKFLOW.initial  # a new row starts in the declared initial state
    if fresh:
        prepare_save(match, is_new=True, user=current_app.appbuilder.sm.current_user)
        try:
            with db.session.begin_nested():
                db.session.add(match)
                db.session.flush()
        except IntegrityError:
            raise Invalid(str(_l("These two clients have already been proposed to each "
                                 "other")), field="candidate_id") from None
    return match


def _actor_employee_id():
    from app.matching.workflows import actor_employee_id

    return actor_employee_id(current_app.appbuilder.sm.current_user)


def proposed_or_declined(client_id: int) -> set[int]:
    """Candidate ids already paired with ``client_id`` in either direction (any state).

    Registered in app.clients.candidates.EXCLUSION_PROVIDERS; company-wide on purpose.
    """
    with unscoped():
        rows = db.session.execute(
            select(Match.client_id, Match.candidate_id)
            .where(or_(Match.client_id == client_id, Match.candidate_id == client_id))
        ).all()
    return {b if a == client_id else a for a, b in rows}


def register_exclusions() -> None:
    """Plug proposed_or_declined into the clients module's candidate search."""
    from app.clients.public import add_candidate_exclusion

    add_candidate_exclusion(proposed_or_declined)

"""Client state changes that are not plain CRUD: matched by the match lifecycle, reveals."""
from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.clients.models import Client
from app.core import audit
from app.core.errors import Forbidden, NotFound
from app.core.scope import unscoped
from app.extensions import db
from app.org.models import Employee

CONTACT_FIELDS = ("phone", "wechat", "id_number")
# States a match may start from; a closed client never becomes matched again.
MATCHABLE_STATUSES = ("active", "paused")


def employee_id_of(user) -> int | None:
    if user is None or not getattr(user, "id", None):
        return None
    with unscoped():
        return db.session.scalar(select(Employee.id).where(Employee.user_id == user.id))


def mark_matched(client_ids: Iterable[int], *, comment: str | None = None) -> list[int]:
    """Set clients to ``matched`` (called by the match lifecycle; the caller commits).

    Compare-and-set per client, so a client closed meanwhile stays closed. Returns the ids
    that moved. Runs unscoped: the other side of a match is usually in another store.
    """
    moved = []
    with unscoped():
        for cid in sorted(set(int(i) for i in client_ids)):
            current = db.session.scalar(select(Client.status).where(Client.id == cid))
            if current not in MATCHABLE_STATUSES:
                continue
            res = db.session.execute(
                update(Client).where(Client.id == cid, Client.status == current)
                .values(status="matched").execution_options(synchronize_session=False))
            if res.rowcount == 1:
                audit.write(db.session, audit.ACTION_TRANSITION, "client", cid,
                            from_state=current, to_state="matched", comment=comment,
                            changes={"transition": "matched"})
                moved.append(cid)
    for obj in db.session.identity_map.values():
        if isinstance(obj, Client) and obj.id in moved:
            db.session.expire(obj, ["status"])
    return moved


def unmark_matched(client_ids: Iterable[int], *, exclude_match: int,
                   comment: str | None = None) -> list[int]:
    """``matched`` clients go back to ``active`` when their relationship ends (the caller
    commits). A client kept by another match in ``relationship`` or ``married`` stays."""
    from app.matching.models import Match

    moved = []
    with unscoped():
        for cid in sorted(set(int(i) for i in client_ids)):
            other = db.session.scalar(
                select(Match.id).where(
                    Match.id != exclude_match, Match.status.in_(("relationship", "married")),
                    (Match.client_id == cid) | (Match.candidate_id == cid)).limit(1))
            if other is not None:
                continue
            res = db.session.execute(
                update(Client).where(Client.id == cid, Client.status == "matched")
                .values(status="active").execution_options(synchronize_session=False))
            if res.rowcount == 1:
                audit.write(db.session, audit.ACTION_TRANSITION, "client", cid,
                            from_state="matched", to_state="active", comment=comment,
                            changes={"transition": "unmatched"})
                moved.append(cid)
    for obj in db.session.identity_map.values():
        if isinstance(obj, Client) and obj.id in moved:
            db.session.expire(obj, ["status"])
    return moved


def can_view_contact() -> bool:
    return current_app.appbuilder.sm.has_access("can_view_contact", "client")


def reveal_contact(pk: int, *, reason: str | None = None) -> dict:
    """The real contact fields of a client in the user's scope; audited, committed."""
    if not can_view_contact():
        raise Forbidden(str(_l("You are not permitted to view contact details")))
    client = db.session.scalar(select(Client).where(Client.id == pk))  # scoped: 404 outside
    if client is None:
        raise NotFound(str(_l("Record not found")))
    values = {f: getattr(client, f) for f in CONTACT_FIELDS}
    audit.write(db.session, audit.ACTION_REVEAL, "client", pk,
                comment=reason or None, changes={"fields": list(CONTACT_FIELDS)})
    db.session.commit()
    return values


def masked(values: dict) -> dict:
    return {k: (audit.mask(v) if k in CONTACT_FIELDS else v) for k, v in values.items()}


def keep_masked_contact(item) -> None:
    """A masked value sent back (edit form, REST GET → PUT) means "unchanged"."""
    from sqlalchemy import inspect

    state = inspect(item)
    for f in CONTACT_FIELDS:
        hist = state.attrs[f].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = getattr(item, f)
        if old and new and "****" in str(new) and audit.mask(old) == new:
            setattr(item, f, old)

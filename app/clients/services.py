"""Client state changes that are not plain CRUD: matched by the match lifecycle, reveals."""
from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.clients.models import Client
from app.clients.rules import cited
from app.core import audit
from app.core.approvers import employee_of_user
from app.core.errors import Forbidden, NotFound
from app.core.scope import unscoped
from app.extensions import db

CONTACT_FIELDS = ("phone", "wechat", "id_number", "email")
# States a match may start from; a closed client never becomes matched again.
MATCHABLE_STATUSES = ("active", "paused")


def employee_id_of(user) -> int | None:
    return employee_of_user(getattr(user, "id", None)) if user is not None else None


def _move_status(client_ids: Iterable[int], sources: tuple[str, ...], target: str,
                 transition: str, comment: str | None) -> list[int]:
    """Compare-and-set each client from one of ``sources`` to ``target`` with an audit row
    (the caller commits); a client in any other state stays as it is. Returns the ids that
    moved. Runs unscoped: the other side of a match is usually in another store."""
    moved = []
    with unscoped():
        for cid in sorted(set(int(i) for i in client_ids)):
            current = db.session.scalar(select(Client.status).where(Client.id == cid))
            if current not in sources:
                continue
            res = db.session.execute(
                update(Client).where(Client.id == cid, Client.status == current)
                .values(status=target).execution_options(synchronize_session=False))
            if res.rowcount == 1:
                audit.write(db.session, audit.ACTION_TRANSITION, "client", cid,
                            from_state=current, to_state=target, comment=comment,
                            changes={"transition": transition})
                moved.append(cid)
    for obj in db.session.identity_map.values():
        if isinstance(obj, Client) and obj.id in moved:
            db.session.expire(obj, ["status"])
    return moved


def mark_matched(client_ids: Iterable[int], *, comment: str | None = None) -> list[int]:
    """Set clients to ``matched`` (the match lifecycle reached a relationship); a client
    closed meanwhile stays closed."""
    return _move_status(client_ids, MATCHABLE_STATUSES, "matched", "matched", comment)


def unmark_matched(client_ids: Iterable[int], *, comment: str | None = None) -> list[int]:
    """``matched`` clients go back to ``active`` (their relationship ended)."""
    return _move_status(client_ids, ("matched",), "active", "unmatched", comment)


def can_view_contact() -> bool:
    return current_app.appbuilder.sm.has_access("can_view_contact", "client")


def reveal_contact(pk: int, *, reason: str | None = None) -> dict:
    """The real contact fields of a client in the user's scope; audited, committed."""
    if not can_view_contact():
        raise Forbidden(cited(_l("You are not permitted to view contact details"),
                              "000.clients.contact_privacy"))
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

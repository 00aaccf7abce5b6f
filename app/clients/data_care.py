"""Client data care (000 客戶信息管理): re-verification, file classification and archive.

``verified_at`` records when the file was last checked with the client; files not checked
within ``CLIENT_REVERIFY_DAYS`` (config, default 180) are listed for their owner. Changing a
file's classification (the membership tier) or archiving it is for the owner of client files
(``can_reclassify`` / ``can_archive`` on ``client``, granted per role kind).
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, or_

from app.clients.models import Client
from app.clients.rules import cited
from app.core import audit
from app.core.errors import Forbidden, NotFound
from app.core.models import utcnow
from app.core.scope import scoped_get
from app.extensions import db

DEFAULT_REVERIFY_DAYS = 180
# Columns whose change reclassifies a file.
CLASSIFICATION_COLUMNS = ("tier",)


def reverify_days() -> int:
    try:
        days = int(current_app.config.get("CLIENT_REVERIFY_DAYS", DEFAULT_REVERIFY_DAYS))
    except (TypeError, ValueError):
        days = DEFAULT_REVERIFY_DAYS
    return max(1, days)


def reverify_due(now: dt.datetime | None = None) -> list:
    """Criteria: live clients still served whose file was never verified, or not within N
    days (scope applies on top: each owner sees theirs)."""
    cutoff = (now or utcnow()) - dt.timedelta(days=reverify_days())
    return [Client.archived_at.is_(None), Client.status.in_(("active", "paused")),
            or_(Client.verified_at.is_(None), Client.verified_at < cutoff)]


def mark_verified(pk: int) -> Client:
    """The file was checked with the client today (audited; the request commits)."""
    if not current_app.appbuilder.sm.has_access("can_write", "client"):
        raise Forbidden(str(_l("You are not permitted to change clients")))
    client = scoped_get(Client, pk)
    if client is None:
        raise NotFound(str(_l("Record not found")))
    client.verified_at = utcnow()
    db.session.flush()
    return client


def can_reclassify() -> bool:
    return current_app.appbuilder.sm.has_access("can_reclassify", "client")


def check_reclassify(item) -> None:
    """Refuse a change of classification by anyone but the owner of client files."""
    state = inspect(item)
    if state.transient or state.pending:
        return  # a new file is classified when it is registered
    changed = [c for c in CLASSIFICATION_COLUMNS if state.attrs[c].history.has_changes()]
    if changed and not can_reclassify():
        raise Forbidden(cited(_l("Only the owner of client files may reclassify a client"),
                              "000.clients.file_owner"), field=changed[0])


def mask_contact(value):
    return audit.mask(value)

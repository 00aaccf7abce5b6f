"""What waits for the user: the navbar counter.

The counter is the inbox (app/core/inbox.py: the same sections the inbox page lists) plus the
user's overdue follow-ups and the overdue complaints that the inbox does not already list,
each counted in the user's scope. It is kept per user for ``NOTICE_TTL`` seconds (default 10)
under the security version (app/core/authz_cache.py), so a page costs no queries for it most
of the time; a change of roles or scope shows at once.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app, render_template
from markupsafe import Markup

from app.core import authz_cache, inbox
from app.core.modules import installed_modules

_CACHE: dict[tuple, tuple[float, Notices]] = {}
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Notices:
    inbox: int = 0
    followups: int = 0
    complaints: int = 0

    @property
    def total(self) -> int:
        return self.inbox + self.followups + self.complaints


def _overdue_complaint_ids(limit: int = 500) -> set:
    from sqlalchemy import select

    from app.core.models import utcnow
    from app.extensions import db
    from app.service.models import Complaint

    return set(db.session.scalars(select(Complaint.id).where(Complaint.overdue_clause(utcnow()))
                                  .limit(limit)))


def compute() -> Notices:
    """The counts for the current user, uncached."""
    from app.dashboard import figures

    sm = current_app.appbuilder.sm
    mods = {m.name for m in installed_modules()}
    sections = inbox.pending() if sm.has_access("can_read", "inbox") else []
    n_inbox = sum(len(s.items) for s in sections)
    followups = complaints = 0
    if "matching" in mods and sm.has_access("can_read", "followup"):
        followups = figures.overdue_followups()
    if "service" in mods and sm.has_access("can_read", "complaint"):
        listed = {str(i.pk) for s in sections if s.resource == "complaint" for i in s.items}
        complaints = len({str(i) for i in _overdue_complaint_ids()} - listed)
    return Notices(n_inbox, followups, complaints)


def for_user(user) -> Notices:
    """The counts, from the cache when fresher than NOTICE_TTL seconds."""
    ttl = float(current_app.config.get("NOTICE_TTL", 10))
    key = (user.id, authz_cache.current_version(), str(current_app.config.get(
        "SQLALCHEMY_DATABASE_URI")))
    now = time.monotonic()
    hit = _CACHE.get(key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1]
    value = compute()
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (now, value)
    return value


def clear_cache() -> None:
    _CACHE.clear()


def navbar_item() -> Markup:
    """The navbar's counter (an <li>), or nothing for anonymous users."""
    sm = current_app.appbuilder.sm
    user = sm.current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return Markup("")
    from app.dashboard.links import page_url

    return Markup(render_template(
        "dashboard/_notices.html", notices=for_user(user), inbox_url=page_url("InboxView.index"),
        followups_url=page_url("OverdueFollowUpView.list"),
        complaints_url=page_url("OverdueComplaintView.list")))

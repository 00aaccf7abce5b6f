"""What waits for the user: the navbar counter.

The counter is the inbox: ``app.core.inbox.waiting()`` computes both the entries the inbox page
lists (approvals, the modules' sections, overdue follow-ups and complaints — app/dashboard/
overdue.py — each record once) and their count, so the badge equals the rows of the inbox page
by construction. On a page that computed the inbox itself (the inbox page) the counter reads
that very result; elsewhere it is kept per user for ``NOTICE_TTL`` seconds (default 10) under
the security version (app/core/authz_cache.py), so a page costs no queries for it most of the
time; a change of roles or scope shows at once.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from flask import current_app, render_template
from markupsafe import Markup

from app.core import authz_cache, inbox

_CACHE: dict[tuple, tuple[float, Notices]] = {}
_LOCKS: dict[tuple, threading.Lock] = {}
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Notices:
    total: int = 0
    # (title, count, anchor on the inbox page) of each section, in the inbox's order.
    sections: tuple = ()
    more: bool = False  # some section shows only its first rows


def of(waiting: inbox.Waiting) -> Notices:
    return Notices(waiting.total, tuple((str(s.title), len(s.items), s.anchor)
                                        for s in waiting.sections), waiting.more)


def compute() -> Notices:
    """The counts for the current user, uncached: the inbox's own computation."""
    if not current_app.appbuilder.sm.has_access("can_read", "inbox"):
        return Notices()
    return of(inbox.waiting())


def for_user(user) -> Notices:
    """The counts: this request's inbox when it computed one, else the cache when fresher
    than NOTICE_TTL seconds, else computed."""
    ttl = float(current_app.config.get("NOTICE_TTL", 10))
    key = (user.id, authz_cache.current_version(), str(current_app.config.get(
        "SQLALCHEMY_DATABASE_URI")))
    now = time.monotonic()
    here = inbox.computed_in_request()
    if here is not None:
        value = of(here)
    else:
        hit = _CACHE.get(key)
        if hit is not None and now - hit[0] < ttl:
            return hit[1]
        if hit is None:
            value = compute()
        else:
            # Expired: one request of this worker recounts, the others keep the last count
            # meanwhile. Without this every thread recounted at once when the TTL ran out —
            # a burst of slow pages every NOTICE_TTL seconds (the 1 % tail of
            # bench/RESULTS_http.md, session 5).
            lock = _LOCKS.setdefault(key, threading.Lock())
            if not lock.acquire(blocking=False):
                return hit[1]
            try:
                value = compute()
            finally:
                lock.release()
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
        _LOCKS.clear()
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
        "dashboard/_notices.html", notices=for_user(user), inbox_url=page_url("InboxView.index")))

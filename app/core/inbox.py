"""待我審批: records waiting for a step the current user may take.

Built from the workflow declarations (states with a permitted inbox transition, within scope,
less those that separation of duties or a guard keeps from this user) plus entries that modules
add through INBOX_PROVIDERS (e.g. overdue complaints escalated to a store manager, overdue
follow-ups). ``waiting()`` is the one computation of what waits: the inbox page lists its
sections, the navbar counter shows its ``total`` (app/dashboard/notices.py) and the mail job
sends its items, so the counter is by construction the number of rows the inbox shows. A
record offered by two sections is shown (and counted) once: in the first, catch-all sections
(``catch_all``: "everything overdue") last.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy import select

from app.core.errors import ServiceError
from app.core.workflow import REGISTRY, Context, Workflow
from app.extensions import db

# Rows per section on the inbox page (and so in the navbar counter).
LIMIT = 50
# Callables returning extra InboxSection objects for the current user.
INBOX_PROVIDERS: list[Callable[[], list[InboxSection]]] = []
# resource -> endpoint of its ModelView, filled at registration, for links.
SHOW_ENDPOINTS: dict[str, str] = {}


@dataclass
class InboxAction:
    """A step offered on an inbox entry that is not a workflow transition (a module's own
    endpoint): a small form posting to ``endpoint`` (``fields``: workflow ``Field``s), or a
    link when ``link`` is set (e.g. "record the feedback" opens the edit form)."""

    name: str
    label: Any
    endpoint: str
    args: dict = field(default_factory=dict)
    fields: tuple = ()
    comment_required: bool = False
    style: str = "primary"
    link: bool = False
    rule: str | None = None


@dataclass
class InboxItem:
    resource: str
    pk: Any
    title: str
    state: str
    state_label: Any
    actions: list = field(default_factory=list)
    note: str = ""
    # What the entry is about, for showing it once: (resource, pk) unless it says otherwise
    # (an overdue follow-up is its client's: ("client", client id)).
    key: tuple | None = None

    @property
    def identity(self) -> tuple:
        return self.key or (self.resource, str(self.pk))


@dataclass
class InboxSection:
    resource: str
    title: Any
    items: list[InboxItem]
    catch_all: bool = False  # shows only what no other section shows
    more_url: str | None = None  # the full list, when the section shows its first rows only
    anchor: str = ""


@dataclass(frozen=True)
class Waiting:
    """What waits for the user: the sections as the inbox shows them, and their count."""

    sections: list

    @property
    def total(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def more(self) -> bool:
        return any(s.more_url for s in self.sections)


def _handled_by(wf: Workflow, pks: list, transitions: set[str], user_id: int) -> set[str]:
    """Record ids on which ``user_id`` took one of ``transitions`` (separation of duties)."""
    if not pks or not transitions:
        return set()
    wf.remember_history(pks)
    return {str(pk) for pk in pks
            if any(actor == user_id and name in transitions
                   for actor, name in wf.transition_history(pk))}


def record_title(row) -> str:
    """How an entry names its record: the model's ``inbox_title`` (e.g. both clients of a
    match, as the user may see them), else its display name."""
    title = getattr(row, "inbox_title", None)
    return str(title) if title else str(row)


def _section(wf: Workflow, user, limit: int) -> InboxSection | None:
    mine = [t for t in wf.transitions if t.inbox and wf.permitted(t)]
    if not mine:
        return None
    states = {s for t in mine for s in t.source}
    state_col = getattr(wf.model, wf.state_field)
    pk_col = wf.model.__mapper__.primary_key[0]
    rows = db.session.scalars(
        select(wf.model).where(state_col.in_(sorted(states))).options(*wf.inbox_load())
        .order_by(pk_col.desc()).limit(limit)
    ).all()
    not_by = {n for t in mine for n in t.not_by}
    handled = _handled_by(wf, [r.id for r in rows], not_by, user.id) if user else set()
    items = []
    for row in rows:
        state = wf.state_of(row)
        actions = []
        for t in mine:
            if not t.allowed_from(state):
                continue
            if set(t.not_by) and str(row.id) in handled:
                continue
            try:
                for guard in t.guards:
                    guard(row, Context(user=user, comment="", transition=t))
            except ServiceError:
                continue
            actions.append(t)
        if actions:
            items.append(InboxItem(wf.resource, row.id, record_title(row), state,
                                   wf.state_label(state), actions))
    return InboxSection(wf.resource, wf.title or wf.resource, items) if items else None


def waiting(limit: int = LIMIT) -> Waiting:
    """The sections waiting for the current user, each record once. The result is kept on
    the request: the navbar counter of the same page reads it (``computed_in_request``)."""
    user = current_app.appbuilder.sm.current_user
    sections = []
    for wf in REGISTRY.values():
        section = _section(wf, user, limit)
        if section:
            sections.append(section)
    for provider in INBOX_PROVIDERS:
        sections.extend(provider())
    result = Waiting(_once(sections))
    if has_request_context():
        if not hasattr(request, "_yuelao_waiting"):
            request._yuelao_waiting = {}
        request._yuelao_waiting[limit] = result
    return result


def computed_in_request(limit: int = LIMIT) -> Waiting | None:
    """What ``waiting(limit)`` answered earlier in this request (the inbox page's own)."""
    if not has_request_context():
        return None
    return getattr(request, "_yuelao_waiting", {}).get(limit)


def _once(sections: list[InboxSection]) -> list[InboxSection]:
    """Each record in its first section (catch-all sections last); empty sections dropped."""
    seen: set[tuple] = set()
    out = []
    for section in sorted(sections, key=lambda s: s.catch_all):  # stable
        items = []
        for item in section.items:
            if item.identity not in seen:
                seen.add(item.identity)
                items.append(item)
        if items:
            section.items = items
            section.anchor = f"yl-inbox-{len(out) + 1}"
            out.append(section)
    return out


def pending(limit: int = LIMIT) -> list[InboxSection]:
    return waiting(limit).sections

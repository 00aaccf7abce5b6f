"""Choosing a client in a form without listing a million of them.

FAB renders a relationship field as a <select> with every row the user may see: at 10^6
clients a follow-up form weighed 11 MB and took 17 s. ``ClientPickerField`` is a Select2 box
that asks ``/clientview/search?q=`` (client number or name, 20 at most, in the user's scope)
as the user types; the chosen id is read back through a scoped query, so a client outside the
user's scope is "not found" however the form is tampered with.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import and_, or_, select
from wtforms import Field
from wtforms.validators import ValidationError

from app.clients.models import Client
from app.core.scope import scoped_get
from app.core.scripts import variants
from app.extensions import db

SEARCH_LIMIT = 20


def _starts_with(column, term: str):
    """``column`` starts with ``term``, written so a btree index on the column serves it
    (a range) whatever the collation, with LIKE keeping it exact."""
    pattern = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return and_(column >= term, column < term + "\U0010ffff",
                column.like(pattern, escape="\\"))


def search_clients(term: str, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Live clients in the user's scope whose number or name starts with ``term`` (scope
    applied by the core): numbers first, then names, ``[{"id", "text"}]`` for Select2."""
    term = (term or "").strip()
    if not term:
        return []
    live = Client.archived_at.is_(None)
    cols = (Client.id, Client.client_no, Client.name)
    rows = list(db.session.execute(
        select(*cols).where(live, _starts_with(Client.client_no, term))
        .order_by(Client.client_no).limit(limit)))
    if len(rows) < limit:
        # 林静 finds 林靜雯: every written form of the name (简/繁), each an index range.
        names = or_(*(_starts_with(Client.name, form) for form in variants(term)))
        rows += db.session.execute(
            select(*cols).where(live, names).order_by(Client.name, Client.id).limit(limit))
    seen, out = set(), []
    for r in rows:
        if r.id not in seen and len(out) < limit:
            seen.add(r.id)
            out.append({"id": r.id, "text": f"{r.client_no} {r.name}"})
    return out


class ClientPickerWidget:
    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        classes = f"form-control yl-client-picker {kwargs.pop('class', '')}".strip()
        url = url_for("ClientView.search")
        placeholder = escape(str(_l("Type a client number or name")))
        option = ""
        if field.data is not None:
            option = (f'<option value="{field.data.id}" selected>'
                      f"{escape(field.data.client_no)} {escape(field.data.name)}</option>")
        elif field.raw_id:
            raw = escape(field.raw_id)
            option = f'<option value="{raw}" selected>#{raw}</option>'
        return Markup(
            f'<select name="{escape(field.name)}" id="{escape(kwargs["id"])}" '
            f'class="{escape(classes)}" data-url="{escape(url)}" '
            f'data-placeholder="{placeholder}" style="width: 100%">{option}</select>')


class ClientPickerField(Field):
    """A relationship field to one client, chosen by search (see the module)."""

    widget = ClientPickerWidget()

    def __init__(self, label=None, validators=None, required=True, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required
        self.raw_id = None

    def _value(self):
        return str(self.data.id) if self.data is not None else ""

    def process_formdata(self, valuelist):
        self.raw_id = (valuelist[0] or "").strip() if valuelist else ""
        self.data = None
        if self.raw_id.isdigit():
            # Scoped: another store's client is not found.
            self.data = scoped_get(Client, int(self.raw_id))

    def pre_validate(self, form):
        if self.data is None:
            if self.raw_id:
                raise ValidationError(str(_l("No such client in your scope")))
            if self.required:
                raise ValidationError(str(_l("Choose a client")))

"""The History tab of a show page: audit rows in the words of the record's pages.

Labels come from the view (``department_id`` takes ``department``'s label); values are shown
as the pages show them: workflow states and choices by their labels, 是 / 否, and the ids of
related records by the record's name when the user may see it (the id otherwise).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect

from app.core.interface import relationship_of
from app.core.listing import cell_text
from app.core.scope import scoped_get

# Stored on every row; says nothing to a reader.
HIDDEN_FIELDS = frozenset({"id"})


def labels(view) -> dict:
    out = {k: str(v) for k, v in (view.label_columns or {}).items()}
    for col in view.datamodel.get_columns_list():
        # FAB labels "client_id" as "Client Id"; the relationship's label is translated.
        if col.endswith("_id") and col[:-3] in out:
            out[col] = out[col[:-3]]
    return out


def moment_text(value: str) -> str:
    """An audited date-time (stored as ISO text, with microseconds) as a reader writes it."""
    try:
        return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def value_formatter(view):
    """``(field, value) → text`` for one page (related names looked up once each)."""
    model = view.datamodel.obj
    own = view.formatters_columns or {}
    wf = view.workflow
    names: dict[tuple, str] = {}
    datetime_fields = {c.key for c in sa_inspect(model).columns
                       if isinstance(c.type, sa.DateTime)}

    def related_name(target, value):
        key = (target, value)
        if key not in names:
            # A record the user may not see keeps its id.
            obj = scoped_get(target, value) if isinstance(value, int) else None
            names[key] = str(obj) if obj is not None else str(value)
        return names[key]

    def fmt(field: str, value):
        if value is None or value == "":
            return "∅"
        if wf and field == wf.state_field:
            return wf.state_label(value)
        formatter = own.get(field)
        if formatter is not None:
            try:
                return cell_text(formatter(value))
            except Exception:  # noqa: BLE001  a formatter for objects, not stored values
                return cell_text(value)
        if field.endswith("_id"):
            rel = relationship_of(sa_inspect(model), field)
            if rel is not None:
                return cell_text(related_name(rel.mapper.class_, value))
        if field in datetime_fields and isinstance(value, str):
            return moment_text(value)
        return cell_text(value)

    return fmt

"""List rows as JSON without marshmallow's per-field machinery, with marshmallow's output.

Dumping a page of 25 clients through the list schema (27 fields, two nested) calls
``Field.serialize`` ~700 times: a third of a REST list request's CPU. ``dumper(schema)``
compiles the schema once into (key, converter) pairs that do what those fields do —
``Integer`` → ``int``, ``String`` → ``str``, ``Date`` / ``DateTime`` in ISO, ``Raw`` as is,
``Nested`` (one object) recursively, ``None`` stays ``None``, a missing attribute leaves the
key out. A schema using anything else (another field type or format, ``data_key``,
``attribute``, dump defaults, ``as_string``, pre / post-dump hooks) gets ``None``: the caller
keeps marshmallow. tests/core/test_perf_rest_dump.py compares both on real rows.
"""
from __future__ import annotations

import datetime as dt

from marshmallow import fields, missing

_CACHE: dict[int, tuple] = {}  # id(schema) -> (schema, dumper or None)


def _int(value):
    return None if value is None else int(value)


def _str(value):
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _date(value):
    return None if value is None else dt.date.isoformat(value)


def _datetime(value):
    return None if value is None else value.isoformat()


def _field_converter(field):
    """The converter doing what ``field._serialize`` does, or ``missing`` when unsure."""
    kind = type(field)
    if field.data_key is not None or field.attribute is not None or \
            field.dump_default is not missing:
        return missing
    if kind is fields.Integer and not field.as_string:
        return _int
    if kind is fields.String:
        return _str
    if kind is fields.Raw:
        return None  # as is
    if kind is fields.Date and field.format in (None, "iso", "iso8601"):
        return _date
    if kind is fields.DateTime and field.format in (None, "iso", "iso8601"):
        return _datetime
    if kind is fields.Nested and not field.many and not field.schema.many:
        inner = dumper(field.schema)
        if inner is None:
            return missing
        return lambda value, inner=inner: None if value is None else inner(value)
    return missing


def _compile(schema):
    hooks = getattr(schema, "_hooks", {})
    if hooks.get("pre_dump") or hooks.get("post_dump"):  # load hooks do not matter here
        return None
    plan = []
    for name, field in schema.dump_fields.items():
        if "." in name:
            return None
        convert = _field_converter(field)
        if convert is missing:
            return None
        plan.append((name, convert))
    plan = tuple(plan)

    def dump_one(obj):
        out = {}
        for name, convert in plan:
            value = getattr(obj, name, missing)
            if value is missing:
                continue
            out[name] = value if convert is None else convert(value)
        return out

    return dump_one


def dumper(schema):
    """A function obj -> dict equal to ``schema.dump(obj)``, or None (use marshmallow)."""
    hit = _CACHE.get(id(schema))
    if hit is None or hit[0] is not schema:
        # The schema is kept in the entry, so its id cannot be reused while cached.
        hit = _CACHE[id(schema)] = (schema, _compile(schema))
    return hit[1]


def dump_many(schema, rows) -> list[dict]:
    one = dumper(schema)
    if one is None:
        return schema.dump(rows, many=True)
    return [one(row) for row in rows]

"""Input rules every write obeys before it reaches the ORM (DESIGN §8: no input gets a 5xx).

Derived once per model from its columns, so every module gets them without declaring
anything: strings carry no NUL, control characters or lone surrogates and fit their column
(``String(n)``: n; ``Text``: TEXT_MAX_LENGTH; ``info={"max_length": N}`` overrides either);
numbers are finite and fit their column (32-bit Integer, Numeric precision); dates and
date-times parse, an aware date-time becomes naive UTC (what the app stores); a column
declaring ``info={"choices": (...)}`` takes only those; a foreign key names a row that exists.

``validate_payload`` checks a REST body, ``validate_item_fields`` a model object filled by a
form; both raise ``Invalid`` naming the field. ``references_to`` says which tables still
point at a row (a delete would orphan them).
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    Numeric,
    String,
    Text,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.types import BigInteger, SmallInteger, TypeDecorator

from app.core.errors import Invalid

# Free text nobody types more of (notes, descriptions, comments); per column overridable.
TEXT_MAX_LENGTH = 5000
# A JSON column (lists of cities, reasons, choices) as serialised.
JSON_MAX_LENGTH = 20000
INT_RANGES = {"small": (-2 ** 15, 2 ** 15 - 1), "int": (-2 ** 31, 2 ** 31 - 1),
              "big": (-2 ** 63, 2 ** 63 - 1)}
# Control characters: C0 (tab, newline, carriage return allowed in long text), DEL, C1.
_CONTROL_LONG = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class _Bad(Exception):
    """A value broke a rule; the message does not name the field yet."""


@dataclass(frozen=True)
class Rule:
    field: str
    kind: str  # line | text | int | numeric | float | date | datetime | bool | json | relation
    max_length: int | None = None
    bounds: tuple | None = None
    choices: tuple | None = None
    target: object = None  # the column a foreign key / relationship value must exist in
    many: bool = False


def _base_type(col_type):
    return col_type.impl if isinstance(col_type, TypeDecorator) else col_type


def _column_rule(key: str, column) -> Rule | None:
    t = _base_type(column.type)
    info = column.info or {}
    choices = tuple(info["choices"]) if info.get("choices") else None
    if isinstance(t, Enum):
        choices = choices or tuple(t.enums)
    target = next(iter(column.foreign_keys)).column if column.foreign_keys else None
    common = {"field": key, "choices": choices, "target": target}
    if isinstance(t, (Text, JSON)) or (isinstance(t, String) and not t.length):
        kind = "json" if isinstance(t, JSON) else "text"
        cap = JSON_MAX_LENGTH if kind == "json" else TEXT_MAX_LENGTH
        return Rule(kind=kind, max_length=info.get("max_length", cap), **common)
    if isinstance(t, String):
        kind = "text" if info.get("multiline") else "line"
        return Rule(kind=kind, max_length=info.get("max_length", t.length), **common)
    if isinstance(t, Boolean):
        return Rule(kind="bool", **common)
    if isinstance(t, Integer):
        size = ("big" if isinstance(t, BigInteger) else
                "small" if isinstance(t, SmallInteger) else "int")
        return Rule(kind="int", bounds=INT_RANGES[size], **common)
    if isinstance(t, Float):
        return Rule(kind="float", **common)
    if isinstance(t, Numeric):
        bound = None
        if t.precision is not None:
            bound = Decimal(10) ** (t.precision - (t.scale or 0))
        return Rule(kind="numeric", bounds=(bound,), **common)
    if isinstance(t, DateTime):
        return Rule(kind="datetime", **common)
    if isinstance(t, Date):
        return Rule(kind="date", **common)
    return None


@cache
def rules_for(model) -> dict[str, Rule]:
    """{payload key: Rule} for the model's columns and its relationships (whose value is
    the related row's primary key, or a list of them)."""
    mapper = sa_inspect(model)
    rules: dict[str, Rule] = {}
    for prop in mapper.column_attrs:
        if len(prop.columns) == 1 and hasattr(prop.columns[0], "foreign_keys"):
            rule = _column_rule(prop.key, prop.columns[0])
            if rule is not None:
                rules[prop.key] = rule
    for rel in mapper.relationships:
        pk = rel.mapper.primary_key
        if len(pk) == 1:
            rules[rel.key] = Rule(field=rel.key, kind="relation", bounds=INT_RANGES["big"],
                                  target=pk[0], many=bool(rel.uselist))
    return rules


# --- one value ------------------------------------------------------------------------------

def check_text(value: str, *, max_length: int | None, multiline: bool = True) -> None:
    if _SURROGATE.search(value):
        raise _Bad(_l("contains an invalid character (a lone surrogate)"))
    if (_CONTROL_LONG if multiline else _CONTROL_LINE).search(value):
        raise _Bad(_l("contains a control character"))
    if max_length is not None and len(value) > max_length:
        raise _Bad(_l("is too long (at most %(n)s characters)", n=max_length))


def check_any(value, *, max_length: int | None = TEXT_MAX_LENGTH, depth: int = 0) -> None:
    """Any JSON value: strings clean, numbers finite, nesting shallow."""
    if depth > 20:
        raise _Bad(_l("is nested too deeply"))
    if isinstance(value, str):
        check_text(value, max_length=max_length)
    elif isinstance(value, float) and not math.isfinite(value):
        raise _Bad(_l("must be a finite number"))
    elif isinstance(value, dict):
        for k, v in value.items():
            check_text(str(k), max_length=200)
            check_any(v, max_length=max_length, depth=depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            check_any(v, max_length=max_length, depth=depth + 1)


def _number(rule: Rule, value):
    """The value as a number when it is one (JSON or form), else None (types are the
    schema's business); raises _Bad when it is not finite or does not fit the column."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        number = value
    elif isinstance(value, str) and value.strip():
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    if isinstance(number, (float, Decimal)) and not (
            math.isfinite(number) if isinstance(number, float) else number.is_finite()):
        raise _Bad(_l("must be a finite number"))
    if rule.kind in ("int", "relation") and rule.bounds:
        lo, hi = rule.bounds
        if not lo <= number <= hi:
            raise _Bad(_l("is out of range"))
    elif rule.kind == "numeric" and rule.bounds and rule.bounds[0] is not None:
        if abs(Decimal(str(number))) >= rule.bounds[0]:
            raise _Bad(_l("is too large"))
    return number


def _as_naive_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.replace(tzinfo=None)


def _parse_datetime(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return None


def check_value(rule: Rule, value):
    """The value, normalised (date-times to naive UTC); raises _Bad."""
    if value is None:
        return None
    if rule.kind in ("line", "text"):
        if isinstance(value, str):
            check_text(value, max_length=rule.max_length, multiline=rule.kind == "text")
    elif rule.kind == "json":
        check_any(value)
        if len(json.dumps(value, default=str)) > (rule.max_length or JSON_MAX_LENGTH):
            raise _Bad(_l("is too long"))
    elif rule.kind in ("int", "numeric", "float"):
        _number(rule, value)
    elif rule.kind == "relation":
        for v in (value if rule.many and isinstance(value, list) else [value]):
            _number(rule, v)
    elif rule.kind == "datetime":
        parsed = _parse_datetime(value) if isinstance(value, str) else value
        if isinstance(parsed, dt.datetime):
            normal = _as_naive_utc(parsed)
            if isinstance(value, str):
                return normal.isoformat() if parsed.tzinfo is not None else value
            return normal
    elif rule.kind == "date" and isinstance(value, str):
        text = value.strip()
        if len(text) > 10 and _parse_datetime(text) is not None:
            raise _Bad(_l("must be a date (YYYY-MM-DD), not a date and time"))
    if rule.choices is not None and value not in rule.choices and value != "":
        raise _Bad(_l("is not one of: %(c)s", c=", ".join(str(c) for c in rule.choices)))
    return value


def _exists(target, value) -> bool:
    from app.core.scope import unscoped
    from app.extensions import db

    if isinstance(_base_type(target.type), Integer):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,19}\s*", value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            return True  # the wrong type: the schema refuses it with its own message
    elif not isinstance(value, str):
        return True
    with unscoped():
        stmt = select(target).where(target == value).limit(1)
        return db.session.execute(
            stmt.execution_options(include_archived=True)).first() is not None


def check_reference(rule: Rule, value) -> None:
    if rule.target is None or value is None:
        return
    values = value if rule.many and isinstance(value, list) else [value]
    for v in values:
        if hasattr(v, "__table__"):  # a related object (forms): it exists
            continue
        if not _exists(rule.target, v):
            raise _Bad(_l("refers to a record that does not exist"))


def _invalid(field: str, bad: _Bad) -> Invalid:
    return Invalid(f"{field}: {bad.args[0]}", field=field)


# --- whole requests and records ---------------------------------------------------------------

def validate_body(body, *, max_length: int | None = TEXT_MAX_LENGTH) -> None:
    """Any JSON body of the API: strings clean, numbers finite. Raises Invalid."""
    if isinstance(body, dict):
        for key, value in body.items():
            try:
                check_text(str(key), max_length=200)
                check_any(value, max_length=max_length)
            except _Bad as bad:
                raise _invalid(_printable(key), bad) from None
    else:
        try:
            check_any(body, max_length=max_length)
        except _Bad as bad:
            raise Invalid(str(bad.args[0])) from None


def validate_payload(model, payload: dict, fields=None) -> dict:
    """A REST body for ``model`` (keys restricted to ``fields`` by the schema afterwards):
    each known field checked and normalised, foreign keys resolved. Returns the body to load;
    raises Invalid naming the first bad field."""
    rules = rules_for(model)
    out = dict(payload)
    for key, value in payload.items():
        rule = rules.get(key)
        try:
            if rule is None:
                check_any(value)
                continue
            out[key] = check_value(rule, value)
            check_reference(rule, out[key])
        except _Bad as bad:
            raise _invalid(_printable(key), bad) from None
    return out


def validate_item_fields(item) -> None:
    """The same rules for a model object a form (or a service) filled: every attribute set
    on a new object, every changed attribute of a stored one. Aware date-times are
    normalised in place. Raises Invalid naming the field (views show it in the form)."""
    state = sa_inspect(item)
    is_new = state.transient or state.pending
    rules = rules_for(type(item))
    for key, rule in rules.items():
        if rule.kind == "relation" or key not in state.dict:
            continue
        if not is_new and not state.attrs[key].history.has_changes():
            continue
        value = state.dict[key]
        try:
            normal = check_value(rule, value)
            if rule.target is not None and not _relationship_set(state, key):
                check_reference(rule, normal)
        except _Bad as bad:
            raise _invalid(key, bad) from None
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            setattr(item, key, normal)


def _relationship_set(state, column_key: str) -> bool:
    """A form sets the relationship (an object), not its column: that object exists."""
    for rel in state.mapper.relationships:
        if rel.key in state.dict and any(c.key == column_key for c in rel.local_columns):
            return True
    return False


def _printable(key) -> str:
    text = _SURROGATE.sub("?", str(key))
    return _CONTROL_LINE.sub("?", text)[:100]


def references_to(item) -> list[str]:
    """Tables whose rows still point at ``item`` through a foreign key the database would
    refuse to orphan (not ON DELETE CASCADE / SET NULL, not removed with it by the ORM)."""
    from app.core.scope import unscoped
    from app.extensions import db

    mapper = sa_inspect(type(item))
    table = mapper.local_table
    cascaded = {rel.mapper.local_table.name for rel in mapper.relationships
                if rel.cascade.delete}
    found: list[str] = []
    for other in table.metadata.sorted_tables:
        if other.name in cascaded:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table or (fk.ondelete or "").upper() in (
                    "CASCADE", "SET NULL"):
                continue
            value = getattr(item, mapper.get_property_by_column(fk.column).key, None)
            if value is None:
                continue
            with unscoped():
                hit = db.session.execute(
                    select(fk.parent).where(fk.parent == value).limit(1)
                    .execution_options(include_archived=True)).first()
            if hit is not None and other.name not in found:
                found.append(other.name)
    return found

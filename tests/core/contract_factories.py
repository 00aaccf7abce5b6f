"""Rows for the contract test (tests/core/test_contract.py): a small table of per-resource
factories, and a generic factory that makes a row of any model inside a store from its
columns (required values made up, the scope's department set, foreign keys pointed at rows
of the same store)."""
from __future__ import annotations

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from app.core.scope import ScopedMixin
from app.extensions import db
from tests import factories


def in_scope(model, row, scope) -> bool:
    return not issubclass(model, ScopedMixin) or row.in_scope(scope)


def _client_row(store: str) -> int:
    return factories.make_client(f"{store}-MM", matchmaker=f"{store.lower()}_mm1").id


# resource → make(store "TH" | "YX") → pk of a fresh row of that store. Only needed where the
# demo data has no row that one store sees and the other does not.
ROW_FACTORIES = {"client": _client_row}
# (table, column) → value the generic factory uses where a made-up one breaks a rule
# (a budget for year 1 is a closed year).
COLUMN_VALUES = {("budget", "year"): lambda n: 2030 + n % 50}


def generic_row(model, scope, *, fresh: bool = False, depth: int = 0) -> int:
    """One row of ``model`` inside ``scope`` (a store manager's), made from its columns:
    required values generated, the scope's department columns set, foreign keys pointed at
    rows inside the scope (made the same way when there is none). ``fresh``: parents that
    have a workflow are made new (an approved budget locks its lines)."""
    values = {}
    n = factories.nextval()
    scope_cols = set(model.scope_department_attrs()) if issubclass(model, ScopedMixin) else set()
    for column in sa_inspect(model).columns:
        if column.key in scope_cols and scope.department_id is not None:
            values[column.key] = scope.department_id
            continue
        if column.primary_key or column.nullable or column.default is not None or \
                column.server_default is not None:
            continue
        special = COLUMN_VALUES.get((model.__table__.name, column.key))
        values[column.key] = (special(n) if special else
                              _required_value(column, scope, n, fresh, depth))
    row = model(**values)
    db.session.add(row)
    db.session.commit()
    return getattr(row, sa_inspect(model).primary_key[0].key)


def _required_value(column, scope, n, fresh, depth):
    import datetime as dt
    from decimal import Decimal

    from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, String

    from app.core.workflow import REGISTRY

    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column
        model = next(m.class_ for m in db.Model.registry.mappers
                     if m.local_table is target.table)
        has_workflow = any(wf.model is model for wf in REGISTRY.values())
        if not (fresh and has_workflow):
            for row in db.session.scalars(select(model).limit(500)):
                if in_scope(model, row, scope):
                    return getattr(row, target.key)
        if depth >= 3:
            raise LookupError(f"no {target.table.name} row in scope")
        pk = generic_row(model, scope, fresh=fresh, depth=depth + 1)
        return getattr(db.session.get(model, pk), target.key)
    choices = (column.info or {}).get("choices")
    if choices:
        return choices[0]
    t = column.type
    if isinstance(t, Boolean):
        return False
    if isinstance(t, Integer):
        return 1
    if isinstance(t, Numeric):
        return Decimal("1.00")
    if isinstance(t, DateTime):
        return dt.datetime(2026, 1, 1, 9, 0)
    if isinstance(t, Date):
        return dt.date(2026, 1, 1)
    if isinstance(t, String):
        return f"CT{n}"[: t.length or 32]
    raise LookupError(f"cannot make a value for {column}")

"""Write scope: every foreign key a user writes must point inside their scope (DESIGN §3).

On every create and edit — form, REST, bulk action, transition field, import — each many-to-one
reference that is new or changed is resolved through a scoped SELECT: a target the writer cannot
see (another store's matchmaker, client or department), an archived one, or one that does not
exist is refused with 422 naming the field, before anything is written.

A model may relax a column with ``foreign_key_scope = {"column": policy}``:
- ``"scope"`` (the default): the target must be visible to the writer;
- ``"store"``: a department (or a row's department) anywhere in the writer's store — routing a
  complaint to the store's responsible department;
- ``"exists"``: any live row — an explicit, narrow grant for collaboration the rule books ask
  for (the company-wide candidate pool); say why where it is declared.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from app.core.errors import Invalid
from app.core.scope import SCOPE_ALL, current_scope, unscoped

POLICIES = ("scope", "store", "exists")


def references(mapper) -> list[tuple[str, str | None, type, str]]:
    """(column, relationship key or None, target model, target column) of every many-to-one
    reference (the target column is usually the primary key, sometimes a code)."""
    cached = _REFS.get(mapper)
    if cached is not None:
        return cached
    out, seen = [], set()
    for rel in mapper.relationships:
        if rel.uselist or rel.direction.name != "MANYTOONE" or rel.viewonly:
            continue
        for local, remote in rel.local_remote_pairs:
            if local.foreign_keys and local.key in mapper.columns and local.key not in seen:
                seen.add(local.key)
                out.append((local.key, rel.key, rel.mapper.class_, _attr_of(rel.mapper, remote)))
    for col in mapper.columns:
        if col.key in seen or not col.foreign_keys or col.primary_key:
            continue
        remote = next(iter(col.foreign_keys)).column
        target = _model_of_table(mapper, remote.table)
        if target is not None:
            out.append((col.key, None, target, _attr_of(target.__mapper__, remote)))
    _REFS[mapper] = out
    return out


def _attr_of(mapper, column) -> str:
    for prop in mapper.column_attrs:
        if column in prop.columns:
            return prop.key
    return mapper.primary_key[0].key


_REFS: dict = {}


def _model_of_table(mapper, table):
    for m in mapper.registry.mappers:
        if m.local_table is table:
            return m.class_
    return None


def _value(state, column: str, rel_key: str | None, target_attr: str):
    """The value being written: the relationship's object when a form set it, else the
    column (a REST body sets the column; a loaded relationship then still holds the old)."""
    if rel_key is not None and rel_key in state.dict and (
            state.attrs[rel_key].history.has_changes()
            or not state.attrs[column].history.has_changes()):
        related = state.dict[rel_key]
        if related is not None:
            return getattr(related, target_attr)
        if not state.attrs[rel_key].history.has_changes():
            return state.dict.get(column)
        return None
    return state.dict.get(column)


def _changed(state, column: str, rel_key: str | None) -> bool:
    if state.attrs[column].history.has_changes():
        return True
    return rel_key is not None and state.attrs[rel_key].history.has_changes()


def check_foreign_keys(item, *, is_new: bool, columns=None, labels=None) -> None:
    """Raise Invalid (422, naming the field) when a written reference points outside the
    writer's scope, at an archived row, or at nothing. ``columns`` limits the check."""
    state = sa_inspect(item)
    policies = getattr(type(item), "foreign_key_scope", {}) or {}
    for column, rel_key, target, target_attr in references(state.mapper):
        if column == "created_by_id" or (columns is not None and column not in columns):
            continue
        if not is_new and not _changed(state, column, rel_key):
            continue
        value = _value(state, column, rel_key, target_attr)
        if value is None:
            continue
        policy = policies.get(column, "scope")
        if not _reachable(target, target_attr, value, policy):
            label = (labels or {}).get(column) or column
            raise Invalid(str(_l("%(field)s: no such record within your data scope",
                                 field=label)), field=column)


def _reachable(target, target_attr: str, value, policy: str) -> bool:
    from app.extensions import db

    key = getattr(target, target_attr)
    try:
        value = key.type.python_type(value)
    except (TypeError, ValueError, NotImplementedError, OverflowError):
        return False
    stmt = select(key).where(key == value)
    with db.session.no_autoflush:
        if policy == "scope":
            return db.session.scalar(stmt) is not None
        with unscoped():
            if policy == "exists":
                return db.session.scalar(stmt) is not None
            if policy == "store":
                return _in_writers_store(target, db.session.scalar(
                    select(target.__mapper__.primary_key[0]).where(key == value)))
    raise ValueError(f"unknown foreign_key_scope policy {policy}")


def _in_writers_store(target, value) -> bool:
    """The target department (or the target row's department) lies in the writer's store."""
    from app.core.people import store_subtree
    from app.extensions import db
    from app.org.models import Department

    row = db.session.get(target, value) if value is not None else None
    if row is None:
        return False
    scope = current_scope()
    if scope.kind == SCOPE_ALL:
        return True
    department_id = value if target is Department else getattr(row, "department_id", None)
    return department_id is not None and department_id in store_subtree(scope.department_id)

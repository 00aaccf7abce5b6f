"""The data interface every Yuelao view and API uses.

Scope itself is applied to every statement by app.core.scope; this interface adds what FAB's
SQLAInterface lacks for business records: archive instead of delete, typed errors instead of
500s on integrity problems, and the write-side checks (creator stamp, model validation, the row
must stay inside the user's scope).
"""
from __future__ import annotations

import enum
from functools import reduce

from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError

from app.core.errors import Invalid
from app.core.models import utcnow
from app.core.scope import current_scope


class YuelaoInterface(SQLAInterface):
    @staticmethod
    def _get_attr_value(item, col):
        """FAB's, with one getattr per cell instead of three (lists call it for every cell)."""
        try:
            value = getattr(item, col)
        except AttributeError:
            try:  # "department.name"
                return reduce(getattr, col.split("."), item)
            except Exception:  # noqa: BLE001  FAB shows a missing inner attribute as empty
                return ""
        if callable(value):
            return value()
        return value.value if isinstance(value, enum.Enum) else value

    def _rollback_as(self, ex: SQLAlchemyError, *, deleting: bool = False):
        """The database's refusal as a plain message (no SQL, no driver text)."""
        from app.core.errors import from_database_error

        self.session.rollback()
        return DatabaseException(from_database_error(ex, deleting=deleting).message)

    def add(self, item, commit: bool = True) -> None:
        try:
            self.session.add(item)
            if commit:
                self.session.commit()
        except SQLAlchemyError as ex:
            raise self._rollback_as(ex) from ex

    def edit(self, item, commit: bool = True) -> None:
        try:
            self.session.merge(item)
            if commit:
                self.session.commit()
        except SQLAlchemyError as ex:
            raise self._rollback_as(ex) from ex

    def delete(self, item, commit: bool = True) -> None:
        writable = getattr(item, "in_write_scope", None) or getattr(item, "in_scope", None)
        if writable is not None and not writable(current_scope()):
            raise DatabaseException(str(_l("That record would be outside your data scope")))
        if getattr(type(item), "__soft_delete__", False):
            item.archived_at = utcnow()
            return self.edit(item, commit=commit)
        from app.core.validation import references_to

        # Refused before the database is asked (SQLite would leave orphans).
        refs = references_to(item)
        if refs:
            raise DatabaseException(str(_l("Still referred to by: %(t)s", t=", ".join(refs))))
        try:
            self.session.delete(item)
            if commit:
                self.session.commit()
        except SQLAlchemyError as ex:
            raise self._rollback_as(ex, deleting=True) from ex

    def delete_all(self, items) -> None:
        for item in items:
            self.delete(item, commit=False)
        try:
            self.session.commit()
        except SQLAlchemyError as ex:
            raise self._rollback_as(ex, deleting=True) from ex


def prepare_save(item, *, is_new: bool, user=None, labels=None) -> None:
    """Checks every add and edit passes, from a form or from REST. Raises Invalid."""
    from app.core.validation import validate_item_fields
    from app.core.write_scope import check_foreign_keys

    # Shapes first (lengths, characters, numbers, choices), for forms and REST alike.
    validate_item_fields(item)
    if is_new and user is not None and hasattr(item, "created_by_id") and not item.created_by_id:
        item.created_by_id = user.id
    # References first: a model's validate() may follow them.
    check_foreign_keys(item, is_new=is_new, labels=labels)
    validate = getattr(item, "validate", None)
    if callable(validate):
        validate()
    scope = current_scope()
    writable = getattr(item, "in_write_scope", None) or getattr(item, "in_scope", None)
    if writable is not None and not writable(scope):
        raise Invalid(str(_l("That record would be outside your data scope")))
    if not _department_allowed(item, scope, is_new):
        raise Invalid(str(_l("You can only file records under your own department(s)")))


def _department_allowed(item, scope, is_new: bool) -> bool:
    """A record is filed under one of the user's departments: owning a row (being its
    creator) must not let anyone place it in another store. Checked when the row is created
    or its department changes; users of ``all`` scope may file anywhere."""
    from app.core.scope import SCOPE_ALL, SCOPE_DEPARTMENT

    if scope.kind == SCOPE_ALL or not hasattr(item, "scope_department_attrs"):
        return True
    columns = [c for c in item.scope_department_attrs() if c != "id"]
    state = sa_inspect(item)
    columns = [c for c in columns if c in state.mapper.columns]
    if not columns:
        return True
    if not is_new and not any(_changed(state, c) for c in columns):
        return True
    allowed = scope.department_ids if scope.kind == SCOPE_DEPARTMENT else (
        {scope.department_id} if scope.department_id is not None else set())
    return any(_department_value(item, state, c) in allowed for c in columns)


def relationship_of(mapper, column: str):
    """The many-to-one relationship a foreign-key column belongs to (forms set that one)."""
    for rel in mapper.relationships:
        if any(col.key == column for col in rel.local_columns) and not rel.uselist:
            return rel
    return None


def _department_value(item, state, column: str):
    from app.core.scope import _column_value

    return _column_value(item, column)


def _changed(state, column: str) -> bool:
    if state.attrs[column].history.has_changes():
        return True
    rel = relationship_of(state.mapper, column)
    return rel is not None and state.attrs[rel.key].history.has_changes()


# Planner estimates by (scope, query) for a minute: an estimate is approximate anyway, and
# the EXPLAIN (compile with literals, plan) costs more than the page's data query.
ESTIMATE_TTL = 60.0
_ESTIMATES: dict[tuple, tuple[float, int | None]] = {}


def estimated_rows(session, statement, cache_key: tuple | None = None) -> int | None:
    """PostgreSQL's planner estimate of how many rows ``statement`` returns, with the current
    user's scope applied: a count in about a millisecond where COUNT(*) would read the rows.
    None on other databases. ``cache_key`` (what the statement is made of) lets a recent
    estimate of the same query for the same scope be reused."""
    import time

    from sqlalchemy import text

    from app.core.scope import current_scope, scope_options

    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    scope = current_scope()
    key = (bind.url, scope, cache_key) if cache_key is not None else None
    now = time.monotonic()
    if key is not None:
        hit = _ESTIMATES.get(key)
        if hit is not None and now - hit[0] < ESTIMATE_TTL:
            return hit[1]
    models = frozenset(d["entity"] for d in getattr(statement, "column_descriptions", ())
                       if d.get("entity") is not None) or None
    stmt = statement.options(*scope_options(scope, models=models))
    sql = str(stmt.compile(dialect=bind.dialect, compile_kwargs={"literal_binds": True}))
    plan = session.execute(text("EXPLAIN (FORMAT JSON) " + sql)).scalar()
    try:
        rows = int(plan[0]["Plan"]["Plan Rows"])
    except (KeyError, IndexError, TypeError, ValueError):
        rows = None
    if key is not None:
        if len(_ESTIMATES) > 4096:
            _ESTIMATES.clear()
        _ESTIMATES[key] = (now, rows)
    return rows

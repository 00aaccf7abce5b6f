"""List queries for tables of millions of rows (clients, the audit log).

FAB's SQLAInterface.query counts every matching row and pages with OFFSET. This interface:
- counts by the planner's estimate when the result is large (PostgreSQL), exactly up to
  ``COUNT_CAP`` otherwise (``COUNT_CAP`` + 1 reads "more than");
- pages by keyset when the list is in its default order (id, newest first): ``after=<id>``
  (older) and ``before=<id>`` (newer) request arguments, so a page deep in a million rows
  costs what the first page costs; the list widget turns them into 最新 / 较新 / 更早 links;
- loads only the columns the list shows (``select_columns``, plus ``always_columns`` and the
  columns ``column_depends`` says a property reads) and the related rows of ``eager_loads``
  in the same query;
- reads live rows only when the model is archived rather than deleted.
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only

from app.core.interface import YuelaoInterface, estimated_rows

COUNT_CAP = 10_000


def positive_arg(name: str) -> int | None:
    """A positive integer request argument, or None."""
    if not has_request_context():
        return None
    try:
        value = int(request.args.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


class LargeTableInterface(YuelaoInterface):
    loads_list_columns = True
    # Columns every row needs whatever the list shows (identity, scope, state).
    always_columns: tuple[str, ...] = ("id",)
    # Properties shown in lists → the columns they read.
    column_depends: dict[str, tuple[str, ...]] = {}
    # (relationship name, columns of the related row) loaded in the same query.
    eager_loads: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def get_related_interface(self, col_name: str):
        # Dropdowns and filters of related models (department, matchmaker, event) read
        # small tables: the plain core interface.
        return YuelaoInterface(self.get_related_model(col_name))

    def base_query(self):
        query = self.session.query(self.obj)
        if hasattr(self.obj, "archived_at"):
            query = query.filter(self.obj.archived_at.is_(None))
        return query

    def capped_count(self, query, filters=None) -> tuple[int, bool]:
        """(count, estimated)."""
        pk = self.obj.id
        ids = query.with_entities(pk).order_by(None)
        estimate = estimated_rows(self.session, ids.statement,
                                  cache_key=self._filters_key(filters))
        if estimate is not None and estimate > COUNT_CAP:
            return estimate, True
        sub = ids.limit(COUNT_CAP + 1).subquery()
        count = self.session.scalar(select(func.count()).select_from(sub))
        return count, count > COUNT_CAP

    def query(self, filters=None, order_column="", order_direction="", page=None,
              page_size=None, select_columns=None, outer_default_load=False):
        pk = self.obj.id
        base = self.apply_filters(self.base_query(), filters)
        if select_columns and self.loads_list_columns:
            base = base.options(load_only(*self._load_columns(select_columns, order_column)))
        count, estimated = self.capped_count(base, filters)
        if not order_column:
            order_column, order_direction = "id", "desc"
        keyset = order_column == "id" and order_direction == "desc" and bool(page_size)
        after, before = (positive_arg("after"), positive_arg("before")) if keyset \
            else (None, None)
        if after is not None:
            rows = self._rows(base.filter(pk < after), "desc", None, page_size)
        elif before is not None:
            # The page just newer than ``before``: read upwards, show newest first.
            rows = self._rows(base.filter(pk > before), "asc", None, page_size)[::-1]
            if len(rows) < page_size:  # that is the newest page
                before, rows = None, self._rows(base, "desc", None, page_size)
        else:
            rows = self._rows(base, order_direction, page, page_size, order_column)
        if has_request_context():
            request.yuelao_list_state = {
                "count_estimated": estimated,
                "keyset": keyset_state(rows, page_size, after, before, page) if keyset
                else None,
            }
        return count, rows

    def _filters_key(self, filters) -> tuple | None:
        """What the filtered query is made of, for the estimate cache."""
        name = self.obj.__tablename__
        if filters is None:
            return (name,)
        try:
            return (name, *((f.column_name, type(f).__name__, repr(v))
                            for f, v in zip(filters.filters, filters.values, strict=True)))
        except AttributeError:
            return None

    def _load_columns(self, names, order_column):
        cols = self.obj.__table__.columns
        wanted = set(self.always_columns)
        for name in [*names, order_column or "id"]:
            if name in cols:
                wanted.add(name)
            wanted.update(self.column_depends.get(name, ()))
        return [getattr(self.obj, c) for c in sorted(wanted) if c in cols]

    def _rows(self, query, direction, page, page_size, column="id"):
        query = self.apply_order_by(query, column, direction, add_pk=True)
        query = self.apply_pagination(query, page, page_size)
        for rel, columns in self.eager_loads:
            target = getattr(self.obj, rel).property.mapper.class_
            query = query.options(joinedload(getattr(self.obj, rel)).load_only(
                *(getattr(target, c) for c in columns)))
        return query.all()


def keyset_state(rows, page_size, after, before, page) -> dict:
    """Links of a keyset-paged list: newest, newer (before=first id), older (after=last id)."""
    full = len(rows) == page_size
    return {
        "paged": bool(after or before or page),
        # Newer rows exist when we came from an older page, or a full page read upwards.
        "prev": rows[0].id if rows and (after or (before and full) or page) else None,
        # Older rows: a full page read downwards, or any page read upwards.
        "next": rows[-1].id if rows and (before or full) else None,
    }

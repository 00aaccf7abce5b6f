"""Client list queries that stay fast at 10^6 rows.

FAB's SQLAInterface.query counts every matching row and pages with OFFSET, and loads related
columns row by row. Here: live (non-archived) rows only, related department / matchmaker in
the same query, a capped count (``COUNT_CAP`` + 1 means "more than COUNT_CAP"; the planner's
estimate for the unfiltered company-wide list on PostgreSQL), and keyset pages through the
``after`` (id) request argument when the list is ordered by id.
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only

from app.clients.models import Client
from app.core.interface import YuelaoInterface, estimated_rows
from app.org.models import Department, Employee

COUNT_CAP = 10_000


def _positive_arg(name: str) -> int | None:
    if not has_request_context():
        return None
    try:
        value = int(request.args.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


def keyset_after() -> int | None:
    return _positive_arg("after")


# Columns a list row needs whatever is shown: identity, scope, state, related keys.
_ALWAYS = ("id", "status", "department_id", "matchmaker_id", "created_by_id", "archived_at")
# Properties shown in lists and the columns they read.
_DEPENDS = {"age": ("birth_date",)}


class ClientInterface(YuelaoInterface):
    # The list view passes its columns: a row loads those, not all sixty (FAB's
    # list_select_columns idea).
    loads_list_columns = True
    def get_related_interface(self, col_name: str):
        # Related models (department, matchmaker dropdowns) use the plain core interface.
        return YuelaoInterface(self.get_related_model(col_name))

    def base_query(self):
        return self.session.query(self.obj).filter(self.obj.archived_at.is_(None))

    def capped_count(self, query, filters=None) -> tuple[int, bool]:
        """(count, estimated): large results are counted by the planner's estimate
        (PostgreSQL), small ones exactly; elsewhere exactly up to COUNT_CAP + 1."""
        ids = query.with_entities(Client.id).order_by(None)
        estimate = estimated_rows(self.session, ids.statement,
                                  cache_key=self._filters_key(filters))
        if estimate is not None and estimate > COUNT_CAP:
            return estimate, True
        sub = ids.limit(COUNT_CAP + 1).subquery()
        count = self.session.scalar(select(func.count()).select_from(sub))
        return count, count > COUNT_CAP

    def query(self, filters=None, order_column="", order_direction="", page=None,
              page_size=None, select_columns=None, outer_default_load=False):
        base = self.apply_filters(self.base_query(), filters)
        if select_columns:
            base = base.options(load_only(*self._load_columns(select_columns, order_column)))
        count, estimated = self.capped_count(base, filters)
        if not order_column:
            order_column, order_direction = "id", "desc"
        keyset = order_column == "id" and order_direction == "desc" and bool(page_size)
        after, before = (keyset_after(), _positive_arg("before")) if keyset else (None, None)
        if after is not None:
            rows = self._rows(base.filter(Client.id < after), "desc", None, page_size)
        elif before is not None:
            # The page just newer than ``before``: read upwards, show newest first.
            rows = self._rows(base.filter(Client.id > before), "asc", None, page_size)[::-1]
            if len(rows) < page_size:  # that is the newest page
                before, rows = None, self._rows(base, "desc", None, page_size)
        else:
            rows = self._rows(base, order_direction, page, page_size, order_column)
        if has_request_context():
            request.yuelao_list_state = {
                "count_estimated": estimated,
                "keyset": self._keyset_state(rows, page_size, after, before, page)
                if keyset else None,
            }
        return count, rows

    @staticmethod
    def _filters_key(filters) -> tuple | None:
        if filters is None:
            return ("client",)
        try:
            return ("client", *((f.column_name, type(f).__name__, repr(v))
                                for f, v in zip(filters.filters, filters.values,
                                                strict=True)))
        except AttributeError:
            return None

    def _load_columns(self, names, order_column):
        cols = self.obj.__table__.columns
        wanted = set(_ALWAYS)
        for name in [*names, order_column or "id"]:
            if name in cols:
                wanted.add(name)
            for dep in _DEPENDS.get(name, ()):
                wanted.add(dep)
        return [getattr(self.obj, c) for c in sorted(wanted) if c in cols]

    def _rows(self, query, direction, page, page_size, column="id"):
        query = self.apply_order_by(query, column, direction, add_pk=True)
        query = self.apply_pagination(query, page, page_size)
        return query.options(
            joinedload(Client.department).load_only(Department.id, Department.name),
            joinedload(Client.matchmaker).load_only(Employee.id, Employee.name),
        ).all()

    @staticmethod
    def _keyset_state(rows, page_size, after, before, page) -> dict:
        """Links of a keyset-paged list: a deep page costs what the first page costs."""
        full = len(rows) == page_size
        paged = bool(after or before or page)
        return {
            "paged": paged,
            # Newer rows exist when we came from an older page, or a full page read upwards.
            "prev": rows[0].id if rows and (after or (before and full) or page) else None,
            # Older rows: a full page read downwards, or any page read upwards.
            "next": rows[-1].id if rows and (before or full) else None,
        }

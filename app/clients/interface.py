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
from sqlalchemy.orm import joinedload

from app.clients.models import Client
from app.core.interface import YuelaoInterface, estimated_rows
from app.org.models import Department, Employee

COUNT_CAP = 10_000


def keyset_after() -> int | None:
    if not has_request_context():
        return None
    try:
        value = int(request.args.get("after", ""))
    except ValueError:
        return None
    return value if value > 0 else None


class ClientInterface(YuelaoInterface):
    def get_related_interface(self, col_name: str):
        # Related models (department, matchmaker dropdowns) use the plain core interface.
        return YuelaoInterface(self.get_related_model(col_name))

    def base_query(self):
        return self.session.query(self.obj).filter(self.obj.archived_at.is_(None))

    def capped_count(self, query, filtered: bool) -> int:
        """Large results are counted by the planner's estimate (PostgreSQL), small ones
        exactly; elsewhere exactly up to COUNT_CAP + 1 ("more than COUNT_CAP")."""
        ids = query.with_entities(Client.id).order_by(None)
        estimate = estimated_rows(self.session, ids.statement)
        if estimate is not None and estimate > COUNT_CAP:
            return estimate
        sub = ids.limit(COUNT_CAP + 1).subquery()
        return self.session.scalar(select(func.count()).select_from(sub))

    def query(self, filters=None, order_column="", order_direction="", page=None,
              page_size=None, select_columns=None, outer_default_load=False):
        query = self.apply_filters(self.base_query(), filters)
        filtered = bool(filters and filters.filters)
        count = self.capped_count(query, filtered)
        if not order_column:
            order_column, order_direction = "id", "desc"
        after = keyset_after()
        if after is not None and order_column == "id":
            query = query.filter(Client.id < after if order_direction == "desc"
                                 else Client.id > after)
            page = None
        query = self.apply_order_by(query, order_column, order_direction, add_pk=True)
        query = self.apply_pagination(query, page, page_size)
        query = query.options(
            joinedload(Client.department).load_only(Department.id, Department.name),
            joinedload(Client.matchmaker).load_only(Employee.id, Employee.name),
        )
        rows = query.all()
        if has_request_context() and order_column == "id" and page_size and \
                len(rows) == page_size:
            # The list page offers "next" as a keyset link: deep pages cost what page 1 costs.
            request.yuelao_keyset_next = rows[-1].id
        return count, rows

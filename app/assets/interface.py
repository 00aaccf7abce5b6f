"""The register at 10^5 assets and more: live rows only, estimated counts on PostgreSQL, only
the listed columns loaded, department / custodian / category joined in the same query, keyset
pages (app/core/large.py).

Counts: exact up to ``exact_count_up_to`` rows (the numbered pages), the planner's estimate
above it (shown as ≈). A scope such as a custodian's ("their own items or what they
registered") is an OR the database answers with a bitmap scan; counting thousands of such rows
exactly visits one heap page per row or so (~7 ms at 6,000 items), the estimate costs none.
"""
from __future__ import annotations

from app.core.interface import estimated_rows
from app.core.large import LargeTableInterface


class AssetInterface(LargeTableInterface):
    # Identity, scope (department, custodian, creator) and state: read by every row.
    always_columns = ("id", "status", "department_id", "custodian_id", "category_id",
                      "created_by_id", "archived_at")
    column_depends = {
        "book_value": ("cost", "salvage_value", "useful_life_months", "depreciation_method",
                       "in_service_date", "disposed_on"),
        "maintenance_overdue": ("status", "next_maintenance_due"),
    }
    eager_loads = (("department", ("id", "name")), ("custodian", ("id", "name")),
                   ("category", ("id", "code", "name")))
    # Numbered pages stop at 2,500 rows (100 pages of 25): beyond them only keyset pages.
    exact_count_up_to = 2_500

    def capped_count(self, query, filters=None) -> tuple[int, bool]:
        estimate = estimated_rows(self.session, query.with_entities(self.obj.id)
                                  .order_by(None).statement,
                                  cache_key=self._filters_key(filters))
        if estimate is not None and estimate > self.exact_count_up_to:
            return estimate, True
        return super().capped_count(query, filters)  # the estimate above is cached

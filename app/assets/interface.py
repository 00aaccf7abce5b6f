"""The register at 10^5 assets and more: live rows only, estimated counts on PostgreSQL, only
the listed columns loaded, department / custodian / category joined in the same query, keyset
pages (app/core/large.py)."""
from __future__ import annotations

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

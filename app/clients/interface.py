"""Client lists at 10^6 rows: the core's large-table interface with the client's columns."""
from __future__ import annotations

from app.core.large import LargeTableInterface


class ClientInterface(LargeTableInterface):
    # Identity, scope (department, matchmaker, creator) and state: read by every row.
    always_columns = ("id", "status", "department_id", "matchmaker_id", "created_by_id",
                      "archived_at")
    column_depends = {"age": ("birth_date",)}
    eager_loads = (("department", ("id", "name")), ("matchmaker", ("id", "name")))

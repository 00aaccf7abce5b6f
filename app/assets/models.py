"""The asset register: categories, assets, moves, posted depreciation, sign-outs, upkeep."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import relationship

from app.assets import depreciation as dep
from app.core.models import AuditedMixin, SoftDeleteMixin, utcnow
from app.core.scope import ScopedMixin

Money = Numeric(14, 2)
ASSET_STATES = ("in_use", "idle", "repair", "disposed")
ACTIVE_STATES = ("in_use", "idle", "repair")
ASSET_KINDS = ("fixed", "current")


class AssetCategory(AuditedMixin, Model):
    """資產類別: the code that prefixes asset codes, default life and method."""

    __tablename__ = "asset_category"
    __resource__ = "asset_category"

    id = Column(Integer, primary_key=True)
    code = Column(String(16), nullable=False, unique=True)
    name = Column(String(100), nullable=False, unique=True)
    kind = Column(String(16), nullable=False, default="fixed")
    default_life_months = Column(Integer, nullable=False, default=60)
    default_method = Column(String(20), nullable=False, default=dep.STRAIGHT_LINE)
    # Next number of this category's codes (taken by a conditional UPDATE: no two alike).
    next_seq = Column(Integer, nullable=False, default=1)

    def __repr__(self) -> str:
        return f"{self.code} {self.name}"

    def validate(self) -> None:
        from app.assets.services import validate_category

        validate_category(self)


class Asset(ScopedMixin, AuditedMixin, SoftDeleteMixin, Model):
    """One asset. Heads see their department subtree, custodians their own items."""

    __tablename__ = "asset"
    __resource__ = "asset"
    scope_owner_employee_columns = ("custodian_id",)
    # Sortable / filterable list columns as (column, id), for keyset-friendly ordered pages.
    __table_args__ = (
        Index("ix_asset_status_id", "status", "id"),
        Index("ix_asset_name_id", "name", "id"),
        Index("ix_asset_cost_id", "cost", "id"),
        Index("ix_asset_in_service_id", "in_service_date", "id"),
        Index("ix_asset_maint_due", "next_maintenance_due"),
    )

    id = Column(Integer, primary_key=True)
    code = Column(String(32), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    category_id = Column(Integer, ForeignKey("asset_category.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    custodian_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    location = Column(String(200), nullable=True)
    supplier = Column(String(200), nullable=True)
    purchase_date = Column(Date, nullable=True, index=True)
    cost = Column(Money, nullable=False)
    salvage_value = Column(Money, nullable=False, default=0)
    useful_life_months = Column(Integer, nullable=False)
    depreciation_method = Column(String(20), nullable=False, default=dep.STRAIGHT_LINE)
    in_service_date = Column(Date, nullable=True)
    status = Column(String(16), nullable=False, default="in_use")
    disposed_on = Column(Date, nullable=True)
    # Upkeep (004: 定期對設備進行維護保養)
    maintenance_interval_days = Column(Integer, nullable=True)
    last_maintained_on = Column(Date, nullable=True)
    next_maintenance_due = Column(Date, nullable=True)
    notes = Column(Text, nullable=True)

    category = relationship(AssetCategory)
    department = relationship("Department", foreign_keys=[department_id])
    custodian = relationship("Employee", foreign_keys=[custodian_id])

    def __repr__(self) -> str:
        return f"{self.code} {self.name}"

    def schedule(self) -> list[dep.Row]:
        if self.in_service_date is None:
            return []
        return dep.schedule(self.cost, self.salvage_value, self.useful_life_months,
                            self.depreciation_method, self.in_service_date, self.disposed_on)

    @property
    def book_value(self):
        """Read-only: cost less the depreciation of every month up to this one."""
        return dep.book_value_at(self.cost, self.salvage_value or 0, self.useful_life_months,
                                 self.depreciation_method, self.in_service_date,
                                 dt.date.today(), self.disposed_on)

    @property
    def maintenance_overdue(self) -> bool:
        return (self.status != "disposed" and self.next_maintenance_due is not None
                and self.next_maintenance_due < dt.date.today())

    def validate(self) -> None:
        from app.assets.services import validate_asset

        validate_asset(self)


class AssetMove(ScopedMixin, AuditedMixin, Model):
    """A move between custodians or departments (調撥): a record with date and reason.
    Seen from both the old and the new department."""

    __tablename__ = "asset_move"
    __resource__ = "asset_move"
    scope_department_columns = ("from_department_id", "to_department_id")
    scope_owner_employee_columns = ("from_custodian_id", "to_custodian_id")

    id = Column(Integer, primary_key=True)
    asset_id = Column(Integer, ForeignKey("asset.id"), nullable=False, index=True)
    moved_on = Column(Date, nullable=False, default=dt.date.today, index=True)
    reason = Column(Text, nullable=False)
    from_department_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    to_department_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    from_custodian_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    to_custodian_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    from_location = Column(String(200), nullable=True)
    to_location = Column(String(200), nullable=True)

    asset = relationship(Asset)
    from_department = relationship("Department", foreign_keys=[from_department_id])
    to_department = relationship("Department", foreign_keys=[to_department_id])
    from_custodian = relationship("Employee", foreign_keys=[from_custodian_id])
    to_custodian = relationship("Employee", foreign_keys=[to_custodian_id])

    def __repr__(self) -> str:
        return f"{self.asset} {self.moved_on}"


class DepreciationEntry(ScopedMixin, Model):
    """One posted month of one asset (the monthly job): the figures finance reports on.
    Unique per (asset, month): posting twice, or from two servers at once, adds nothing."""

    __tablename__ = "depreciation_entry"
    __resource__ = "depreciation_entry"
    scope_owner_user_columns = ()
    __table_args__ = (
        UniqueConstraint("asset_id", "month", name="uq_depreciation_entry_asset_month"),
        Index("ix_depreciation_entry_month_dept", "month", "department_id"),
    )

    id = Column(Integer, primary_key=True)
    asset_id = Column(Integer, ForeignKey("asset.id"), nullable=False, index=True)
    month = Column(Date, nullable=False)  # first day of the month
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    category_id = Column(Integer, ForeignKey("asset_category.id"), nullable=False, index=True)
    amount = Column(Money, nullable=False)
    accumulated = Column(Money, nullable=False)
    book_value = Column(Money, nullable=False)
    posted_at = Column(DateTime, nullable=False, default=utcnow)

    asset = relationship(Asset)
    department = relationship("Department")
    category = relationship(AssetCategory)

    def __repr__(self) -> str:
        return f"{self.asset_id} {self.month:%Y-%m}"


class AssetLoan(ScopedMixin, AuditedMixin, Model):
    """Equipment sign-out (設備使用登記). A device is out at most once: a partial unique index
    on asset_id over the rows not yet returned, so two simultaneous sign-outs cannot both
    land."""

    __tablename__ = "asset_loan"
    __resource__ = "asset_loan"
    scope_owner_employee_columns = ("employee_id",)
    __table_args__ = (
        Index("uq_asset_loan_open", "asset_id", unique=True,
              sqlite_where=text("returned_at IS NULL"),
              postgresql_where=text("returned_at IS NULL")),
        Index("ix_asset_loan_asset_start", "asset_id", "start_at"),
    )

    id = Column(Integer, primary_key=True)
    asset_id = Column(Integer, ForeignKey("asset.id"), nullable=False)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    start_at = Column(DateTime, nullable=False, default=utcnow)
    due_at = Column(DateTime, nullable=True, index=True)
    returned_at = Column(DateTime, nullable=True, index=True)
    purpose = Column(String(200), nullable=True)

    asset = relationship(Asset)
    employee = relationship("Employee")
    department = relationship("Department")

    def __repr__(self) -> str:
        return f"{self.asset} → {self.employee}"


MAINTENANCE_KINDS = ("maintenance", "repair", "cleaning")


class MaintenanceRecord(ScopedMixin, AuditedMixin, Model):
    """Upkeep done on an asset: maintenance, a repair of a fault, cleaning/disinfection."""

    __tablename__ = "asset_maintenance"
    __resource__ = "asset_maintenance"

    id = Column(Integer, primary_key=True)
    asset_id = Column(Integer, ForeignKey("asset.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    kind = Column(String(16), nullable=False, default="maintenance", index=True)
    done_on = Column(Date, nullable=False, default=dt.date.today, index=True)
    cost = Column(Money, nullable=False, default=0)
    notes = Column(Text, nullable=True)

    asset = relationship(Asset)
    department = relationship("Department")

    def __repr__(self) -> str:
        return f"{self.asset} {self.kind} {self.done_on}"

"""Stock-takes (盤點), disposals (報廢) and office supplies (辦公用品) with requisitions."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
    true,
)
from sqlalchemy.orm import relationship

from app.assets.models import Money
from app.core.models import AuditedMixin, SoftDeleteMixin, utcnow
from app.core.scope import SCOPE_ALL, ScopedMixin

STOCKTAKE_STATES = ("draft", "in_progress", "submitted", "closed")
LINE_RESULTS = ("found", "missing", "damaged")
DISCREPANCIES = ("missing", "damaged")


class Stocktake(ScopedMixin, AuditedMixin, Model):
    """A stock-take campaign for a department (and the departments below it)."""

    __tablename__ = "stocktake"
    __resource__ = "stocktake"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    location = Column(String(200), nullable=True)
    planned_on = Column(Date, nullable=True, default=dt.date.today)
    status = Column(String(16), nullable=False, default="draft", index=True)
    started_at = Column(DateTime, nullable=True)
    closed_at = Column(DateTime, nullable=True)
    notes = Column(Text, nullable=True)

    department = relationship("Department")
    lines = relationship("StocktakeLine", back_populates="stocktake",
                         order_by="StocktakeLine.id")

    def __repr__(self) -> str:
        return self.name


class StocktakeLine(ScopedMixin, Model):
    """One expected asset of a stock-take and what the counter found. Scoped like its
    stock-take."""

    __tablename__ = "stocktake_line"
    __resource__ = "stocktake_line"
    __table_args__ = (UniqueConstraint("stocktake_id", "asset_id",
                                       name="uq_stocktake_line_asset"),)

    id = Column(Integer, primary_key=True)
    stocktake_id = Column(Integer, ForeignKey("stocktake.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    asset_id = Column(Integer, ForeignKey("asset.id"), nullable=False, index=True)
    result = Column(String(16), nullable=True, index=True)  # None: not yet counted
    explanation = Column(Text, nullable=True)
    counted_at = Column(DateTime, nullable=True)
    counted_by_id = Column(Integer, ForeignKey("ab_user.id"), nullable=True, index=True)
    # The disposal raised for a missing/damaged item, or a repair started on it.
    disposal_id = Column(Integer, ForeignKey("disposal.id", name="fk_stocktake_line_disposal"),
                         nullable=True, index=True)
    repair_raised = Column(Integer, nullable=False, default=0)

    stocktake = relationship(Stocktake, back_populates="lines")
    asset = relationship("Asset")

    def __repr__(self) -> str:
        return f"{self.asset} {self.result or ''}".strip()

    @property
    def unexplained(self) -> bool:
        return self.result in DISCREPANCIES and not (self.explanation or "").strip()

    @classmethod
    def scope_criteria(cls, scope):
        if scope.kind == SCOPE_ALL:
            return true()
        return cls.stocktake_id.in_(select(Stocktake.id).where(Stocktake.scope_criteria(scope)))

    def in_scope(self, scope) -> bool:
        return self.stocktake is not None and self.stocktake.in_scope(scope)


DISPOSAL_STATES = ("draft", "submitted", "head_approved", "approved", "rejected")
DISPOSAL_METHODS = ("scrap", "sale", "donation", "loss")


class Disposal(ScopedMixin, AuditedMixin, Model):
    """報廢: request → the recorded head of the asset's department → the asset owner."""

    __tablename__ = "disposal"
    __resource__ = "disposal"

    id = Column(Integer, primary_key=True)
    asset_id = Column(Integer, ForeignKey("asset.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    reason = Column(Text, nullable=False)
    method = Column(String(16), nullable=False, default="scrap")
    proceeds = Column(Money, nullable=False, default=0)
    status = Column(String(16), nullable=False, default="draft", index=True)
    disposed_on = Column(Date, nullable=True)
    requested_by_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)

    asset = relationship("Asset")
    department = relationship("Department")
    requested_by = relationship("Employee")

    def __repr__(self) -> str:
        return f"{self.asset} ({self.status})"

    def validate(self) -> None:
        from app.assets.services import validate_disposal

        validate_disposal(self)


class SupplyItem(AuditedMixin, SoftDeleteMixin, Model):
    """辦公用品 / 后勤 consumable with its stock. Stock never negative (a CHECK, and every
    issue is a conditional UPDATE)."""

    __tablename__ = "supply_item"
    __resource__ = "supply_item"
    __table_args__ = (CheckConstraint("stock >= 0", name="ck_supply_item_stock"),
                      Index("ix_supply_item_reorder", "stock", "min_stock"))

    id = Column(Integer, primary_key=True)
    code = Column(String(32), nullable=False, unique=True)
    name = Column(String(100), nullable=False, index=True)
    unit = Column(String(16), nullable=False, default="個")
    stock = Column(Integer, nullable=False, default=0)
    min_stock = Column(Integer, nullable=False, default=0)
    location = Column(String(200), nullable=True)

    def __repr__(self) -> str:
        return f"{self.name}（{self.unit}）"

    @property
    def below_minimum(self) -> bool:
        return (self.stock or 0) < (self.min_stock or 0)

    def validate(self) -> None:
        from app.assets.supplies import validate_item

        validate_item(self)


SUPPLY_MOVE_KINDS = ("in", "out", "adjust")


class SupplyMove(Model):
    """The stock ledger: every receipt, issue and count adjustment, with the balance after."""

    __tablename__ = "supply_move"
    __resource__ = "supply_move"
    __table_args__ = (Index("ix_supply_move_item_id", "item_id", "id"),)

    id = Column(Integer, primary_key=True)
    item_id = Column(Integer, ForeignKey("supply_item.id"), nullable=False)
    kind = Column(String(8), nullable=False, index=True)
    quantity = Column(Integer, nullable=False)  # signed: + in, − out
    balance = Column(Integer, nullable=False)
    requisition_id = Column(Integer, ForeignKey("requisition.id"), nullable=True, index=True)
    note = Column(String(200), nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    created_by_id = Column(Integer, ForeignKey("ab_user.id"), nullable=True, index=True)

    item = relationship(SupplyItem)

    def __repr__(self) -> str:
        return f"{self.item} {self.quantity:+d}"


REQUISITION_STATES = ("draft", "submitted", "approved", "issued", "rejected")


class Requisition(ScopedMixin, AuditedMixin, Model):
    """領用申請: employee → recorded department head approves → 行政部 issues."""

    __tablename__ = "requisition"
    __resource__ = "requisition"
    scope_owner_employee_columns = ("employee_id",)

    id = Column(Integer, primary_key=True)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    item_id = Column(Integer, ForeignKey("supply_item.id"), nullable=False, index=True)
    quantity = Column(Integer, nullable=False)
    reason = Column(Text, nullable=True)
    status = Column(String(16), nullable=False, default="draft", index=True)
    issued_at = Column(DateTime, nullable=True)

    employee = relationship("Employee")
    department = relationship("Department")
    item = relationship(SupplyItem)

    def __repr__(self) -> str:
        return f"{self.item} × {self.quantity}"

    def validate(self) -> None:
        from app.assets.supplies import validate_requisition

        validate_requisition(self)

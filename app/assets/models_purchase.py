"""Purchase requests (采購申請) with supplier quotes (比價). Rule book 000: 通過招標、比價等方式
降低采購成本; 004: 行政部負責公司辦公設備的采購."""
from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Text, select, true
from sqlalchemy.orm import relationship

from app.assets.models import Money
from app.core.models import AuditedMixin
from app.core.scope import SCOPE_ALL, ScopedMixin

PURCHASE_STATES = ("draft", "submitted", "approved", "purchased", "rejected")


class PurchaseRequest(ScopedMixin, AuditedMixin, Model):
    """What, how many, why, at what price; approved by the recorded head of the department;
    above a configurable amount, N supplier quotes first. A purchase of a fixed-asset
    category registers the asset(s) when bought."""

    __tablename__ = "purchase_request"
    __resource__ = "purchase_request"
    scope_owner_employee_columns = ("requested_by_id",)

    id = Column(Integer, primary_key=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    requested_by_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    item = Column(String(200), nullable=False)
    quantity = Column(Integer, nullable=False, default=1)
    unit_price = Column(Money, nullable=False)
    amount = Column(Money, nullable=False, default=0)
    reason = Column(Text, nullable=False)
    # The expense category (finance) whose budget line the purchase counts against; the
    # budget it was committed against on approval (app/assets/budget.py).
    budget_line = Column(String(64), nullable=True)
    budget_id = Column(Integer, ForeignKey("budget.id"), nullable=True, index=True)
    category_id = Column(Integer, ForeignKey("asset_category.id"), nullable=True, index=True)
    status = Column(String(16), nullable=False, default="draft", index=True)
    purchased_on = Column(Date, nullable=True)
    supplier = Column(String(200), nullable=True)

    department = relationship("Department")
    requested_by = relationship("Employee")
    category = relationship("AssetCategory")
    quotes = relationship("PurchaseQuote", back_populates="request",
                          order_by="PurchaseQuote.id")

    def __repr__(self) -> str:
        return f"{self.item} × {self.quantity}"

    def validate(self) -> None:
        from app.assets.purchases import validate_request

        validate_request(self)


class PurchaseQuote(ScopedMixin, AuditedMixin, Model):
    """One supplier's quote for a request. Scoped like its request."""

    __tablename__ = "purchase_quote"
    __resource__ = "purchase_quote"

    id = Column(Integer, primary_key=True)
    request_id = Column(Integer, ForeignKey("purchase_request.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    supplier = Column(String(200), nullable=False)
    amount = Column(Money, nullable=False)
    note = Column(Text, nullable=True)

    request = relationship(PurchaseRequest, back_populates="quotes")

    def __repr__(self) -> str:
        return f"{self.supplier} {self.amount}"

    @classmethod
    def scope_criteria(cls, scope):
        if scope.kind == SCOPE_ALL:
            return true()
        return cls.request_id.in_(select(PurchaseRequest.id).where(
            PurchaseRequest.scope_criteria(scope)))

    def in_scope(self, scope) -> bool:
        req = self.request
        if req is None and self.request_id is not None:
            from app.core.scope import scoped_get

            req = scoped_get(PurchaseRequest, self.request_id)
        return req is not None and req.in_scope(scope)

    def validate(self) -> None:
        from app.assets.purchases import validate_quote

        validate_quote(self)

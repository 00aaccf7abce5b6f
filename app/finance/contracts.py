"""Service contracts (服務合同) and their payments (收款): receivables = price − received.

A contract belongs to a client (its department and matchmaker give the scope); its price
defaults from the membership tier (001: 普通 / 高級 / 私人定製). Payments are 定金 (deposit),
全款 (full) or instalments, each with a receipt or invoice number (002 三(二)2). A payment above
the balance is refused (422); the contract row is locked while the balance is checked, so two
payments at once cannot together exceed it.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Text, select, update
from sqlalchemy.orm import relationship

from app.core.errors import Invalid
from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin, unscoped
from app.extensions import db
from app.finance.models import Money, Snapshot, money

TIERS = ("standard", "premium", "private")
# Demo list prices per tier (元); a contract may carry its own negotiated price.
TIER_PRICES = {"standard": Decimal("9800.00"), "premium": Decimal("19800.00"),
               "private": Decimal("59800.00")}
TIER_SERVICES = {"standard": "基礎會員匹配服務", "premium": "優先推薦、每月約見安排、情感指導",
                 "private": "一對一專屬婚介顧問、婚戀規劃、全程陪同約見"}
PAYMENT_KINDS = ("deposit", "full", "instalment")
CONTRACT_STATES = ("active", "closed", "cancelled")


class Contract(ScopedMixin, AuditedMixin, Model):
    __tablename__ = "contract"
    __resource__ = "contract"
    scope_owner_employee_columns = ("owner_id",)
    __table_args__ = (Index("ix_contract_status_id", "status", "id"),)

    id = Column(Integer, primary_key=True)
    contract_no = Column(String(32), nullable=False, unique=True)
    client_id = Column(Integer, ForeignKey("client.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    owner_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    tier = Column(String(16), nullable=False, default="standard")
    price = Column(Money, nullable=True)
    services = Column(Text, nullable=True)
    signed_on = Column(Date, nullable=False, default=dt.date.today, index=True)
    status = Column(String(16), nullable=False, default="active")
    received = Column(Money, nullable=False, default=Decimal("0.00"))

    client = relationship("Client", lazy="joined")
    payments = relationship("Payment", back_populates="contract", order_by="Payment.id")

    def __repr__(self) -> str:
        return self.contract_no

    @property
    def balance(self) -> Decimal:
        return Decimal(str(self.price or 0)) - Decimal(str(self.received or 0))

    def validate(self) -> None:
        validate_contract(self)


class Payment(Snapshot, ScopedMixin, AuditedMixin, Model):
    __tablename__ = "payment"
    __resource__ = "payment"
    __table_args__ = (Index("ix_payment_paid_on_id", "paid_on", "id"),
                      # Contract income against a budget: one index-only range per department.
                      Index("ix_payment_income", "department_id", "paid_on",
                            postgresql_include=["amount"]))

    id = Column(Integer, primary_key=True)
    contract_id = Column(Integer, ForeignKey("contract.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    kind = Column(String(16), nullable=False, default="deposit")
    amount = Column(Money, nullable=False)
    paid_on = Column(Date, nullable=False, default=dt.date.today)
    receipt_no = Column(String(64), nullable=False, unique=True)
    note = Column(Text, nullable=True)

    contract = relationship("Contract", back_populates="payments")

    def __repr__(self) -> str:
        return f"{self.receipt_no} {self.amount}"

    def validate(self) -> None:
        validate_payment(self)


def validate_contract(c: Contract) -> None:
    from app.clients.models import Client

    if c.tier not in TIERS:
        raise Invalid(str(_l("Tier must be one of %(t)s", t=", ".join(TIERS))), field="tier")
    if not (c.contract_no or "").strip():
        raise Invalid(str(_l("Contract number is required")), field="contract_no")
    client = db.session.scalar(select(Client).where(Client.id == c.client_id)) \
        if c.client_id is not None else None
    if client is None:
        raise Invalid(str(_l("No such client")), field="client_id")
    c.department_id = client.department_id
    c.owner_id = c.owner_id or client.matchmaker_id
    c.price = money(TIER_PRICES[c.tier] if c.price in (None, "") else c.price, "price",
                    positive=True, label=_l("Price"))
    c.services = c.services or TIER_SERVICES[c.tier]
    if c.status not in CONTRACT_STATES:
        c.status = "active"
    if c.id is not None:
        with unscoped():
            received = db.session.scalar(select(Contract.received).where(Contract.id == c.id))
        if received is not None and c.price < received:
            raise Invalid(str(_l("The price cannot be below what was already received")),
                          field="price")


def _lock(contract_id: int) -> Contract | None:
    """The contract as it is now, held until the transaction ends."""
    stmt = select(Contract).where(Contract.id == contract_id).execution_options(
        populate_existing=True)
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.scalar(stmt.with_for_update(of=Contract))
    db.session.execute(update(Contract).where(Contract.id == contract_id)
                       .values(received=Contract.received)
                       .execution_options(synchronize_session=False))
    return db.session.scalar(stmt)


def validate_payment(p: Payment) -> None:
    from app.finance.rules import cite_for

    if not p.is_new:
        changed = p.changed_since_load("contract_id", "kind", "amount", "paid_on",
                                       "receipt_no", "department_id")
        if changed:  # the note may change; the money may not
            raise Invalid(str(_l("A payment is not edited: record a correction instead")),
                          field=changed[0])
        return
    if p.kind not in PAYMENT_KINDS:
        raise Invalid(str(_l("Kind must be deposit, full or instalment")), field="kind")
    if not (p.receipt_no or "").strip():
        message = str(_l("A receipt or invoice number is required"))
        clause = cite_for("payment_receipt")
        raise Invalid(f"{message}（{clause}）" if clause else message, field="receipt_no")
    p.amount = money(p.amount, "amount", positive=True, label=_l("Amount"))
    if p.contract_id is None or db.session.scalar(
            select(Contract.id).where(Contract.id == p.contract_id)) is None:
        raise Invalid(str(_l("No such contract")), field="contract_id")
    contract = _lock(p.contract_id)
    if contract.status != "active":
        raise Invalid(str(_l("The contract is not active")), field="contract_id")
    if p.amount > contract.balance:
        raise Invalid(str(_l("The payment of %(amount)s is above the balance of %(balance)s",
                             amount=f"{p.amount:,.2f}", balance=f"{contract.balance:,.2f}")),
                      field="amount", balance=str(contract.balance))
    if p.kind == "full" and p.amount != contract.balance:
        raise Invalid(str(_l("A full payment settles the balance of %(balance)s",
                             balance=f"{contract.balance:,.2f}")), field="amount")
    p.department_id = contract.department_id
    contract.received = Decimal(str(contract.received)) + p.amount


def receivables(limit: int = 500) -> list[dict]:
    """Contracts in the user's scope with a balance still to receive, oldest first."""
    today = dt.date.today()
    rows = db.session.scalars(
        select(Contract).where(Contract.status == "active", Contract.price > Contract.received)
        .order_by(Contract.signed_on, Contract.id).limit(limit)).all()
    return [{"contract_id": c.id, "contract_no": c.contract_no, "client_id": c.client_id,
             "tier": c.tier, "price": str(c.price), "received": str(c.received),
             "balance": str(c.balance), "signed_on": c.signed_on.isoformat(),
             "age_days": (today - c.signed_on).days} for c in rows]

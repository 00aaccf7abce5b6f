"""Office supplies: the stock ledger, receipts, issues (never below zero), count adjustments."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, inspect, select, update

from app.assets.models_ops import Requisition, SupplyItem, SupplyMove
from app.assets.rules import with_citation
from app.core.errors import Invalid, NotFound
from app.core.scope import scoped_get
from app.extensions import db

MAX_QUANTITY = 1_000_000


def _quantity(value, field="quantity", *, allow_zero=False) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise Invalid(str(_l("Quantity must be a whole number")), field=field) from None
    if isinstance(value, float) and value != n:
        raise Invalid(str(_l("Quantity must be a whole number")), field=field)
    if n < (0 if allow_zero else 1) or n > MAX_QUANTITY:
        raise Invalid(str(_l("Quantity must be between %(lo)s and %(hi)s",
                             lo=0 if allow_zero else 1, hi=MAX_QUANTITY)), field=field)
    return n


def validate_item(item: SupplyItem) -> None:
    if not (item.code or "").strip() or not (item.name or "").strip():
        raise Invalid(str(_l("Code and name are required")), field="code")
    state = inspect(item)
    if state.transient or state.pending:
        item.stock = _quantity(item.stock or 0, "stock", allow_zero=True)
    elif state.attrs["stock"].history.has_changes():
        raise Invalid(str(_l("Stock changes only through receipts, issues and stock-takes")),
                      field="stock")
    item.min_stock = _quantity(item.min_stock or 0, "min_stock", allow_zero=True)


def validate_requisition(r: Requisition) -> None:
    from app.assets.services import current_employee

    r.quantity = _quantity(r.quantity)
    item_id = r.item.id if inspect(r).dict.get("item") is not None else r.item_id
    if item_id is None or db.session.get(SupplyItem, item_id) is None:
        raise Invalid(str(_l("Choose an item")), field="item_id")
    state = inspect(r)
    if state.transient or state.pending:
        emp = current_employee()
        if r.employee_id is None and inspect(r).dict.get("employee") is None:
            if emp is None:
                raise Invalid(str(_l("Only employees can request supplies")),
                              field="employee_id")
            r.employee_id = emp.id
        from app.org.models import Employee

        emp_id = r.employee.id if inspect(r).dict.get("employee") is not None else r.employee_id
        requester = scoped_get(Employee, emp_id)
        if requester is None:
            raise Invalid(str(_l("Unknown employee")), field="employee_id")
        r.department_id = requester.department_id
        if r.status is None:
            r.status = "draft"


def _ledger(item_id: int, kind: str, quantity: int, balance: int, *, requisition_id=None,
            note=None, user_id=None) -> None:
    db.session.execute(insert(SupplyMove).values(
        item_id=item_id, kind=kind, quantity=quantity, balance=balance,
        requisition_id=requisition_id, note=note, created_by_id=user_id))


def _user_id():
    from app.assets.services import _user

    user = _user()
    return getattr(user, "id", None)


def take(item_id: int, quantity: int, *, requisition_id=None, note=None) -> int:
    """Take ``quantity`` out of stock in one conditional UPDATE (stock ≥ quantity), so that
    concurrent issues never take stock below zero. Returns the balance; 422 when short."""
    quantity = _quantity(quantity)
    balance = db.session.execute(
        update(SupplyItem).where(SupplyItem.id == item_id, SupplyItem.stock >= quantity)
        .values(stock=SupplyItem.stock - quantity).returning(SupplyItem.stock)
        .execution_options(synchronize_session=False)).scalar_one_or_none()
    if balance is None:
        db.session.rollback()
        with_stock = db.session.scalar(select(SupplyItem.stock).where(SupplyItem.id == item_id))
        raise Invalid(with_citation(str(_l(
            "Not enough in stock: %(stock)s left, %(asked)s asked", stock=with_stock,
            asked=quantity)), "supply.requisition"), field="quantity")
    _ledger(item_id, "out", -quantity, balance, requisition_id=requisition_id, note=note,
            user_id=_user_id())
    return balance


def receive(item_id, quantity, note=None) -> int:
    item = scoped_get(SupplyItem, item_id)
    if item is None:
        raise NotFound(str(_l("Record not found")))
    quantity = _quantity(quantity)
    balance = db.session.execute(
        update(SupplyItem).where(SupplyItem.id == item.id)
        .values(stock=SupplyItem.stock + quantity).returning(SupplyItem.stock)
        .execution_options(synchronize_session=False)).scalar_one()
    _ledger(item.id, "in", quantity, balance, note=note, user_id=_user_id())
    db.session.commit()
    return balance


def adjust(item_id, counted, note=None) -> int:
    """Supplies stock-take: the counted quantity becomes the stock; the difference is posted
    to the ledger (004: 定期對辦公用品庫存進行盤點,確保賬實相符)."""
    item = scoped_get(SupplyItem, item_id)
    if item is None:
        raise NotFound(str(_l("Record not found")))
    counted = _quantity(counted, "counted", allow_zero=True)
    if not (note or "").strip():
        raise Invalid(with_citation(str(_l("Explain the difference found by the count")),
                                    "supply.stocktake"), field="note")
    old = db.session.execute(
        update(SupplyItem).where(SupplyItem.id == item.id).values(stock=counted)
        .returning(SupplyItem.stock).execution_options(synchronize_session=False)).scalar_one()
    _ledger(item.id, "adjust", counted - (item.stock or 0), old, note=note, user_id=_user_id())
    db.session.commit()
    return counted


def reorder_query():
    return (select(SupplyItem).where(SupplyItem.stock < SupplyItem.min_stock)
            .order_by(SupplyItem.name))


def reorder_list() -> list[SupplyItem]:
    return list(db.session.scalars(reorder_query()))

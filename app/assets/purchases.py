"""Purchase requests: validation, the quotes rule, and registering what was bought."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, inspect, select

from app.assets.models import Asset, AssetCategory
from app.assets.models_purchase import PurchaseQuote, PurchaseRequest
from app.assets.rules import with_citation
from app.core.errors import Invalid
from app.core.scope import scoped_get, unscoped
from app.extensions import db

MAX_REGISTERED = 50  # assets registered from one purchase


def quotes_threshold() -> Decimal:
    return Decimal(str(current_app.config.get("ASSET_PURCHASE_QUOTES_ABOVE", "5000")))


def quotes_required() -> int:
    return int(current_app.config.get("ASSET_PURCHASE_MIN_QUOTES", 3))


def validate_request(r: PurchaseRequest) -> None:
    from app.assets.services import current_employee, money
    from app.assets.supplies import _quantity

    if not (r.item or "").strip():
        raise Invalid(str(_l("Say what is to be bought")), field="item")
    if not (r.reason or "").strip():
        raise Invalid(str(_l("A reason is required")), field="reason")
    r.quantity = _quantity(r.quantity if r.quantity is not None else 1)
    if r.unit_price is None:
        raise Invalid(str(_l("Unit price is required")), field="unit_price")
    r.unit_price = money(r.unit_price, "unit_price", _l("Unit price"))
    r.amount = r.unit_price * r.quantity
    from app.assets.budget import validate_line

    validate_line(r)
    state = inspect(r)
    if state.transient or state.pending:
        emp = current_employee()
        if r.requested_by_id is None and emp is not None:
            r.requested_by_id = emp.id
        if r.department_id is None and inspect(r).dict.get("department") is None:
            if emp is None:
                raise Invalid(str(_l("Choose a department")), field="department_id")
            r.department_id = emp.department_id
        if r.status is None:
            r.status = "draft"


def validate_quote(q: PurchaseQuote) -> None:
    from app.assets.services import money

    req_id = q.request.id if inspect(q).dict.get("request") is not None else q.request_id
    req = scoped_get(PurchaseRequest, req_id) if req_id else None
    if req is None:
        raise Invalid(str(_l("Choose a purchase request")), field="request_id")
    if req.status not in ("draft", "submitted"):
        raise Invalid(str(_l("Quotes are collected before approval")), field="request_id")
    if not (q.supplier or "").strip():
        raise Invalid(str(_l("Supplier is required")), field="supplier")
    q.amount = money(q.amount if q.amount is not None else "", "amount", _l("Amount"))


def enough_quotes(r: PurchaseRequest, ctx=None) -> None:
    """Guard: above the threshold, N quotes from different suppliers."""
    if Decimal(r.amount or 0) <= quotes_threshold():
        return
    with unscoped():
        n = db.session.scalar(select(func.count(func.distinct(PurchaseQuote.supplier)))
                              .where(PurchaseQuote.request_id == r.id))
    need = quotes_required()
    if (n or 0) < need:
        raise Invalid(with_citation(str(_l(
            "Above %(limit)s a purchase needs quotes from %(need)s suppliers (%(n)s so far)",
            limit=quotes_threshold(), need=need, n=n or 0)), "purchase.quotes"))


def register_purchase(r: PurchaseRequest, ctx) -> None:
    """Effect of ``purchase``: record the date; a fixed-asset category registers the items
    (idle until put in service)."""
    from app.assets.services import next_code

    r.purchased_on = dt.date.today()
    supplier = (ctx.data.get("supplier") or "").strip() if ctx else ""
    if supplier:
        r.supplier = supplier
    if r.category_id is None:
        return
    cat = db.session.get(AssetCategory, r.category_id)
    if r.quantity > MAX_REGISTERED:
        raise Invalid(str(_l("Register at most %(n)s assets from one purchase",
                             n=MAX_REGISTERED)), field="quantity")
    for _ in range(r.quantity):
        db.session.add(Asset(
            code=next_code(cat), name=r.item, category_id=cat.id, department_id=r.department_id,
            supplier=r.supplier, purchase_date=r.purchased_on, cost=r.unit_price,
            salvage_value=Decimal("0.00"), useful_life_months=cat.default_life_months,
            depreciation_method=cat.default_method, status="idle",
            notes=str(_l("Bought by purchase request #%(id)s", id=r.id))))

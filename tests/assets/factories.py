"""Asset factories: one fresh row per call, unique codes."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from app.assets.models import Asset, AssetCategory
from app.assets.models_ops import SupplyItem
from app.extensions import db
from tests import factories


def category(code: str = "TST") -> AssetCategory:
    cat = db.session.scalar(select(AssetCategory).where(AssetCategory.code == code))
    if cat is None:
        cat = AssetCategory(code=code, name=f"測試類別{code}", default_life_months=60,
                            default_method="straight_line", next_seq=1)
        db.session.add(cat)
        db.session.commit()
    return cat


def make_asset(dept_code: str = "TH-MM", custodian: str | None = "th_mm1", *,
               commit: bool = True, **kw) -> Asset:
    n = factories.nextval()
    cat = kw.pop("category", None) or category()
    in_service = kw.pop("in_service_date", dt.date.today() - dt.timedelta(days=200))
    a = Asset(code=kw.pop("code", f"T-{n:07d}"), name=kw.pop("name", f"測試設備{n}"),
              category_id=cat.id, department_id=factories.department(dept_code).id,
              custodian_id=factories.employee_of(custodian).id if custodian else None,
              cost=Decimal(kw.pop("cost", "12000.00")),
              salvage_value=Decimal(kw.pop("salvage_value", "600.00")),
              useful_life_months=kw.pop("useful_life_months", 60),
              depreciation_method=kw.pop("depreciation_method", "straight_line"),
              purchase_date=kw.pop("purchase_date", in_service - dt.timedelta(days=3)),
              in_service_date=in_service, status=kw.pop("status", "in_use"), **kw)
    db.session.add(a)
    if commit:
        db.session.commit()
    return a


def make_item(stock: int = 5, min_stock: int = 2) -> SupplyItem:
    n = factories.nextval()
    item = SupplyItem(code=f"TS-{n:07d}", name=f"測試用品{n}", unit="個", stock=stock,
                      min_stock=min_stock)
    db.session.add(item)
    db.session.commit()
    return item

"""Assets demo data for every profile: categories, ~20 assets with realistic Chinese names spread
over the profile's departments (both stores of the matchmaking demo), a stock-take, a disposal
request, a device signed out, office supplies and requisitions. Idempotent (natural keys)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from app.assets import depreciation as dep
from app.assets.models import Asset, AssetCategory, AssetLoan
from app.assets.models_ops import Disposal, Requisition, Stocktake, SupplyItem, SupplyMove
from app.core.models import utcnow
from app.extensions import db

CATEGORIES = [  # code, name, kind, default life (months), default method
    ("IT", "電腦及網絡設備", "fixed", 36, dep.STRAIGHT_LINE),
    ("OF", "辦公家具", "fixed", 60, dep.STRAIGHT_LINE),
    ("EQ", "服務及專業設備", "fixed", 60, dep.DOUBLE_DECLINING),
    ("AV", "影音及會議設備", "fixed", 48, dep.SUM_OF_YEARS),
    ("VH", "車輛", "fixed", 48, dep.STRAIGHT_LINE),
]
# name, category, cost, salvage, life, method, months in service, supplier, maintenance days
ASSETS = [
    ("聯想 ThinkPad E14 筆記本電腦", "IT", "5999.00", "300.00", 36, None, 14, "京東企業購", None),
    ("戴爾 OptiPlex 台式電腦", "IT", "4299.00", "200.00", 36, None, 26, "戴爾廣州代理", None),
    ("惠普 LaserJet 激光打印機", "IT", "2380.00", "100.00", 36, None, 8, "蘇寧易購", 90),
    ("華為 AR 企業路由器", "IT", "1699.00", "0.00", 36, None, 30, "華為授權商", 180),
    ("實木會客沙發組合", "OF", "8600.00", "430.00", 60, None, 20, "廣州家私城", None),
    ("接待前台", "OF", "6800.00", "340.00", 60, None, 40, "廣州家私城", None),
    ("文件櫃（四門）", "OF", "1280.00", "64.00", 60, None, 10, "得力辦公", None),
    ("會議桌（12 人）", "OF", "4500.00", "225.00", 60, None, 33, "廣州家私城", None),
    ("投影儀 愛普生 CB-X06", "AV", "3599.00", "180.00", 48, None, 18, "蘇寧易購", 120),
    ("視頻會議終端", "AV", "7800.00", "390.00", 48, None, 5, "華為授權商", 180),
    ("單反相機 佳能 EOS 90D", "AV", "8999.00", "450.00", 48, None, 28, "佳能專賣店", None),
    ("商務車 別克 GL8", "VH", "268000.00", "13400.00", 48, None, 22, "廣州別克4S店", 90),
    ("空氣淨化器", "EQ", "3299.00", "160.00", 60, None, 12, "小米之家", 30),
    ("中央空調室內機", "EQ", "12800.00", "640.00", 120, dep.STRAIGHT_LINE, 45, "格力專賣", 90),
]
POSTPARTUM_EQUIPMENT = [
    ("產后盆底肌修復儀", "EQ", "68000.00", "3400.00", 60, None, 16, "醫療器械公司", 30),
    ("腹直肌分離治療儀", "EQ", "42000.00", "2100.00", 60, None, 9, "醫療器械公司", 30),
    ("紫外線消毒櫃", "EQ", "3800.00", "190.00", 60, None, 24, "美的專賣", 7),
]
SUPPLIES = [  # code, name, unit, stock, min stock
    ("S-A4", "A4 複印紙", "箱", 18, 10), ("S-PEN", "黑色簽字筆", "盒", 6, 10),
    ("S-FOLDER", "文件夾", "個", 120, 30), ("S-INK", "打印機硒鼓", "個", 3, 4),
    ("S-TAPE", "透明膠帶", "卷", 40, 10), ("S-DISINF", "消毒液（500ml）", "瓶", 25, 20),
]


def _category_map() -> dict[str, AssetCategory]:
    cats = {c.code: c for c in db.session.scalars(select(AssetCategory))}
    for code, name, kind, life, method in CATEGORIES:
        if code not in cats:
            cats[code] = AssetCategory(code=code, name=name, kind=kind,
                                       default_life_months=life, default_method=method,
                                       next_seq=1)
            db.session.add(cats[code])
    db.session.flush()
    return cats


def _holders(people: dict) -> list:
    """People who hold assets: staff and heads first, spread over the departments."""
    skip = {"admin", "auditor"}
    return [e for u, e in people.items() if u not in skip] or list(people.values())


def seed(profile: str, people: dict, clients: int = 0) -> list[str]:
    cats = _category_map()
    prefix = {"matchmaking": "M", "postpartum": "P", "realestate": "R", "agency": "A"}[profile]
    templates = ASSETS + (POSTPARTUM_EQUIPMENT if profile == "postpartum" else [])
    holders = _holders(people)
    today = dt.date.today()
    existing = set(db.session.scalars(select(Asset.code)))
    new_assets = []
    for i, (name, cat, cost, salvage, life, method, months, supplier, maint) in enumerate(
            templates, start=1):
        code = f"{cat}-{prefix}{i:04d}"
        if code in existing:
            continue
        holder = holders[i % len(holders)]
        in_service = dep.add_months(dep.month_start(today), -months) + dt.timedelta(days=9)
        new_assets.append(Asset(
            code=code, name=name, category_id=cats[cat].id, department_id=holder.department_id,
            custodian_id=holder.id, location=f"{holder.department.name}辦公區"
            if holder.department is not None else None, supplier=supplier,
            purchase_date=in_service - dt.timedelta(days=5), cost=Decimal(cost),
            salvage_value=Decimal(salvage), useful_life_months=life,
            depreciation_method=method or cats[cat].default_method, in_service_date=in_service,
            status="in_use", maintenance_interval_days=maint,
            last_maintained_on=(today - dt.timedelta(days=maint + 3)) if maint else None,
            next_maintenance_due=(today - dt.timedelta(days=3)) if maint else None))
    db.session.add_all(new_assets)
    db.session.flush()
    for cat in cats.values():  # keep generated codes clear of the seeded ones
        cat.next_seq = max(cat.next_seq or 1, 1000)
    assets = list(db.session.scalars(select(Asset).where(Asset.code.like(f"%-{prefix}%"))
                                     .order_by(Asset.id)))
    _supplies(people, prefix)
    _operations(profile, prefix, assets, holders)
    db.session.commit()
    return [f"assets: {len(assets)} assets, {len(SUPPLIES)} supply items"]


def _supplies(people, prefix) -> None:
    have = {i.code: i for i in db.session.scalars(select(SupplyItem))}
    for code, name, unit, stock, min_stock in SUPPLIES:
        if code in have:
            continue
        item = SupplyItem(code=code, name=name, unit=unit, stock=stock, min_stock=min_stock,
                          location="行政部倉庫")
        db.session.add(item)
        db.session.flush()
        db.session.add(SupplyMove(item_id=item.id, kind="in", quantity=stock, balance=stock,
                                  note="期初庫存"))
        have[code] = item
    if db.session.scalar(select(func.count(Requisition.id))):
        return
    staff = [e for u, e in people.items() if u not in ("admin", "auditor", "boss")]
    wants = [("S-A4", 2, "submitted", "月度用量"), ("S-PEN", 1, "draft", "新員工入職"),
             ("S-FOLDER", 10, "approved", "客戶檔案整理"), ("S-TAPE", 3, "submitted", "活動布置")]
    for emp, (code, qty, status, reason) in zip(staff[::2], wants, strict=False):
        db.session.add(Requisition(employee_id=emp.id, department_id=emp.department_id,
                                   item_id=have[code].id, quantity=qty, status=status,
                                   reason=reason))


def _operations(profile, prefix, assets, holders) -> None:
    if not assets:
        return
    name = f"{dt.date.today():%Y}年度資產盤點（{prefix}）"
    if db.session.scalar(select(func.count(Stocktake.id)).where(Stocktake.name == name)):
        return
    depts = []
    for a in assets:
        if a.department_id not in depts:
            depts.append(a.department_id)
    for dept_id in depts[:2]:
        db.session.add(Stocktake(name=f"{name}-{dept_id}" if dept_id != depts[0] else name,
                                 department_id=dept_id, planned_on=dt.date.today(),
                                 status="draft"))
    from app.assets.models_purchase import PurchaseQuote, PurchaseRequest

    buyer = holders[0]
    req = PurchaseRequest(department_id=buyer.department_id, requested_by_id=buyer.id,
                          item="激光打印機（A3 彩色）", quantity=1, unit_price=Decimal("6800.00"),
                          amount=Decimal("6800.00"), reason="原打印機故障頻繁，影響合同打印",
                          category_id=assets[2].category_id, status="draft")
    db.session.add(req)
    db.session.flush()
    for supplier, amount in (("京東企業購", "6800.00"), ("蘇寧易購", "6950.00")):
        db.session.add(PurchaseQuote(request_id=req.id, supplier=supplier,
                                     amount=Decimal(amount)))
    old = assets[1]
    db.session.add(Disposal(asset_id=old.id, department_id=old.department_id,
                            reason="主板老化，維修費用高於殘值，申請報廢。", method="scrap",
                            proceeds=Decimal("150.00"), status="submitted",
                            requested_by_id=old.custodian_id))
    laptop = assets[0]
    if laptop.custodian_id is not None:
        db.session.add(AssetLoan(asset_id=assets[8 % len(assets)].id,
                                 employee_id=laptop.custodian_id,
                                 department_id=assets[8 % len(assets)].department_id,
                                 start_at=utcnow() - dt.timedelta(hours=3),
                                 due_at=utcnow() + dt.timedelta(days=1),
                                 purpose="客戶見面會投影"))

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
from app.core.scripts import variants
from app.extensions import db

CATEGORIES = [  # code, name, kind, default life (months), default method
    ("IT", "电脑及网络设备", "fixed", 36, dep.STRAIGHT_LINE),
    ("OF", "办公家具", "fixed", 60, dep.STRAIGHT_LINE),
    ("EQ", "服务及专业设备", "fixed", 60, dep.DOUBLE_DECLINING),
    ("AV", "影音及会议设备", "fixed", 48, dep.SUM_OF_YEARS),
    ("VH", "车辆", "fixed", 48, dep.STRAIGHT_LINE),
]
# name, category, cost, salvage, life, method, months in service, supplier, maintenance days
ASSETS = [
    ("联想 ThinkPad E14 笔记本电脑", "IT", "5999.00", "300.00", 36, None, 14, "京东企业购", None),
    ("戴尔 OptiPlex 台式电脑", "IT", "4299.00", "200.00", 36, None, 26, "戴尔广州代理", None),
    ("惠普 LaserJet 激光打印机", "IT", "2380.00", "100.00", 36, None, 8, "苏宁易购", 90),
    ("华为 AR 企业路由器", "IT", "1699.00", "0.00", 36, None, 30, "华为授权商", 180),
    ("实木会客沙发组合", "OF", "8600.00", "430.00", 60, None, 20, "广州家私城", None),
    ("接待前台", "OF", "6800.00", "340.00", 60, None, 40, "广州家私城", None),
    ("文件柜（四门）", "OF", "1280.00", "64.00", 60, None, 10, "得力办公", None),
    ("会议桌（12 人）", "OF", "4500.00", "225.00", 60, None, 33, "广州家私城", None),
    ("投影仪 爱普生 CB-X06", "AV", "3599.00", "180.00", 48, None, 18, "苏宁易购", 120),
    ("视频会议终端", "AV", "7800.00", "390.00", 48, None, 5, "华为授权商", 180),
    ("单反相机 佳能 EOS 90D", "AV", "8999.00", "450.00", 48, None, 28, "佳能专卖店", None),
    ("商务车 别克 GL8", "VH", "268000.00", "13400.00", 48, None, 22, "广州别克4S店", 90),
    ("空气净化器", "EQ", "3299.00", "160.00", 60, None, 12, "小米之家", 30),
    ("中央空调室内机", "EQ", "12800.00", "640.00", 120, dep.STRAIGHT_LINE, 45, "格力专卖", 90),
]
POSTPARTUM_EQUIPMENT = [
    ("产后盆底肌修复仪", "EQ", "68000.00", "3400.00", 60, None, 16, "医疗器械公司", 30),
    ("腹直肌分离治疗仪", "EQ", "42000.00", "2100.00", 60, None, 9, "医疗器械公司", 30),
    ("紫外线消毒柜", "EQ", "3800.00", "190.00", 60, None, 24, "美的专卖", 7),
]
SUPPLIES = [  # code, name, unit, stock, min stock
    ("S-A4", "A4 复印纸", "箱", 18, 10), ("S-PEN", "黑色签字笔", "盒", 6, 10),
    ("S-FOLDER", "文件夹", "个", 120, 30), ("S-INK", "打印机硒鼓", "个", 3, 4),
    ("S-TAPE", "透明胶带", "卷", 40, 10), ("S-DISINF", "消毒液（500ml）", "瓶", 25, 20),
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
            custodian_id=holder.id, location=f"{holder.department.name}办公区"
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
                          location="行政部仓库")
        db.session.add(item)
        db.session.flush()
        db.session.add(SupplyMove(item_id=item.id, kind="in", quantity=stock, balance=stock,
                                  note="期初库存"))
        have[code] = item
    if db.session.scalar(select(func.count(Requisition.id))):
        return
    staff = [e for u, e in people.items() if u not in ("admin", "auditor", "boss")]
    wants = [("S-A4", 2, "submitted", "月度用量"), ("S-PEN", 1, "draft", "新员工入职"),
             ("S-FOLDER", 10, "approved", "客户档案整理"), ("S-TAPE", 3, "submitted", "活动布置")]
    for emp, (code, qty, status, reason) in zip(staff[::2], wants, strict=False):
        db.session.add(Requisition(employee_id=emp.id, department_id=emp.department_id,
                                   item_id=have[code].id, quantity=qty, status=status,
                                   reason=reason))


def _operations(profile, prefix, assets, holders) -> None:
    if not assets:
        return
    name = f"{dt.date.today():%Y}年度资产盘点（{prefix}）"
    same_name = Stocktake.name.in_(variants(name))  # seeded in either script
    if db.session.scalar(select(func.count(Stocktake.id)).where(same_name)):
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
                          item="激光打印机（A3 彩色）", quantity=1, unit_price=Decimal("6800.00"),
                          amount=Decimal("6800.00"), reason="原打印机故障频繁，影响合同打印",
                          category_id=assets[2].category_id, status="draft")
    db.session.add(req)
    db.session.flush()
    for supplier, amount in (("京东企业购", "6800.00"), ("苏宁易购", "6950.00")):
        db.session.add(PurchaseQuote(request_id=req.id, supplier=supplier,
                                     amount=Decimal(amount)))
    old = assets[1]
    db.session.add(Disposal(asset_id=old.id, department_id=old.department_id,
                            reason="主板老化，维修费用高于残值，申请报废。", method="scrap",
                            proceeds=Decimal("150.00"), status="submitted",
                            requested_by_id=old.custodian_id))
    laptop = assets[0]
    if laptop.custodian_id is not None:
        db.session.add(AssetLoan(asset_id=assets[8 % len(assets)].id,
                                 employee_id=laptop.custodian_id,
                                 department_id=assets[8 % len(assets)].department_id,
                                 start_at=utcnow() - dt.timedelta(hours=3),
                                 due_at=utcnow() + dt.timedelta(days=1),
                                 purpose="客户见面会投影"))

"""Asset figures of the caller's scope: value by department and category (cost, posted
depreciation, net), depreciation per month, stock-take results. SQL aggregates only."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from app.assets.models import ACTIVE_STATES, Asset, AssetCategory, DepreciationEntry
from app.assets.models_ops import Stocktake, StocktakeLine
from app.extensions import db
from app.org.models import Department


def _money(v) -> str:
    return f"{Decimal(v or 0):.2f}"


def value_by(group: str) -> list[dict]:
    """Active assets per department (``group="department"``) or category: count, cost, posted
    depreciation, net book value (cost − posted)."""
    col, label_model = ((Asset.department_id, Department) if group == "department"
                        else (Asset.category_id, AssetCategory))
    posted = (select(DepreciationEntry.asset_id,
                     func.sum(DepreciationEntry.amount).label("dep"))
              .group_by(DepreciationEntry.asset_id).subquery())
    rows = db.session.execute(
        select(col, func.count(Asset.id), func.sum(Asset.cost),
               func.sum(func.coalesce(posted.c.dep, 0)))
        .outerjoin(posted, posted.c.asset_id == Asset.id)
        .where(Asset.status.in_(ACTIVE_STATES))
        .group_by(col).order_by(col)).all()
    names = dict(db.session.execute(select(label_model.id, label_model.name)).all())
    return [{"id": key, "name": names.get(key, str(key)), "assets": n, "cost": _money(cost),
             "depreciation": _money(dep), "net": _money((cost or 0) - (dep or 0))}
            for key, n, cost, dep in rows]


def depreciation_by_month(start: dt.date, end: dt.date) -> list[dict]:
    rows = db.session.execute(
        select(DepreciationEntry.month, func.sum(DepreciationEntry.amount),
               func.count(DepreciationEntry.id))
        .where(DepreciationEntry.month >= start, DepreciationEntry.month <= end)
        .group_by(DepreciationEntry.month).order_by(DepreciationEntry.month)).all()
    return [{"month": f"{m:%Y-%m}", "amount": _money(a), "assets": n} for m, a, n in rows]


def stocktake_results(limit: int = 20) -> list[dict]:
    takes = db.session.execute(select(Stocktake.id, Stocktake.name, Stocktake.status)
                               .order_by(Stocktake.id.desc()).limit(limit)).all()
    ids = [t[0] for t in takes]
    counts: dict[int, dict] = {i: {} for i in ids}
    if ids:
        for sid, result, n in db.session.execute(
                select(StocktakeLine.stocktake_id, StocktakeLine.result, func.count())
                .where(StocktakeLine.stocktake_id.in_(ids))
                .group_by(StocktakeLine.stocktake_id, StocktakeLine.result)):
            counts[sid][result or "uncounted"] = n
    return [{"id": i, "name": name, "status": status, "results": counts[i]}
            for i, name, status in takes]


def figures(start: dt.date, end: dt.date) -> dict:
    return {"by_department": value_by("department"), "by_category": value_by("category"),
            "depreciation_by_month": depreciation_by_month(start, end),
            "stocktakes": stocktake_results()}

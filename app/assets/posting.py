"""The monthly depreciation posting (cron-safe, any server, any number of times).

For one month, every asset that depreciates in it gets one ``depreciation_entry`` row. Rows are
written in batches, one INSERT … ON CONFLICT DO NOTHING statement per batch on the unique
(asset_id, month): a second run, or a run on another server at the same time, adds nothing.
Assets already posted for the month are skipped in the query itself, so a second run reads
almost nothing. From the CLI (``show_progress``) a bar counts the assets read with their rate and
the entries posted (app/core/progress.py: quiet under CI or off a terminal).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, insert, not_, or_, select

from app.assets import depreciation as dep
from app.assets.models import Asset, DepreciationEntry
from app.core.models import utcnow
from app.extensions import db

BATCH = 5000


def _insert():
    """INSERT … ON CONFLICT (asset_id, month) DO NOTHING RETURNING id. Executed with a batch
    of parameter sets, SQLAlchemy sends it as multi-row VALUES statements (insertmanyvalues),
    not one statement per row; RETURNING counts only the rows actually added."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover
        return insert(DepreciationEntry).returning(DepreciationEntry.id)
    return (dialect_insert(DepreciationEntry)
            .on_conflict_do_nothing(index_elements=["asset_id", "month"])
            .returning(DepreciationEntry.id))


def previous_month(today: dt.date | None = None) -> dt.date:
    return dep.add_months(dep.month_start(today or dt.date.today()), -1)


class _NoBar:
    def update(self, n=1):
        pass

    def set_postfix_str(self, s=""):
        pass

    def close(self):
        pass


def _bar(show: bool, where, month: dt.date):
    """A progress bar over the assets the posting will read (counted only when shown)."""
    from app.core.progress import progress, quiet

    if not show or quiet():
        return _NoBar()
    total = db.session.scalar(select(func.count(Asset.id)).where(*where))
    return progress(total, str(_l("Depreciation posting %(month)s", month=f"{month:%Y-%m}")),
                    unit=str(_l("assets")))


def post_month(month: dt.date, *, batch: int = BATCH, show_progress: bool = False) -> dict:
    """Post ``month`` (any day of it). Returns {"month", "assets", "posted", "amount"}.
    ``show_progress``: a bar on the terminal (the CLI)."""
    month = dep.month_start(month)
    already = exists().where(and_(DepreciationEntry.asset_id == Asset.id,
                                  DepreciationEntry.month == month))
    cols = (Asset.id, Asset.department_id, Asset.category_id, Asset.cost, Asset.salvage_value,
            Asset.useful_life_months, Asset.depreciation_method, Asset.in_service_date)
    where = [Asset.in_service_date.is_not(None), Asset.in_service_date < month,
             Asset.archived_at.is_(None),
             or_(Asset.disposed_on.is_(None), Asset.disposed_on >= month),
             not_(already)]
    last_id, seen, posted, total = 0, 0, 0, Decimal(0)
    now = utcnow()
    bar = _bar(show_progress, where, month)
    try:
        while True:
            chunk = db.session.execute(
                select(*cols).where(Asset.id > last_id, *where).order_by(Asset.id).limit(batch)
            ).all()
            if not chunk:
                break
            last_id = chunk[-1][0]
            rows = _entries(chunk, month, now)
            seen += len(chunk)
            if rows:
                added = db.session.connection().execute(_insert(), rows).all()
                posted += len(added)
                total += sum(r["amount"] for r in rows)
            db.session.commit()
            bar.update(len(chunk))
            bar.set_postfix_str(str(_l("%(n)s posted", n=f"{posted:,}")))
    finally:
        bar.close()
    return {"month": f"{month:%Y-%m}", "assets": seen, "posted": posted, "amount": str(total)}


def _entries(chunk, month: dt.date, now) -> list[dict]:
    """The depreciation rows of a batch of assets for ``month`` (integer cents)."""
    rows = []
    for aid, dept_id, cat_id, cost, salvage, life, method, in_service in chunk:
        k = dep.month_index(in_service, month)
        if k < 1 or k > life or dep.check(cost, salvage, life, method):
            continue
        cost_c, salvage_c = dep._cents(cost), dep._cents(salvage)
        acc = dep.accumulated_cents(cost_c, salvage_c, life, method, k)
        amount = acc - dep.accumulated_cents(cost_c, salvage_c, life, method, k - 1)
        rows.append({"asset_id": aid, "month": month, "department_id": dept_id,
                     "category_id": cat_id, "amount": Decimal(amount).scaleb(-2),
                     "accumulated": Decimal(acc).scaleb(-2),
                     "book_value": Decimal(cost_c - acc).scaleb(-2), "posted_at": now})
    return rows


def totals_by_department(month: dt.date) -> list[tuple[int, Decimal]]:
    """Posted depreciation of a month per department (finance figures), in the caller's
    scope."""
    month = dep.month_start(month)
    return list(db.session.execute(
        select(DepreciationEntry.department_id, func.sum(DepreciationEntry.amount))
        .where(DepreciationEntry.month == month)
        .group_by(DepreciationEntry.department_id)
        .order_by(DepreciationEntry.department_id)).all())

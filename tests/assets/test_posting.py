"""The monthly posting job: once per asset and month, any number of runs, disposal stops it."""
import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from app.assets import depreciation as dep
from app.assets.models import DepreciationEntry
from app.assets.posting import post_month, totals_by_department
from app.extensions import db
from tests.assets.factories import make_asset


def _entries(asset_id):
    return db.session.execute(
        select(DepreciationEntry.month, DepreciationEntry.amount, DepreciationEntry.book_value,
               DepreciationEntry.department_id)
        .where(DepreciationEntry.asset_id == asset_id).order_by(DepreciationEntry.month)).all()


def test_cli_posts_once_and_matches_the_schedule(app):
    with app.app_context():
        a = make_asset(cost="3600.00", salvage_value="0.00", useful_life_months=36,
                       in_service_date=dt.date(2031, 3, 20))
        pk, dept = a.id, a.department_id
    runner = app.test_cli_runner()
    r = runner.invoke(args=["assets", "post-depreciation", "--month", "2031-03"])
    assert r.exit_code == 0, r.output
    with app.app_context():
        assert _entries(pk) == []  # the in-service month itself is not depreciated
    for _ in range(2):
        r = runner.invoke(args=["assets", "post-depreciation", "--month", "2031-04"])
        assert r.exit_code == 0, r.output
    assert "0 entries posted" in r.output  # the second run is a no-op
    with app.app_context():
        rows = _entries(pk)
        assert rows == [(dt.date(2031, 4, 1), Decimal("100.00"), Decimal("3500.00"), dept)]
        assert db.session.scalar(select(func.count()).select_from(DepreciationEntry).where(
            DepreciationEntry.asset_id == pk)) == 1
        dept_total = dict(totals_by_department(dt.date(2031, 4, 1)))
        assert dept_total[dept] >= Decimal("100.00")
    r = runner.invoke(args=["assets", "post-depreciation", "--month", "2031-13"])
    assert r.exit_code != 0


def test_posting_every_month_adds_up_to_the_schedule(app):
    with app.app_context():
        a = make_asset(cost="1000.00", salvage_value="100.00", useful_life_months=24,
                       depreciation_method="double_declining",
                       in_service_date=dt.date(2033, 1, 1))
        pk = a.id
        month = dt.date(2033, 1, 1)
        for _ in range(30):
            post_month(month)
            month = dep.add_months(month, 1)
        rows = _entries(pk)
        assert len(rows) == 24
        assert sum(r[1] for r in rows) == Decimal("900.00")
        assert [r[1] for r in rows] == [s.amount for s in a.schedule()]


def test_disposed_asset_stops_after_its_disposal_month(app):
    with app.app_context():
        # (a row starts in any state; on a live row only a transition moves it)
        a = make_asset(cost="1200.00", salvage_value="0.00", useful_life_months=12,
                       in_service_date=dt.date(2035, 1, 5), status="disposed",
                       disposed_on=dt.date(2035, 4, 18))
        pk = a.id
        month = dt.date(2035, 2, 1)
        for _ in range(6):
            post_month(month)
            month = dep.add_months(month, 1)
        assert [r[0].month for r in _entries(pk)] == [2, 3, 4]


def test_cli_progress_bar_counts_assets_with_rate_and_posted(app, monkeypatch):
    """On a terminal the posting shows a bar (app/core/progress.py): assets read of the
    total, the rate and the entries posted; quiet otherwise (CI, cron, pipes)."""
    from app.core import progress

    with app.app_context():
        make_asset(cost="1200.00", salvage_value="0.00", useful_life_months=12,
                   in_service_date=dt.date(2032, 1, 10))
    runner = app.test_cli_runner()
    monkeypatch.setattr(progress, "quiet", lambda: False)
    r = runner.invoke(args=["assets", "post-depreciation", "--month", "2032-02"])
    assert r.exit_code == 0, r.output
    bar = r.stderr
    assert "2032-02" in bar and "/s" in bar, bar           # the month and the rate
    total = bar.split("|")[-1].split()[0]                   # "n/total"
    done, of = total.split("/")
    assert done == of and float(of) >= 1, bar
    assert "posted" in bar or "已过账" in bar or "已過賬" in bar, bar
    monkeypatch.setattr(progress, "quiet", lambda: True)
    r = runner.invoke(args=["assets", "post-depreciation", "--month", "2032-02"])
    assert r.exit_code == 0 and r.stderr == "" and "0 entries posted" in r.output

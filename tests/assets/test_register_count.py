"""The register's count (app/assets/interface.py): exact up to the numbered pages (2,500
rows), the planner's estimate above them on PostgreSQL (shown with ≈): an exact count of a
custodian's thousands of items is a bitmap heap scan the page cannot afford."""
from app.assets.interface import AssetInterface


def test_small_registers_are_counted_exactly(client_as):
    for user in ("hr", "th_mm1"):
        r = client_as(user).get("/assetview/list/")
        assert r.status_code == 200
        assert "≈" not in r.get_data(as_text=True)


def test_above_the_numbered_pages_the_estimate_is_shown(client_as, monkeypatch, is_postgres):
    monkeypatch.setattr(AssetInterface, "exact_count_up_to", 0)
    html = client_as("hr").get("/assetview/list/").get_data(as_text=True)
    assert ("≈" in html) is is_postgres  # SQLite has no planner estimate: always exact

"""Figures in the caller's scope; every assets rule is registered with its clause and proven
by a marked test; the sign-out form is refused by the database constraint too."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.assets.models import AssetLoan
from app.assets.posting import post_month
from app.extensions import db
from tests import factories
from tests.assets.factories import make_asset


def test_figures_by_department_and_month(app, api_as):
    with app.app_context():
        a = make_asset("YX-MM", "yx_mm1", cost="2400.00", salvage_value="0.00",
                       useful_life_months=24, in_service_date=dt.date(2026, 1, 10))
        post_month(dt.date(2026, 2, 1))
        dept = a.department_id
    r = api_as("finance").get("/api/v1/asset/figures?start=2026-01&end=2026-03")
    assert r.status_code == 200, r.json
    result = r.json["result"]
    row = next(d for d in result["by_department"] if d["id"] == dept)
    assert row["assets"] >= 1 and float(row["depreciation"]) >= 100.0
    assert any(m["month"] == "2026-02" for m in result["depreciation_by_month"])
    # a store manager's figures stop at the store
    other = api_as("th_manager").get("/api/v1/asset/figures").json["result"]
    assert dept not in [d["id"] for d in other["by_department"]]
    assert api_as("finance").get("/api/v1/asset/figures?start=bad").status_code == 422


def test_every_rule_registered_with_clause_and_test(app):
    from pathlib import Path

    from app.core.rules import BOOKS, RULES, tests_of

    codes = [c for c in RULES if c.startswith(("asset.", "supply."))]
    assert len(codes) >= 8
    root = Path(__file__).resolve().parents[3] / "shared" / "rulebooks"
    assert [c for c in codes if not tests_of(c)] == []
    if not root.is_dir():
        pytest.skip("shared/rulebooks/ is not next to the checkout")
    for code in codes:
        rule = RULES[code]
        text = (root / BOOKS[rule.book][0]).read_text(encoding="utf-8")
        assert rule.clause in text, code  # quoted verbatim


def test_sign_out_form_refused_when_out(app, client_as):
    with app.app_context():
        a = make_asset("TH-MM", "th_mm_head", name="會議室投影儀")
        emp = factories.employee_of("th_mm1").id
        pk = a.id
    c = client_as("th_mm_head")
    for _ in range(2):
        c.post("/assetloanview/add", data={"asset": pk, "employee": emp, "purpose": "培訓"})
    with app.app_context():
        loans = db.session.scalars(select(AssetLoan).where(AssetLoan.asset_id == pk)).all()
        assert len(loans) == 1


@pytest.mark.rule("asset.disposal_approved.002")
def test_refusals_quote_the_running_profiles_book(app, monkeypatch):
    """A rule several books state is quoted from the profile's own book (postpartum: 002)."""
    from app.assets.rules import with_citation

    with app.test_request_context("/"):
        assert "代理公司運營管理制度" in with_citation("x", "asset.disposal_approved")
        monkeypatch.setitem(app.config, "PROFILE", "postpartum")
        text = with_citation("x", "asset.disposal_approved")
        assert "產後修復中心管理制度" in text and "處置等" in text
        # no variant for the book: the rule's own clause
        assert "代理公司" in with_citation("x", "asset.sign_out_registered")

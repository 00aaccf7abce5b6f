"""The asset register through REST: codes per category, bad input (422), scope, the schedule
endpoint, book value, moves as records, soft delete."""
import datetime as dt

import pytest

from app.assets.models import Asset, AssetMove
from app.extensions import db
from tests import factories
from tests.assets.factories import category, make_asset


def _payload(app, **kw):
    with app.app_context():
        body = {"name": "聯想筆記本電腦", "category_id": category("RG").id,
                "department_id": factories.department("TH-MM").id,
                "custodian_id": factories.employee_of("th_mm1").id, "location": "天河店二樓",
                "purchase_date": "2026-01-05", "cost": "6000.00", "salvage_value": "300.00",
                "useful_life_months": 36, "depreciation_method": "straight_line",
                "in_service_date": "2026-01-10", "supplier": "京东企业购"}
    body.update(kw)
    return body


@pytest.mark.rule("asset.register")
def test_owner_registers_codes_follow_the_category(app, api_as):
    api = api_as("hr")
    r1 = api.post("/api/v1/asset/", json=_payload(app))
    r2 = api.post("/api/v1/asset/", json=_payload(app, name="戴爾顯示器"))
    assert r1.status_code == 201 and r2.status_code == 201, (r1.json, r2.json)
    with app.app_context():
        a1, a2 = db.session.get(Asset, r1.json["id"]), db.session.get(Asset, r2.json["id"])
        assert a1.code.startswith("RG-") and a2.code.startswith("RG-")
        assert int(a2.code[3:]) == int(a1.code[3:]) + 1
        assert a1.status == "in_use"
    got = api.get(f"/api/v1/asset/{r1.json['id']}").json["result"]
    assert got["book_value"] is not None and float(got["book_value"]) < 6000
    # the state is not writable: only transitions move it
    r = api.put(f"/api/v1/asset/{r1.json['id']}", json={"status": "disposed"})
    assert r.status_code in (400, 422)


@pytest.mark.rule("asset.depreciation")
@pytest.mark.parametrize("change,field", [
    ({"salvage_value": "7000.00"}, "salvage_value"),
    ({"useful_life_months": 0}, "useful_life_months"),
    ({"useful_life_months": -12}, "useful_life_months"),
    ({"in_service_date": "2025-12-31"}, "in_service_date"),
    ({"depreciation_method": "double_declining", "useful_life_months": 30},
     "useful_life_months"),
    ({"cost": "-1"}, "cost"),
    ({"cost": "abc"}, "cost"),
])
def test_bad_input_is_a_clear_422_and_nothing_written(app, api_as, change, field):
    with app.app_context():
        before = db.session.query(Asset).count()
    r = api_as("hr").post("/api/v1/asset/", json=_payload(app, **change))
    assert r.status_code in (400, 422), r.json
    assert field in str(r.json)
    with app.app_context():
        assert db.session.query(Asset).count() == before


def test_salvage_above_cost_message_cites_the_rule(app, api_as):
    r = api_as("hr").post("/api/v1/asset/", json=_payload(app, salvage_value="9999"))
    assert r.status_code == 422
    assert "依據《" in r.json["message"]


def test_scope_custodian_head_owner_and_other_store(app, api_as):
    with app.app_context():
        pk = make_asset("TH-MM", "th_mm1").id
        other = make_asset("TH-MM", "th_mm2").id
    assert api_as("th_mm1").get(f"/api/v1/asset/{pk}").status_code == 200
    assert api_as("th_mm1").get(f"/api/v1/asset/{other}").status_code == 404  # not custodian
    assert api_as("th_mm_head").get(f"/api/v1/asset/{other}").status_code == 200
    assert api_as("th_manager").get(f"/api/v1/asset/{other}").status_code == 200
    assert api_as("yx_manager").get(f"/api/v1/asset/{pk}").status_code == 404
    assert api_as("finance").get(f"/api/v1/asset/{pk}").status_code == 200
    assert api_as(None).get(f"/api/v1/asset/{pk}").status_code == 401
    # a staff member may not register assets
    assert api_as("th_mm1").post("/api/v1/asset/", json=_payload(app)).status_code == 403
    # the schedule follows the same scope
    assert api_as("yx_manager").get(f"/api/v1/asset/{pk}/depreciation").status_code == 404


def test_schedule_endpoint(app, api_as):
    with app.app_context():
        pk = make_asset(cost="10000.00", salvage_value="500.00", useful_life_months=60,
                        depreciation_method="sum_of_years",
                        in_service_date=dt.date(2024, 1, 15)).id
    r = api_as("hr").get(f"/api/v1/asset/{pk}/depreciation")
    assert r.status_code == 200
    rows = r.json["result"]
    assert len(rows) == 60 and rows[0]["month"] == "2024-02"
    assert rows[0] == {"month": "2024-02", "amount": "263.89", "accumulated": "263.89",
                       "book_value": "9736.11"}
    assert rows[-1]["book_value"] == "500.00" and rows[-1]["accumulated"] == "9500.00"


def test_move_is_a_record_and_audited(app, api_as):
    with app.app_context():
        pk = make_asset("TH-MM", "th_mm1").id
        to = factories.employee_of("th_mm2").id
    api = api_as("th_mm_head")
    assert api.post(f"/api/v1/asset/{pk}/move", json={"to_custodian_id": to}).status_code == 422
    r = api.post(f"/api/v1/asset/{pk}/move", json={"to_custodian_id": to, "reason": "崗位調整"})
    assert r.status_code == 201, r.json
    # a head cannot move an asset out of their own scope
    with app.app_context():
        yx = factories.department("YX-MM").id
    r = api.post(f"/api/v1/asset/{pk}/move", json={"to_department_id": yx, "reason": "調撥"})
    assert r.status_code == 422
    with app.app_context():
        a = db.session.get(Asset, pk)
        assert a.custodian_id == to and a.department_id == factories.department("TH-MM").id
        moves = db.session.query(AssetMove).filter_by(asset_id=pk).all()
        assert len(moves) == 1 and moves[0].reason == "崗位調整"
    hist = api.get(f"/api/v1/asset/{pk}/history").json["result"]
    assert any(h["action"] == "update" and "custodian_id" in (h["changes"] or {}) for h in hist)
    # th_mm1 handed it over: no longer theirs
    assert api_as("th_mm1").get(f"/api/v1/asset/{pk}").status_code == 404


def test_soft_delete_leaves_lists_keeps_history(app, api_as):
    with app.app_context():
        pk = make_asset().id
    api = api_as("hr")
    assert api.delete(f"/api/v1/asset/{pk}").status_code == 200
    assert api.get(f"/api/v1/asset/{pk}").status_code == 404
    with app.app_context():
        assert db.session.get(Asset, pk).archived_at is not None


def test_register_page_lists_and_shows(app, client_as):
    with app.app_context():
        a = make_asset("TH-MM", "th_mm1", name="天河前台電腦")
        pk, code = a.id, a.code
    page = client_as("th_mm_head").get("/assetview/list/").get_data(as_text=True)
    assert code in page
    assert code not in client_as("yx_manager").get("/assetview/list/").get_data(as_text=True)
    show = client_as("hr").get(f"/assetview/show/{pk}")
    assert show.status_code == 200 and "天河前台電腦" in show.get_data(as_text=True)

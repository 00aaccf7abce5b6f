"""A stock-take finds a missing item; it cannot close unexplained; the item becomes a disposal
approved by the recorded head then the asset owner; the asset leaves active lists."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.assets.models import Asset
from app.assets.models_ops import Disposal, Stocktake, StocktakeLine
from app.extensions import db
from tests import factories
from tests.assets.factories import make_asset


def _t(api, resource, pk, name, **body):
    return api.post(f"/api/v1/{resource}/{pk}/transition/{name}", json=body)


def _stocktake(app, api, dept="YX-CS"):
    with app.app_context():
        dept_id = factories.department(dept).id
    r = api.post("/api/v1/stocktake/", json={"name": f"盤點{factories.nextval()}",
                                             "department_id": dept_id})
    assert r.status_code == 201, r.json
    return r.json["id"]


@pytest.mark.rule("asset.stocktake_reconciled")
def test_missing_item_must_be_explained_then_disposed(app, api_as):
    with app.app_context():
        kept = make_asset("YX-CS", "yx_cs1", name="客服耳機")
        lost = make_asset("YX-CS", "yx_cs1", name="客服平板電腦")
        kept_code, lost_code, lost_id = kept.code, lost.code, lost.id
    head = api_as("yx_cs_head")
    pk = _stocktake(app, head)
    assert _t(head, "stocktake", pk, "start").status_code == 200
    with app.app_context():
        lines = db.session.scalars(select(StocktakeLine).where(
            StocktakeLine.stocktake_id == pk)).all()
        listed = {ln.asset_id for ln in lines}
        assert lost_id in listed and len(listed) >= 2
        codes = [db.session.get(Asset, a).code for a in listed]
    # submit refused while something is not counted
    assert _t(head, "stocktake", pk, "submit").status_code == 422
    for code in codes:
        result = "missing" if code == lost_code else "found"
        r = head.post(f"/api/v1/stocktake/{pk}/count", json={"code": code, "result": result})
        assert r.status_code == 200, r.json
    assert head.post(f"/api/v1/stocktake/{pk}/count",
                     json={"code": "NO-SUCH", "result": "found"}).status_code == 422
    assert head.post(f"/api/v1/stocktake/{pk}/count",
                     json={"code": kept_code, "result": "lost"}).status_code == 422
    assert _t(head, "stocktake", pk, "submit").status_code == 200
    r = _t(head, "stocktake", pk, "close")
    assert r.status_code == 422 and lost_code in r.json["message"]
    assert "依據《" in r.json["message"]  # the clause is cited
    r = head.post(f"/api/v1/stocktake/{pk}/count",
                  json={"code": lost_code, "explanation": "客戶活動後未歸還，已報警備案"})
    assert r.status_code == 200
    # other stores do not see it
    assert _t(api_as("th_manager"), "stocktake", pk, "close").status_code == 404
    assert _t(head, "stocktake", pk, "close").status_code == 200

    # the missing line raises a disposal request
    with app.app_context():
        line_id = db.session.scalar(select(StocktakeLine.id).where(
            StocktakeLine.stocktake_id == pk, StocktakeLine.asset_id == lost_id))
    r = head.post(f"/api/v1/stocktake_line/{line_id}/raise", json={"kind": "disposal"})
    assert r.status_code == 201, r.json
    disposal = r.json["result"]["disposal_id"]
    assert head.post(f"/api/v1/stocktake_line/{line_id}/raise",
                     json={"kind": "disposal"}).status_code == 409
    _approve_disposal(app, api_as, disposal, lost_id)


def _approve_disposal(app, api_as, disposal, asset_id):
    """Requested by the head of 越秀客服部 (yx_cs_head): nobody approves their own request,
    so the recorded head one level up (the store manager) approves, then the owner."""
    head = api_as("yx_cs_head")
    assert _t(head, "disposal", disposal, "submit").status_code == 200
    # the owner cannot skip the head; another department's head cannot approve
    assert _t(api_as("hr"), "disposal", disposal, "approve").status_code == 409
    assert _t(api_as("yx_mm_head"), "disposal", disposal, "approve_head").status_code == 404
    assert _t(head, "disposal", disposal, "approve_head").status_code == 403
    assert _t(api_as("yx_manager"), "disposal", disposal, "approve_head").status_code == 200
    # the head cannot give the final approval
    assert _t(head, "disposal", disposal, "approve").status_code == 403
    r = _t(api_as("hr"), "disposal", disposal, "approve", comment="同意報廢")
    assert r.status_code == 200 and r.json["state"] == "approved"
    with app.app_context():
        a = db.session.get(Asset, asset_id)
        assert a.status == "disposed" and a.disposed_on == dt.date.today()
        book = a.book_value
    # leaves active lists, keeps its history
    listed = api_as("hr").get(
        "/api/v1/asset/?q=(filters:!((col:status,opr:neq,value:disposed)),page_size:100)")
    assert asset_id not in [row["id"] for row in listed.json["result"]]
    hist = api_as("hr").get(f"/api/v1/asset/{asset_id}/history").json["result"]
    assert any(h["to_state"] == "disposed" for h in hist)
    # depreciation stops: the book value a year on is the same
    with app.app_context():
        a = db.session.get(Asset, asset_id)
        from app.assets import depreciation as dep

        later = dep.book_value_at(a.cost, a.salvage_value, a.useful_life_months,
                                  a.depreciation_method, a.in_service_date,
                                  dt.date.today() + dt.timedelta(days=400), a.disposed_on)
        assert later == book


@pytest.mark.rule("asset.disposal_approved")
def test_disposal_request_by_rest_and_direct_disposal_refused(app, api_as):
    with app.app_context():
        a = make_asset("YX-CS", "yx_cs1", name="舊打印機")
        pk = a.id
    # the asset cannot be disposed of directly, only through an approved request
    assert _t(api_as("hr"), "asset", pk, "dispose").status_code == 422
    head = api_as("yx_cs_head")
    bad = head.post("/api/v1/disposal/", json={"asset_id": pk, "reason": "", "method": "scrap"})
    assert bad.status_code == 422
    bad = head.post("/api/v1/disposal/", json={"asset_id": pk, "reason": "老化",
                                               "method": "burn"})
    assert bad.status_code == 422
    r = head.post("/api/v1/disposal/", json={"asset_id": pk, "reason": "老化無法維修",
                                             "method": "sale", "proceeds": "80.00"})
    assert r.status_code == 201, r.json
    again = head.post("/api/v1/disposal/", json={"asset_id": pk, "reason": "重複",
                                                 "method": "scrap"})
    assert again.status_code == 422  # one open request per asset
    _approve_disposal(app, api_as, r.json["id"], pk)
    with app.app_context():
        d = db.session.get(Disposal, r.json["id"])
        assert str(d.proceeds) == "80.00"


def test_reject_needs_a_comment(app, api_as):
    with app.app_context():
        pk = make_asset("YX-CS", "yx_cs1").id
    head = api_as("yx_cs_head")
    d = head.post("/api/v1/disposal/", json={"asset_id": pk, "reason": "屏幕損壞",
                                             "method": "scrap"}).json["id"]
    assert _t(head, "disposal", d, "submit").status_code == 200
    assert _t(head, "disposal", d, "reject").status_code == 422
    r = _t(head, "disposal", d, "reject", comment="可以維修，不予報廢")
    assert r.status_code == 200 and r.json["state"] == "rejected"
    with app.app_context():
        assert db.session.get(Asset, pk).status == "in_use"


def test_damaged_item_goes_for_repair(app, api_as):
    with app.app_context():
        a = make_asset("YX-CS", "yx_cs1")
        st = Stocktake(name="維修測試", department_id=a.department_id, status="submitted")
        db.session.add(st)
        db.session.flush()
        line = StocktakeLine(stocktake_id=st.id, asset_id=a.id, result="damaged",
                             explanation="外殼破裂", repair_raised=0)
        db.session.add(line)
        db.session.commit()
        line_id, pk = line.id, a.id
    r = api_as("yx_cs_head").post(f"/api/v1/stocktake_line/{line_id}/raise",
                                  json={"kind": "repair"})
    assert r.status_code == 201, r.json
    with app.app_context():
        assert db.session.get(Asset, pk).status == "repair"


def test_approval_that_cannot_dispose_writes_nothing(app, api_as):
    """The asset was disposed of meanwhile (a request that slipped past the one-open-request
    check): the second approval is a 409 and leaves that request as it was."""
    with app.app_context():
        a = make_asset("YX-CS", "yx_cs1", status="disposed", disposed_on=dt.date.today())
        d = Disposal(asset_id=a.id, department_id=a.department_id, reason="重複申請",
                     method="scrap", status="head_approved")
        db.session.add(d)
        db.session.commit()
        pk = d.id
    r = _t(api_as("hr"), "disposal", pk, "approve", comment="同意")
    assert r.status_code == 409, r.json
    with app.app_context():
        assert db.session.get(Disposal, pk).status == "head_approved"


@pytest.mark.rule("asset.disposal_approved")
def test_a_store_managers_request_goes_to_the_head_above(app, api_as):
    """The requester heads the store: the recorded head of HQ (總經理, Executive kind) takes
    the head's step, then the owner approves."""
    with app.app_context():
        pk = make_asset("TH", "th_manager", name="門店收銀機").id
    mgr = api_as("th_manager")
    r = mgr.post("/api/v1/disposal/", json={"asset_id": pk, "reason": "主板燒毀",
                                            "method": "scrap"})
    assert r.status_code == 201, r.json
    d = r.json["id"]
    assert _t(mgr, "disposal", d, "submit").status_code == 200
    assert _t(mgr, "disposal", d, "approve_head").status_code == 403
    assert _t(api_as("boss"), "disposal", d, "approve_head").status_code == 200
    assert _t(api_as("hr"), "disposal", d, "approve", comment="同意").status_code == 200

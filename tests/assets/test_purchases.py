"""Purchases: approved by the recorded head; above the configured amount, N supplier quotes;
a fixed-asset purchase registers the assets (idle until put in service)."""
import pytest
from sqlalchemy import select

from app.assets.models import Asset
from app.extensions import db
from tests.assets.factories import category


def _t(api, pk, name, **body):
    return api.post(f"/api/v1/purchase_request/{pk}/transition/{name}", json=body)


@pytest.mark.rule("purchase.quotes")
def test_big_purchase_needs_quotes_then_registers_assets(app, api_as):
    with app.app_context():
        cat_id = category("PU").id
    mm = api_as("th_mm_head")
    assert mm.post("/api/v1/purchase_request/", json={
        "item": "筆記本電腦", "quantity": 2, "unit_price": "abc",
        "reason": "新紅娘入職"}).status_code in (400, 422)
    r = mm.post("/api/v1/purchase_request/", json={
        "item": "筆記本電腦", "quantity": 2, "unit_price": "4800.00", "reason": "新紅娘入職",
        "category_id": cat_id})
    assert r.status_code == 201, r.json
    pk = r.json["id"]
    assert api_as("th_mm_head").get(f"/api/v1/purchase_request/{pk}").json["result"][
        "amount"] in ("9600.00", 9600.0, "9600")
    refused = _t(mm, pk, "submit")
    assert refused.status_code == 422 and "依據《" in refused.json["message"]
    for supplier, amount in (("京东企业购", "9600.00"), ("苏宁易购", "9800.00"),
                             ("京东企业购", "9500.00")):
        q = mm.post("/api/v1/purchase_quote/", json={"request_id": pk, "supplier": supplier,
                                                     "amount": amount})
        assert q.status_code == 201, q.json
    assert _t(mm, pk, "submit").status_code == 422  # two suppliers, not three
    assert mm.post("/api/v1/purchase_quote/", json={"request_id": pk, "supplier": "戴爾直銷",
                                                    "amount": "9700.00"}).status_code == 201
    assert _t(mm, pk, "submit").status_code == 200
    # the requester (the head of 天河红娘部) does not approve their own: the store manager does
    assert _t(mm, pk, "approve").status_code == 403
    assert _t(api_as("yx_manager"), pk, "approve").status_code == 404
    assert _t(api_as("th_manager"), pk, "approve").status_code == 200
    assert _t(api_as("th_manager"), pk, "purchase").status_code == 403  # the owner buys
    r = _t(api_as("hr"), pk, "purchase", supplier="京东企业购")
    assert r.status_code == 200 and r.json["state"] == "purchased"
    with app.app_context():
        bought = db.session.scalars(select(Asset).where(
            Asset.notes.like(f"%#{pk}%"))).all()
        assert len(bought) == 2
        assert all(a.status == "idle" and a.in_service_date is None and a.code.startswith("PU-")
                   for a in bought)
        first = bought[0].id
    # put in service: depreciation starts the month after
    r = api_as("hr").post(f"/api/v1/asset/{first}/transition/use", json={})
    assert r.status_code == 200
    sched = api_as("hr").get(f"/api/v1/asset/{first}/depreciation").json["result"]
    assert len(sched) == 60


def test_small_purchase_needs_no_quotes(app, api_as):
    mm = api_as("th_mm1")
    r = mm.post("/api/v1/purchase_request/", json={
        "item": "白板筆", "quantity": 10, "unit_price": "3.50", "reason": "會議室"})
    assert r.status_code == 201, r.json
    pk = r.json["id"]
    assert _t(mm, pk, "submit").status_code == 200
    assert _t(api_as("th_mm_head"), pk, "approve").status_code == 200
    assert _t(api_as("hr"), pk, "purchase").status_code == 200

"""Supplies: requisition → recorded head approves → 行政部 issues; stock never negative, also
under concurrent issues; reorder list; stock-take adjustments in the ledger."""
import threading

import pytest
from sqlalchemy import select

from app.assets.models_ops import Requisition, SupplyItem, SupplyMove
from app.extensions import db
from tests.assets.factories import make_item


def _t(api, pk, name, **body):
    return api.post(f"/api/v1/requisition/{pk}/transition/{name}", json=body)


@pytest.mark.rule("supply.requisition")
def test_requisition_head_approves_owner_issues(app, api_as):
    with app.app_context():
        item = make_item(stock=5)
        item_id = item.id
    mm = api_as("th_mm1")
    assert mm.post("/api/v1/requisition/", json={"item_id": item_id,
                                                 "quantity": 0}).status_code == 422
    r = mm.post("/api/v1/requisition/", json={"item_id": item_id, "quantity": 3,
                                              "reason": "客戶資料整理"})
    assert r.status_code == 201, r.json
    pk = r.json["id"]
    assert _t(mm, pk, "submit").status_code == 200
    assert _t(mm, pk, "approve").status_code == 403  # no permission
    assert _t(api_as("th_cs_head"), pk, "approve").status_code == 404  # not their department
    assert _t(api_as("th_manager"), pk, "approve").status_code == 403  # not the recorded head
    assert _t(api_as("hr"), pk, "issue").status_code == 409  # not approved yet
    assert _t(api_as("th_mm_head"), pk, "approve").status_code == 200
    assert _t(api_as("th_mm_head"), pk, "issue").status_code == 403  # 行政部 issues
    r = _t(api_as("hr"), pk, "issue")
    assert r.status_code == 200 and r.json["state"] == "issued"
    with app.app_context():
        assert db.session.get(SupplyItem, item_id).stock == 2
        ledger = db.session.execute(select(SupplyMove.kind, SupplyMove.quantity,
                                           SupplyMove.balance, SupplyMove.requisition_id)
                                    .where(SupplyMove.item_id == item_id)).all()
        assert ledger == [("out", -3, 2, pk)]


def _approved(app, item_id, quantity, who="th_mm1"):
    from tests import factories

    with app.app_context():
        emp = factories.employee_of(who)
        r = Requisition(employee_id=emp.id, department_id=emp.department_id, item_id=item_id,
                        quantity=quantity, status="approved")
        db.session.add(r)
        db.session.commit()
        return r.id


def test_issuing_more_than_in_stock_is_422_and_nothing_written(app, api_as):
    with app.app_context():
        item_id = make_item(stock=2).id
    pk = _approved(app, item_id, 3)
    r = _t(api_as("hr"), pk, "issue")
    assert r.status_code == 422 and "quantity" in str(r.json)
    with app.app_context():
        assert db.session.get(SupplyItem, item_id).stock == 2
        assert db.session.get(Requisition, pk).status == "approved"
        assert db.session.scalars(select(SupplyMove).where(
            SupplyMove.item_id == item_id)).all() == []


@pytest.mark.rule("supply.ledger")
def test_concurrent_issues_never_go_negative(app, api_as):
    with app.app_context():
        item_id = make_item(stock=1).id
    pks = [_approved(app, item_id, 1), _approved(app, item_id, 1, "th_mm2")]
    clients = [api_as("hr"), api_as("finance")]
    barrier = threading.Barrier(2)
    results = []

    def go(api, pk):
        barrier.wait()
        results.append(_t(api, pk, "issue").status_code)

    threads = [threading.Thread(target=go, args=(c, pk)) for c, pk in zip(clients, pks,
                                                                          strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [200, 422]
    with app.app_context():
        assert db.session.get(SupplyItem, item_id).stock == 0


@pytest.mark.rule("supply.stocktake")
def test_receive_adjust_and_reorder_list(app, api_as):
    with app.app_context():
        item_id = make_item(stock=1, min_stock=3).id
    hr = api_as("hr")
    assert item_id in [i["id"] for i in hr.get("/api/v1/supply_item/reorder").json["result"]]
    assert hr.post(f"/api/v1/supply_item/{item_id}/receive",
                   json={"quantity": -4}).status_code == 422
    r = hr.post(f"/api/v1/supply_item/{item_id}/receive", json={"quantity": 9})
    assert r.status_code == 200 and r.json["result"]["stock"] == 10
    assert item_id not in [i["id"] for i in hr.get("/api/v1/supply_item/reorder").json["result"]]
    r = hr.post(f"/api/v1/supply_item/{item_id}/adjust", json={"counted": 8})
    assert r.status_code == 422 and "依據《" in r.json["message"]
    r = hr.post(f"/api/v1/supply_item/{item_id}/adjust", json={"counted": 8, "note": "盤點短缺2"})
    assert r.status_code == 200 and r.json["result"]["stock"] == 8
    # stock is not editable directly
    assert hr.put(f"/api/v1/supply_item/{item_id}", json={"stock": 100}).status_code in (400, 422)
    assert api_as("th_mm1").post(f"/api/v1/supply_item/{item_id}/receive",
                                 json={"quantity": 1}).status_code == 403
    with app.app_context():
        kinds = db.session.scalars(select(SupplyMove.kind).where(
            SupplyMove.item_id == item_id).order_by(SupplyMove.id)).all()
        assert kinds == ["in", "adjust"]

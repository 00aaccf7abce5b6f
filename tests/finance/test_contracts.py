"""Service contracts priced by tier, payments with receipt numbers, receivables."""
from __future__ import annotations

import threading

import pytest

from app.extensions import db
from app.finance.contracts import Contract
from tests.factories import make_client, nextval


def _contract(api, client_id, **kw):
    body = {"contract_no": f"HT{nextval()}", "client_id": client_id, "tier": "premium", **kw}
    r = api.post("/api/v1/contract/", json=body)
    assert r.status_code == 201, r.json
    return r.json["id"]


def _pay(api, contract_id, amount, kind="instalment", receipt=None):
    return api.post("/api/v1/payment/", json={
        "contract_id": contract_id, "kind": kind, "amount": amount,
        "receipt_no": receipt if receipt is not None else f"R{nextval()}"})


@pytest.mark.rule("001.finance.tier_price", "002.finance.payment_receipt")
def test_contract_priced_by_tier_payments_and_receivables(api_as):
    client = make_client("TH-MM", matchmaker="th_mm1")
    mm1 = api_as("th_mm1")
    pk = _contract(mm1, client.id)
    got = mm1.get(f"/api/v1/contract/{pk}").json["result"]
    assert got["price"] == 19800.0 or str(got["price"]) in ("19800.00", "19800.0")
    assert got["department_id"] == client.department_id
    assert _pay(mm1, pk, "5000", "deposit", receipt="").status_code == 422
    assert _pay(mm1, pk, "5000", "deposit").status_code == 201
    r = _pay(mm1, pk, "15000")
    assert r.status_code == 422 and r.json["balance"] == "14800.00"
    assert _pay(mm1, pk, "100", "full").status_code == 422  # full settles the balance
    assert _pay(mm1, pk, "0").status_code == 422
    assert _pay(mm1, pk, "-5").status_code == 422
    rows = api_as("finance").get("/api/v1/contract/receivables").json["result"]
    row = next(x for x in rows if x["contract_id"] == pk)
    assert (row["received"], row["balance"]) == ("5000.00", "14800.00")
    assert _pay(mm1, pk, "14800", "full").status_code == 201
    rows = api_as("finance").get("/api/v1/contract/receivables").json["result"]
    assert all(x["contract_id"] != pk for x in rows)


def test_contract_scope(api_as):
    client = make_client("YX-MM", matchmaker="yx_mm1")
    pk = _contract(api_as("finance"), client.id, tier="standard")
    assert api_as("th_mm1").get(f"/api/v1/contract/{pk}").status_code == 404
    assert api_as("yx_mm1").get(f"/api/v1/contract/{pk}").status_code == 200
    assert _pay(api_as("th_mm1"), pk, "100").status_code == 422
    other = make_client("YX-MM", matchmaker="yx_mm1")
    r = api_as("th_mm1").post("/api/v1/contract/", json={
        "contract_no": f"HT{nextval()}", "client_id": other.id, "tier": "standard"})
    assert r.status_code == 422


def test_concurrent_payments_never_exceed_the_price(app, is_postgres):
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from flask import g
    from flask_login import login_user

    from app.core.interface import prepare_save
    from app.finance.contracts import Payment

    client = make_client("TH-MM", matchmaker="th_mm1")
    c = Contract(contract_no=f"HT{nextval()}", client_id=client.id,
                 department_id=client.department_id, tier="standard", price=1000,
                 received=0)
    db.session.add(c)
    db.session.commit()
    contract_id = c.id
    results, barrier = [], threading.Barrier(6)

    def pay(i):
        with app.app_context(), app.test_request_context("/"):
            user = app.appbuilder.sm.find_user(username="finance")
            login_user(user)
            g.user = user
            p = Payment(contract_id=contract_id, kind="instalment", amount=300,
                        receipt_no=f"RC{contract_id}-{i}")
            try:
                barrier.wait(30)
                prepare_save(p, is_new=True, user=user)
                db.session.add(p)
                db.session.commit()
                results.append("ok")
            except Exception as err:  # noqa: BLE001
                results.append(type(err).__name__)
            finally:
                db.session.rollback()
                db.session.remove()

    threads = [threading.Thread(target=pay, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results.count("ok") == 3, results
    db.session.expire_all()
    assert db.session.get(Contract, contract_id).received == 900

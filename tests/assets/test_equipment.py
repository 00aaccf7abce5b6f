"""Equipment sign-out (a device is out at most once: a database constraint) and upkeep."""
import datetime as dt
import threading

import pytest
from sqlalchemy import select

from app.assets.models import Asset, AssetLoan
from app.extensions import db
from tests import factories
from tests.assets.factories import make_asset


@pytest.mark.rule("asset.sign_out_registered")
def test_device_cannot_be_out_twice(app, api_as):
    with app.app_context():
        pk = make_asset("TH-MM", "th_mm_head", name="投影儀").id
        mm1 = factories.employee_of("th_mm1").id
    head = api_as("th_mm_head")
    r = head.post(f"/api/v1/asset/{pk}/sign_out",
                  json={"employee_id": mm1, "purpose": "相親會投影"})
    assert r.status_code == 201, r.json
    loan = r.json["result"]["id"]
    again = head.post(f"/api/v1/asset/{pk}/sign_out", json={})
    assert again.status_code == 422 and "依據《" in again.json["message"]
    # the borrower sees the loan, another store does not
    assert api_as("th_mm1").get(f"/api/v1/asset_loan/{loan}").status_code == 200
    assert api_as("yx_mm1").get(f"/api/v1/asset_loan/{loan}").status_code == 404
    assert api_as("th_mm1").post(f"/api/v1/asset_loan/{loan}/return").status_code == 200
    assert api_as("th_mm1").post(f"/api/v1/asset_loan/{loan}/return").status_code == 409
    assert head.post(f"/api/v1/asset/{pk}/sign_out", json={}).status_code == 201
    assert head.post(f"/api/v1/asset/{pk}/sign_out",
                     json={"due_at": "tomorrow"}).status_code == 422


def test_concurrent_sign_outs_one_wins(app, api_as):
    with app.app_context():
        pk = make_asset("TH-MM", "th_mm1", name="攝像機").id
    clients = [api_as("th_mm1"), api_as("th_mm_head")]
    barrier = threading.Barrier(len(clients))
    results = []

    def go(api):
        barrier.wait()
        results.append(api.post(f"/api/v1/asset/{pk}/sign_out", json={}).status_code)

    threads = [threading.Thread(target=go, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [201, 422]
    with app.app_context():
        open_loans = db.session.scalars(select(AssetLoan).where(
            AssetLoan.asset_id == pk, AssetLoan.returned_at.is_(None))).all()
        assert len(open_loans) == 1


def test_database_refuses_a_second_open_loan(app):
    """The constraint itself, not a check in code."""
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        a = make_asset()
        emp = factories.employee_of("th_mm1")
        db.session.add(AssetLoan(asset_id=a.id, employee_id=emp.id, department_id=a.department_id))
        db.session.commit()
        db.session.add(AssetLoan(asset_id=a.id, employee_id=emp.id, department_id=a.department_id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


@pytest.mark.rule("asset.maintenance", "asset.upkeep_owner")
def test_maintenance_due_and_overdue_list(app, api_as):
    with app.app_context():
        a = make_asset("TH-MM", "th_mm1", maintenance_interval_days=30,
                       last_maintained_on=dt.date.today() - dt.timedelta(days=45),
                       next_maintenance_due=dt.date.today() - dt.timedelta(days=15))
        pk = a.id
    head = api_as("th_mm_head")
    overdue = head.get("/api/v1/asset/maintenance_overdue").json["result"]
    assert pk in [row["id"] for row in overdue]
    assert pk not in [row["id"] for row in
                      api_as("yx_manager").get("/api/v1/asset/maintenance_overdue").json["result"]]
    r = head.post(f"/api/v1/asset/{pk}/maintain", json={"kind": "maintenance", "notes": "清潔保養"})
    assert r.status_code == 201, r.json
    assert r.json["result"]["next_maintenance_due"] == (
        dt.date.today() + dt.timedelta(days=30)).isoformat()
    overdue = head.get("/api/v1/asset/maintenance_overdue").json["result"]
    assert pk not in [row["id"] for row in overdue]
    assert head.post(f"/api/v1/asset/{pk}/maintain", json={"kind": "paint"}).status_code == 422
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert head.post(f"/api/v1/asset/{pk}/maintain",
                     json={"done_on": future}).status_code == 422
    page = api_as("hr").get("/api/v1/asset_maintenance/")
    assert page.status_code == 200 and page.json["count"] >= 1


def test_repair_and_back_through_transitions(app, api_as):
    with app.app_context():
        pk = make_asset("TH-MM", "th_mm1").id
    head = api_as("th_mm_head")
    r = head.post(f"/api/v1/asset/{pk}/transition/repair", json={"comment": "無法開機"})
    assert r.status_code == 200 and r.json["state"] == "repair"
    assert head.post(f"/api/v1/asset/{pk}/sign_out", json={}).status_code == 422
    assert api_as("th_mm1").post(f"/api/v1/asset/{pk}/transition/restore",
                                 json={}).status_code == 403
    assert head.post(f"/api/v1/asset/{pk}/transition/restore", json={}).status_code == 200
    with app.app_context():
        assert db.session.get(Asset, pk).status == "in_use"


@pytest.mark.rule("asset.cleaning")
def test_disinfection_log_moves_the_next_due_date(app, api_as):
    with app.app_context():
        pk = make_asset("TH-CS", "th_cs1", name="紫外线消毒柜", maintenance_interval_days=7,
                        next_maintenance_due=dt.date.today() - dt.timedelta(days=1)).id
    head = api_as("th_cs_head")
    assert pk in [a["id"] for a in head.get("/api/v1/asset/maintenance_overdue").json["result"]]
    r = head.post(f"/api/v1/asset/{pk}/maintain", json={"kind": "cleaning", "notes": "消毒"})
    assert r.status_code == 201
    assert r.json["result"]["next_maintenance_due"] == (
        dt.date.today() + dt.timedelta(days=7)).isoformat()

"""Who sees which claims: staff their own, heads their department's, finance all — a store's
財務專員 only their store where the profile says so (003) —, auditors read."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.core.models import RoleScope
from app.core.roles import role_of_kind, scope_of
from app.extensions import db
from tests.conftest import DEMO_PASSWORD
from tests.factories import make_employee, nextval
from tests.finance import factories as f


def _store_finance_user(dept_code: str) -> str:
    sm = current_app.appbuilder.sm
    name = f"fin_store{nextval()}"
    emp = make_employee(dept_code, status="regular")
    u = sm.add_user(name, "店", "財務", f"{name}@example.com", role_of_kind("Finance"),
                    password=DEMO_PASSWORD)
    emp.user_id = u.id
    db.session.commit()
    return name


def test_realestate_profile_gives_finance_the_store_scope(app, monkeypatch):
    from app.profiles import PROFILES

    assert ("Finance", "store") in PROFILES["realestate"].role_scopes
    with app.test_request_context("/"):
        assert scope_of("Finance", "all") == "all"  # matchmaking: finance sees all
        monkeypatch.setitem(app.config, "PROFILE", "realestate")
        assert scope_of("Finance", "all") == "store"
        assert scope_of("Department head", "department") == "department"


def test_store_finance_sees_only_their_store_hq_finance_all(app, api_as):
    role = role_of_kind("Finance")
    row = db.session.scalar(select(RoleScope).where(RoleScope.role_id == role.id))
    old = row.scope
    clerk = _store_finance_user("TH")
    cat = f.category("warn")
    th = f.claim("th_mm1", cat, 10, status="submitted")
    yx = f.claim("yx_mm1", cat, 10, status="submitted")
    row.scope = "store"  # as the realestate profile syncs it
    db.session.commit()
    try:
        api = api_as(clerk)
        assert api.get(f"/api/v1/expense/{th.id}").status_code == 200
        assert api.get(f"/api/v1/expense/{yx.id}").status_code == 404
        listed = {r["id"] for r in api.get(
            "/api/v1/expense/", query_string={"q": '(page_size:100,order_column:id,'
                                              'order_direction:desc)'}).json["result"]}
        assert th.id in listed and yx.id not in listed
        hq = api_as("finance")  # 財務部 sits at headquarters: every store
        assert hq.get(f"/api/v1/expense/{yx.id}").status_code == 200
        assert hq.get(f"/api/v1/expense/{th.id}").status_code == 200
    finally:
        db.session.expire_all()
        row = db.session.scalar(select(RoleScope).where(RoleScope.role_id == role.id))
        row.scope = old
        db.session.commit()


def test_staff_own_heads_department_auditors_read(api_as):
    cat = f.category("warn")
    mine = f.claim("th_mm1", cat, 10, status="submitted")
    colleague = f.claim("th_mm2", cat, 10, status="submitted")
    other_store = f.claim("yx_mm1", cat, 10, status="submitted")
    mm1 = api_as("th_mm1")
    assert mm1.get(f"/api/v1/expense/{mine.id}").status_code == 200
    assert mm1.get(f"/api/v1/expense/{colleague.id}").status_code == 404
    head = api_as("th_mm_head")
    assert head.get(f"/api/v1/expense/{colleague.id}").status_code == 200
    assert head.get(f"/api/v1/expense/{other_store.id}").status_code == 404
    aud = api_as("auditor")
    assert aud.get(f"/api/v1/expense/{other_store.id}").status_code == 200
    assert aud.put(f"/api/v1/expense/{mine.id}", json={"purpose": "x"}).status_code == 403
    assert aud.post(f"/api/v1/expense/{mine.id}/transition/approve_head",
                    json={}).status_code == 403

"""Customer service and its clients (issue 10 item 2): 客服 see their store's clients,
contacts masked and revealed with audit, in the picker and the birthday list — no matching."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.clients.models import Client
from app.core.models import AuditLog
from tests import factories
from tests.clients.conftest import new_client


@pytest.mark.rule("000.clients.customer_service_view")
@pytest.mark.parametrize("user", ["th_cs1", "th_cs_head"])
def test_customer_service_sees_the_store_clients_masked(app, api_as, user):
    n = factories.nextval()
    th = new_client(matchmaker="th_mm1", phone=f"1381{n:07d}", email=f"li.na{n}@example.com")
    yx = new_client(dept_code="YX-MM", matchmaker="yx_mm1")
    api = api_as(user)
    got = api.get(f"/api/v1/client/{th}")
    assert got.status_code == 200
    assert got.json["result"]["phone"] == "138****" + f"{n:07d}"[-4:]
    assert "****" in got.json["result"]["email"]
    assert api.get(f"/api/v1/client/{yx}").status_code == 404
    ids = {r["id"] for r in api.get("/api/v1/client/?q=(page_size:100)").json["result"]}
    assert th in ids and yx not in ids


@pytest.mark.rule("000.clients.customer_service_view")
def test_reveal_is_audited(app, api_as, db_session):
    pk = new_client(phone="13811113333", email="wang@example.com")
    resp = api_as("th_cs1").get(f"/api/v1/client/{pk}/contact")
    assert resp.status_code == 200
    assert resp.json["phone"] == "13811113333" and resp.json["email"] == "wang@example.com"
    rows = db_session.scalars(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(pk),
        AuditLog.action == "reveal")).all()
    assert [r.actor_name for r in rows] == ["th_cs1"]
    assert "email" in rows[0].changes["fields"]


@pytest.mark.rule("000.clients.customer_service_view")
def test_picker_and_birthday_list_include_the_store_clients(app, client_as, as_user):
    n = factories.nextval()
    today = dt.date.today()
    birth = dt.date(today.year - 30, today.month, min(today.day, 28))
    th = new_client(name=f"客服可見{n}", birth_date=birth)
    yx = new_client(dept_code="YX-MM", matchmaker="yx_mm1", name=f"客服可見{n}乙",
                    birth_date=birth)
    found = client_as("th_cs1").get(f"/clientview/search?q=客服可見{n}").json["results"]
    assert [r["id"] for r in found] == [th]
    from app.service.care import upcoming_birthdays

    with as_user("th_cs1"):
        ids = {b["client_id"] for b in upcoming_birthdays(today - dt.timedelta(days=1), 3)}
    assert th in ids and yx not in ids


def test_no_matching_powers(app, api_as, as_user):
    from flask import current_app

    pk = new_client(status="pending_review")
    # No reviews, no match proposals: those are the front line's and their heads'.
    assert api_as("th_cs1").post(f"/api/v1/client/{pk}/transition/approve",
                                 json={}).status_code == 403
    with as_user("th_cs1"):
        sm = current_app.appbuilder.sm
        assert sm.has_access("can_read", "client")
        assert not sm.has_access("can_approve", "client")
        assert not sm.has_access("can_assign", "client")
        assert not sm.has_access("can_write", "match")


def test_store_view_is_not_for_the_front_line(app, api_as):
    """Widening is per role kind: a 紅娘 still sees only their own clients."""
    other = new_client(matchmaker="th_mm2")
    assert api_as("th_mm1").get(f"/api/v1/client/{other}").status_code == 404


def test_scope_criteria_and_row_check_agree(app, as_user):
    from app.core.scope import current_scope, unscoped
    from app.extensions import db

    th = new_client()
    yx = new_client(dept_code="YX-MM", matchmaker="yx_mm1")
    with as_user("th_cs1"):
        scope = current_scope()
        visible = set(db.session.scalars(select(Client.id).where(Client.id.in_([th, yx]))))
        with unscoped():
            rows = {pk: db.session.get(Client, pk) for pk in (th, yx)}
        assert visible == {th}
        assert rows[th].in_scope(scope) and not rows[yx].in_scope(scope)

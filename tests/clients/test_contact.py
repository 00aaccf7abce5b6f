"""Contact masking (DESIGN §3): masked everywhere; reveal is permitted, scoped and audited."""
import pytest
from flask_babel import gettext
from sqlalchemy import select

from app.clients.models import Client
from app.core import audit
from app.core.models import AuditLog
from tests.clients.conftest import new_client

PHONE = "13812345678"


def _reveals(db_session, pk):
    return db_session.scalars(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(pk),
        AuditLog.action == audit.ACTION_REVEAL)).all()


def _client_with_phone(n):
    return new_client(phone=f"1381234{n:04d}", wechat="wx_secret_id",
                      id_number="440101199001011234")


@pytest.mark.rule("000.clients.contact_privacy",
                  "001.clients.contact_privacy",
                  "002.clients.contact_privacy")
def test_rest_get_and_list_are_masked(app, api_as):
    pk = _client_with_phone(1)
    row = api_as("th_mm1").get(f"/api/v1/client/{pk}").json["result"]
    assert row["phone"] == "138****0001" and row["wechat"] == "wx_****t_id"
    assert row["id_number"] == "440****1234"
    rows = api_as("th_mm1").get("/api/v1/client/?q=(page_size:100)").json["result"]
    mine = next(r for r in rows if r["id"] == pk)
    assert mine["phone"] == "138****0001"


def test_ui_list_show_and_edit_are_masked(app, client_as):
    pk = _client_with_phone(2)
    c = client_as("th_mm1")
    for url in ("/clientview/list/?psize_ClientView=100", f"/clientview/show/{pk}",
                f"/clientview/edit/{pk}"):
        html = c.get(url).get_data(as_text=True)
        assert "13812340002" not in html and "wx_secret_id" not in html, url
    assert "138****0002" in c.get(f"/clientview/show/{pk}").get_data(as_text=True)


@pytest.mark.rule("000.clients.contact_privacy",
                  "001.clients.contact_privacy",
                  "002.clients.contact_privacy")
def test_reveal_button_shows_and_audits(app, client_as, db_session):
    pk = _client_with_phone(3)
    c = client_as("th_mm1")
    assert gettext("Show contact details") in c.get(f"/clientview/show/{pk}").get_data(as_text=True)
    resp = c.post(f"/clientview/reveal/{pk}", data={"reason": "約見前聯繫"})
    assert resp.status_code == 200
    assert "13812340003" in resp.get_data(as_text=True)
    rows = _reveals(db_session, pk)
    assert len(rows) == 1 and rows[0].actor_name == "th_mm1" and rows[0].comment == "約見前聯繫"


@pytest.mark.rule("000.clients.contact_privacy",
                  "001.clients.contact_privacy",
                  "002.clients.contact_privacy")
def test_reveal_needs_permission_and_scope(app, client_as, db_session):
    pk = _client_with_phone(4)
    # Executives read every client but hold no can_view_contact.
    boss = client_as("boss")
    assert gettext("Show contact details") not in boss.get(f"/clientview/show/{pk}").get_data(
        as_text=True)
    assert boss.post(f"/clientview/reveal/{pk}").status_code in (302, 403)
    assert client_as("yx_mm_head").post(f"/clientview/reveal/{pk}").status_code == 404
    assert _reveals(db_session, pk) == []


def test_rest_contact_audited(app, api_as, db_session):
    pk = _client_with_phone(5)
    resp = api_as("th_manager").get(f"/api/v1/client/{pk}/contact")
    assert resp.status_code == 200 and resp.json["phone"] == "13812340005"
    assert resp.json["wechat"] == "wx_secret_id"
    assert api_as("boss").get(f"/api/v1/client/{pk}/contact").status_code == 403
    assert len(_reveals(db_session, pk)) == 1


def test_masked_value_sent_back_keeps_the_real_one(app, api_as, client_as, db_session):
    pk = _client_with_phone(6)
    api = api_as("th_mm1")
    row = api.get(f"/api/v1/client/{pk}").json["result"]
    resp = api.put(f"/api/v1/client/{pk}", json={"phone": row["phone"], "hobbies": "羽毛球"})
    assert resp.status_code == 200, resp.json
    db_session.expire_all()
    c = db_session.get(Client, pk)
    assert c.phone == "13812340006" and c.hobbies == "羽毛球"
    # Audit rows never hold contact values in clear.
    rows = db_session.scalars(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(pk))).all()
    assert all("13812340006" not in str(r.changes) for r in rows)

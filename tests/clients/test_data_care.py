"""Client data (issue 10 item 5): dated consent, last verified and the re-verify list,
reclassify / archive only by the owner of client files, email masked like phone."""
import datetime as dt

import pytest
from sqlalchemy import select

from app.clients.models import Client
from app.core.models import utcnow
from app.core.scope import unscoped
from app.extensions import db
from tests.clients.conftest import new_client


def _get(pk):
    with unscoped():
        db.session.expire_all()
        return db.session.get(Client, pk)


@pytest.mark.rule("000.clients.share_consent")
def test_consent_is_a_dated_flag_the_export_reads(app, client_as):
    assert Client.export_consent_column == "share_consent_at"
    assert isinstance(Client.__table__.c.share_consent_at.type, db.DateTime)
    pk = new_client()
    assert _get(pk).share_consent_at is None
    ui = client_as("th_mm1")
    form = ui.get(f"/clientview/edit/{pk}").get_data(as_text=True)
    assert 'name="share_consent"' in form
    c = _get(pk)
    c.share_consent = True
    stamped = c.share_consent_at
    assert stamped is not None and abs((utcnow() - stamped).total_seconds()) < 60
    c.share_consent = True  # agreeing again keeps the first date
    assert c.share_consent_at == stamped
    c.share_consent = False
    assert c.share_consent_at is None
    db.session.rollback()


@pytest.mark.rule("000.clients.reverify")
def test_files_not_verified_within_n_days_are_listed_for_their_owner(app, client_as,
                                                                       monkeypatch):
    monkeypatch.setitem(app.config, "CLIENT_REVERIFY_DAYS", 90)
    old = new_client(verified_at=utcnow() - dt.timedelta(days=120), name="久未核實客戶")
    fresh = new_client(verified_at=utcnow() - dt.timedelta(days=10), name="剛核實客戶")
    never = new_client(name="從未核實客戶")
    others = new_client(matchmaker="th_mm2", name="別人的未核實客戶")
    html = client_as("th_mm1").get("/clientreverifyview/list/?psize_ClientReverifyView=100") \
        .get_data(as_text=True)
    assert "久未核實客戶" in html and "從未核實客戶" in html
    assert "剛核實客戶" not in html and "別人的未核實客戶" not in html
    assert old and fresh and never and others
    # Verifying takes the file off the list; the date shows on the client.
    resp = client_as("th_mm1").post(f"/clientview/verify/{old}")
    assert resp.status_code == 302
    assert _get(old).verified_at.date() == utcnow().date()
    html = client_as("th_mm1").get("/clientreverifyview/list/?psize_ClientReverifyView=100") \
        .get_data(as_text=True)
    assert "久未核實客戶" not in html
    show = client_as("th_mm1").get(f"/clientview/show/{old}").get_data(as_text=True)
    assert f"{utcnow():%Y-%m-%d}" in show


@pytest.mark.rule("000.clients.file_owner")
def test_only_the_owner_of_client_files_reclassifies(app, api_as):
    pk = new_client(tier="standard")
    refused = api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"tier": "premium"})
    assert refused.status_code == 403, refused.get_data(as_text=True)
    assert _get(pk).tier == "standard"
    # Other edits by the matchmaker are fine.
    assert api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"hobbies": "游泳"}) \
        .status_code == 200
    ok = api_as("th_cs1").put(f"/api/v1/client/{pk}", json={"tier": "premium"})
    assert ok.status_code == 200, ok.get_data(as_text=True)
    assert _get(pk).tier == "premium"


@pytest.mark.rule("000.clients.file_owner")
def test_only_the_owner_of_client_files_archives(app, api_as):
    pk = new_client()
    assert api_as("th_mm_head").delete(f"/api/v1/client/{pk}").status_code == 403
    assert _get(pk).archived_at is None
    assert api_as("th_cs1").delete(f"/api/v1/client/{pk}").status_code == 200
    assert _get(pk).archived_at is not None


@pytest.mark.rule("000.clients.contact_privacy")
def test_email_masked_like_phone_everywhere(app, api_as, client_as, db_session):
    pk = new_client(email="zhang.wei@example.com")
    row = api_as("th_mm1").get(f"/api/v1/client/{pk}").json["result"]
    assert row["email"] == "zha****.com"
    html = client_as("th_mm1").get(f"/clientview/show/{pk}").get_data(as_text=True)
    assert "zhang.wei@example.com" not in html and "zha****.com" in html
    # Editing without touching the masked email keeps the real one.
    assert api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"email": "zha****.com"}) \
        .status_code == 200
    assert _get(pk).email == "zhang.wei@example.com"
    # The audit log masks it too.
    from app.core.models import AuditLog

    api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"email": "li.na@example.com"})
    rows = db_session.scalars(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(pk))).all()
    text = " ".join(str(r.changes) for r in rows)
    assert "li.na@example.com" not in text and "zhang.wei@example.com" not in text

"""CSRF on REST calls the session cookie authenticates (app/core/web.py): a cross-site form
cannot drive the API with the user's cookie; the page's token or a JWT can."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from app.clients.models import Client
from app.core.scope import unscoped
from app.extensions import db
from tests import factories


@contextmanager
def csrf_enabled(app):
    """TestConfig switches CSRF off; these tests switch it on (forms and REST follow it)."""
    old = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = old


@pytest.fixture
def paused_client(app):
    def make():
        with app.app_context():
            pk = factories.make_client("TH-MM", matchmaker="th_mm1", status="paused").id
            db.session.remove()
        return pk

    return make


def _status(app, pk) -> str:
    with app.app_context(), unscoped():
        status = db.session.get(Client, pk).status
        db.session.remove()
    return status


def _page_token(client) -> str:
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "the base template carries the CSRF token"
    return match.group(1)


def test_cross_site_form_post_with_the_cookie_is_refused(app, client_as, paused_client):
    pk = paused_client()
    c = client_as("th_mm1")
    with csrf_enabled(app):
        r = c.post(f"/api/v1/client/{pk}/transition/resume", data={"comment": "恢復"},
                   headers={"Origin": "https://evil.example", "Referer": "https://evil.example/"})
        assert r.status_code in (400, 403) and r.is_json
        assert "CSRF" in r.json["message"]
        # JSON without a token, a wrong token: refused the same way
        r = c.post(f"/api/v1/client/{pk}/transition/resume", json={"comment": "x"})
        assert r.status_code in (400, 403) and r.is_json
        r = c.post(f"/api/v1/client/{pk}/transition/resume", json={"comment": "x"},
                   headers={"X-CSRFToken": "forged"})
        assert r.status_code in (400, 403) and r.is_json
        r = c.put(f"/api/v1/client/{pk}", json={"city": "深圳"})
        assert r.status_code in (400, 403) and r.is_json
    assert _status(app, pk) == "paused"


def test_the_same_call_with_the_page_token_succeeds(app, client_as, paused_client):
    pk = paused_client()
    c = client_as("th_mm1")
    with csrf_enabled(app):
        token = _page_token(c)
        r = c.post(f"/api/v1/client/{pk}/transition/resume", json={"comment": "恢復"},
                   headers={"X-CSRFToken": token})
        assert r.status_code == 200, r.get_data(as_text=True)
        # a form post carrying the token as a field is accepted too
        pk2 = paused_client()
        r = c.post(f"/api/v1/client/{pk2}/transition/resume",
                   data={"comment": "恢復", "csrf_token": token})
        assert r.status_code == 200, r.get_data(as_text=True)
        # reading needs no token
        assert c.get(f"/api/v1/client/{pk}").status_code == 200
    assert _status(app, pk) == "active" and _status(app, pk2) == "active"


def test_jwt_calls_need_no_token(app, api_as, paused_client):
    pk = paused_client()
    api = api_as("th_mm1")
    with csrf_enabled(app):
        r = api.post(f"/api/v1/client/{pk}/transition/resume", json={"comment": "恢復"})
        assert r.status_code == 200, r.get_data(as_text=True)
        # and the JWT login itself stays open (no session yet)
        r = app.test_client().post("/api/v1/security/login", json={
            "username": "th_mm1", "password": factories_password(), "provider": "db"})
        assert r.status_code == 200 and "access_token" in r.json
    assert _status(app, pk) == "active"


def test_an_anonymous_unsafe_call_without_token_is_refused_before_anything(app, paused_client):
    pk = paused_client()
    with csrf_enabled(app):
        r = app.test_client().post(f"/api/v1/client/{pk}/transition/resume", json={})
        assert r.status_code in (400, 401, 403) and r.is_json
    assert _status(app, pk) == "paused"


def test_the_check_follows_the_csrf_switch(app, client_as, paused_client):
    """TestConfig disables CSRF for forms: REST follows the same switch."""
    assert app.config["WTF_CSRF_ENABLED"] is False
    pk = paused_client()
    r = client_as("th_mm1").post(f"/api/v1/client/{pk}/transition/resume", json={"comment": "x"})
    assert r.status_code == 200


def factories_password() -> str:
    from tests.conftest import DEMO_PASSWORD

    return DEMO_PASSWORD

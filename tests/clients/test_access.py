"""Scope four cases (anonymous, no permission, in scope, out of scope) on every client path."""
import pytest

from tests.clients.conftest import new_client

# finance: a signed-in user whose roles carry no permission on clients.
NO_PERMISSION = "finance"
OUT_OF_SCOPE = "yx_cs_head"  # heads the other store's 客服部: every client permission, other rows


def _status(resp):
    return resp.status_code


# --- UI -------------------------------------------------------------------------------------
UI = [
    # name, method, url, user allowed in scope, expected in-scope status
    ("show", "get", "/clientview/show/{pk}", "th_mm1", 200),
    ("edit", "get", "/clientview/edit/{pk}", "th_mm1", 200),
    ("delete", "post", "/clientview/delete/{pk}", "th_cs_head", 302),
]


@pytest.mark.parametrize("name,method,url,user,ok", UI)
def test_ui_four_cases(app, client_as, name, method, url, user, ok):
    pk = new_client(status="lead")
    url = url.format(pk=pk)
    anon = getattr(app.test_client(), method)(url)
    assert anon.status_code == 302 and "login" in anon.headers["Location"]
    denied = getattr(client_as(NO_PERMISSION), method)(url)
    assert denied.status_code in (302, 403)
    if denied.status_code == 302:
        assert "login" in denied.headers["Location"] or denied.headers["Location"].endswith("/")
    assert getattr(client_as(OUT_OF_SCOPE), method)(url).status_code == 404
    assert getattr(client_as(user), method)(url).status_code == ok


def test_ui_list_shows_only_scope(app, client_as):
    mine = new_client(name="天河範圍內客戶")
    other = new_client(dept_code="YX-MM", matchmaker="yx_mm1", name="越秀範圍外客戶")
    assert other and mine
    assert app.test_client().get("/clientview/list/").status_code == 302
    assert client_as(NO_PERMISSION).get("/clientview/list/").status_code in (302, 403)
    page = client_as("th_mm_head").get("/clientview/list/?psize_ClientView=100")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "天河範圍內客戶" in html and "越秀範圍外客戶" not in html


def test_ui_delete_archives(app, client_as, db_session):
    from app.clients.models import Client

    pk = new_client()
    client_as("th_cs_head").post(f"/clientview/delete/{pk}")
    db_session.expire_all()
    assert db_session.get(Client, pk).archived_at is not None
    html = client_as("th_mm_head").get("/clientview/list/?psize_ClientView=100").get_data(
        as_text=True)
    assert db_session.get(Client, pk).client_no not in html


# --- REST -----------------------------------------------------------------------------------
API = [
    # name, method, url, json, user allowed in scope, expected in-scope status
    ("get", "get", "/api/v1/client/{pk}", None, "th_mm1", 200),
    ("put", "put", "/api/v1/client/{pk}", {"hobbies": "登山"}, "th_mm1", 200),
    ("history", "get", "/api/v1/client/{pk}/history", None, "th_mm1", 200),
    ("transition", "post", "/api/v1/client/{pk}/transition/submit", {}, "th_mm1", 200),
    ("candidates", "get", "/api/v1/client/{pk}/candidates?limit=5", None, "th_mm1", 200),
    ("contact", "get", "/api/v1/client/{pk}/contact", None, "th_mm1", 200),
    ("delete", "delete", "/api/v1/client/{pk}", None, "th_cs_head", 200),
]


@pytest.mark.parametrize("name,method,url,body,user,ok", API)
def test_api_four_cases(app, api_as, name, method, url, body, user, ok):
    pk = new_client(status="lead")
    url = url.format(pk=pk)
    kw = {"json": body} if body is not None else {}
    assert getattr(api_as(None), method)(url, **kw).status_code == 401
    assert getattr(api_as(NO_PERMISSION), method)(url, **kw).status_code == 403
    assert getattr(api_as(OUT_OF_SCOPE), method)(url, **kw).status_code == 404
    resp = getattr(api_as(user), method)(url, **kw)
    assert resp.status_code == ok, resp.get_data(as_text=True)


def test_api_list_scope(app, api_as):
    mine = new_client()
    other = new_client(dept_code="YX-MM", matchmaker="yx_mm1")
    assert api_as(None).get("/api/v1/client/").status_code == 401
    assert api_as(NO_PERMISSION).get("/api/v1/client/").status_code == 403
    ids = {r["id"] for r in api_as("th_mm1").get(
        "/api/v1/client/?q=(page_size:100)").json["result"]}
    assert mine in ids and other not in ids


def test_matchmaker_may_not_delete(app, api_as):
    pk = new_client()
    assert api_as("th_mm1").delete(f"/api/v1/client/{pk}").status_code == 403


def test_store_manager_sees_store_subtree(app, api_as):
    pk = new_client(matchmaker="th_mm2")
    assert api_as("th_manager").get(f"/api/v1/client/{pk}").status_code == 200
    assert api_as("yx_manager").get(f"/api/v1/client/{pk}").status_code == 404

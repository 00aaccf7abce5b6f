"""FAB's security API (/api/v1/security/...) and the Roles / Users pages: bad bodies answer
4xx, never 500; nothing leaves the system without an active user holding the Admin role with
all its permissions."""
from __future__ import annotations

import itertools
import re
from urllib.parse import quote_plus

import pytest
from sqlalchemy import func, select

from app.core.roles import role_of_kind
from app.extensions import db

SECURITY = "/api/v1/security/"
OPEN = {"/api/v1/security/login", "/api/v1/security/refresh"}
BAD_BODIES = [
    ("", "application/json"),
    ("null", "application/json"),
    ("[]", "application/json"),
    ('"s"', "application/json"),
    ("1", "application/json"),
    ("{", "application/json"),
    ("name=x", "application/x-www-form-urlencoded"),
    ("", None),
]
_seq = itertools.count(1)


def _admin_role(app):
    return app.appbuilder.sm.find_role(app.config["AUTH_ROLE_ADMIN"])


def _admin_permission_count(app) -> int:
    from flask_appbuilder.security.sqla.models import assoc_permissionview_role

    with app.app_context():
        role_id = _admin_role(app).id
        return db.session.scalar(select(func.count()).select_from(assoc_permissionview_role)
                                 .where(assoc_permissionview_role.c.role_id == role_id))


def _ids(app):
    with app.app_context():
        sm = app.appbuilder.sm
        return {"admin_role": _admin_role(app).id,
                "admin_user": sm.find_user(username="admin").id,
                "mm_role": role_of_kind("Frontline").id}


def _security_rules(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(SECURITY) or rule.rule.rstrip("/") in OPEN:
            continue
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            yield method, rule


def _url(rule, pk) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<int:{arg}>", str(pk)).replace(f"<{arg}>", str(pk))
    return url


def _assert_admin_intact(app, before: int):
    assert _admin_permission_count(app) == before
    with app.app_context():
        from app.security import active_admin_count

        assert active_admin_count(db.session.connection()) >= 1
        db.session.remove()


def test_bad_bodies_answer_4xx_json_on_every_security_endpoint(app, api_as):
    api = api_as("admin")
    ids = _ids(app)
    before = _admin_permission_count(app)
    seen = 0
    for method, rule in _security_rules(app):
        # Bodies on existing rows (the Admin role / user: nothing may change) and a missing one.
        for pk in (ids["admin_role"] if "roles" in rule.rule else ids["admin_user"], 999999):
            if method == "DELETE" and pk != 999999:
                continue
            for body, ctype in BAD_BODIES if method != "DELETE" else [("", None)]:
                headers = {"Content-Type": ctype} if ctype else {}
                r = getattr(api.client, method.lower())(
                    _url(rule, pk), data=body, headers={**api.headers, **headers})
                seen += 1
                assert 400 <= r.status_code < 500, (method, rule.rule, body, r.status_code,
                                                    r.get_data(as_text=True)[:200])
                assert r.is_json, (method, rule.rule, body)
    assert seen > 50
    _assert_admin_intact(app, before)


@pytest.mark.parametrize("payload", [
    {"name": "x" * 65},
    {"name": "a\x00b"},
    {"name": "\ud800"},
    {"name": 7},
    {"name": None},
    {"name": "ok", "unknown": 1},
])
def test_malformed_role_values_are_4xx(app, api_as, payload):
    r = api_as("admin").post("/api/v1/security/roles/", json=payload)
    assert 400 <= r.status_code < 500 and r.is_json, r.get_data(as_text=True)


@pytest.mark.parametrize("payload", [
    {"permission_view_menu_ids": [2**40]},
    {"permission_view_menu_ids": "all"},
    {"permission_view_menu_ids": [None]},
])
def test_malformed_permission_lists_are_4xx(app, api_as, payload):
    role = _new_role(app, api_as)
    r = api_as("admin").post(f"/api/v1/security/roles/{role}/permissions", json=payload)
    assert 400 <= r.status_code < 500 and r.is_json, r.get_data(as_text=True)


def test_malformed_users_are_4xx(app, api_as):
    ids = _ids(app)
    base = {"first_name": "測", "last_name": "試", "email": "t@example.com",
            "password": "Yuelao@2026x", "roles": [ids["mm_role"]]}
    api = api_as("admin")
    for extra in ({"username": "u" * 300}, {"username": "ok1", "first_name": "名" * 65},
                  {"username": "ok2", "email": "e\x00@x"}, {"username": "ok3", "roles": [2**40]},
                  {"username": "ok4", "roles": [999999]}):
        r = api.post("/api/v1/security/users/", json={**base, **extra})
        assert 400 <= r.status_code < 500 and r.is_json, (extra, r.get_data(as_text=True))


def _new_role(app, api_as) -> int:
    r = api_as("admin").post("/api/v1/security/roles/", json={"name": f"臨時角色{next(_seq)}"})
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.json["id"]


def test_the_admin_role_keeps_its_permissions_name_and_existence(app, api_as):
    api = api_as("admin")
    ids = _ids(app)
    before = _admin_permission_count(app)
    role = f"/api/v1/security/roles/{ids['admin_role']}"
    for method, url, body in [
        ("post", f"{role}/permissions", {"permission_view_menu_ids": []}),
        ("post", f"{role}/permissions", {"permission_view_menu_ids": [1]}),
        ("put", role, {"name": "Nobody"}),
        ("delete", role, None),
    ]:
        r = getattr(api, method)(url, json=body) if body is not None else api.delete(url)
        assert r.status_code == 409 and r.is_json, (method, url, r.get_data(as_text=True))
        assert "管理员" in r.json["message"]  # names the Admin role (in the UI's Chinese)
    _assert_admin_intact(app, before)
    with app.app_context():
        assert _admin_role(app).name == app.config["AUTH_ROLE_ADMIN"]


def test_a_permission_the_admin_role_holds_cannot_be_deleted(app, api_as):
    from flask_appbuilder.security.sqla.models import assoc_permissionview_role

    ids = _ids(app)
    with app.app_context():
        pv = db.session.scalar(select(assoc_permissionview_role.c.permission_view_id)
                               .where(assoc_permissionview_role.c.role_id == ids["admin_role"])
                               .limit(1))
    before = _admin_permission_count(app)
    r = api_as("admin").delete(f"/api/v1/security/permissions-resources/{pv}")
    assert r.status_code in (409, 422) and r.is_json
    _assert_admin_intact(app, before)


def test_the_last_active_admin_cannot_be_removed(app, api_as):
    api = api_as("admin")
    ids = _ids(app)
    user = f"/api/v1/security/users/{ids['admin_user']}"
    for method, url, body in [
        ("put", user, {"active": False}),
        ("put", user, {"roles": [ids["mm_role"]]}),
        ("delete", user, None),
        ("put", f"/api/v1/security/roles/{ids['admin_role']}/users", {"user_ids": []}),
    ]:
        r = getattr(api, method)(url, json=body) if body is not None else api.delete(url)
        assert r.status_code == 409 and r.is_json, (method, url, r.get_data(as_text=True))
    with app.app_context():
        admin = app.appbuilder.sm.find_user(username="admin")
        assert admin.active and any(r.name == "Admin" for r in admin.roles)
        db.session.remove()
    # and the admin still works
    assert api.get("/api/v1/security/roles/").status_code == 200


def test_ordinary_role_changes_still_work(app, api_as):
    api = api_as("admin")
    pk = _new_role(app, api_as)
    r = api.post(f"/api/v1/security/roles/{pk}/permissions", json={"permission_view_menu_ids": []})
    assert r.status_code == 200
    assert api.put(f"/api/v1/security/roles/{pk}", json={"name": f"改名{pk}"}).status_code == 200
    assert api.delete(f"/api/v1/security/roles/{pk}").status_code == 200


def _zh(msgid: str) -> str:
    """The message as the (Simplified Chinese) UI shows it."""
    from babel.support import Translations

    return Translations.load("app/translations", ["zh"]).gettext(msgid)


def _flashes(response) -> str:
    return " ".join(re.findall(r'data-dismiss="alert">&times;</button>(.*?)</div>',
                               response.get_data(as_text=True), re.S))


def test_roles_page_refuses_to_strip_admin(app, client_as):
    ids = _ids(app)
    before = _admin_permission_count(app)
    c = client_as("admin")
    r = c.post(f"/roles/edit/{ids['admin_role']}", data={"name": "Admin", "permissions": ["1"]},
               follow_redirects=True)
    assert r.status_code == 200
    assert _zh("Permissions cannot be removed from the Admin role") in _flashes(r)
    r = c.post(f"/roles/edit/{ids['admin_role']}", data={"name": "Boss", "permissions": []},
               follow_redirects=True)
    assert r.status_code == 200 and "管理员" in _flashes(r)
    _assert_admin_intact(app, before)


def test_users_page_refuses_to_delete_or_disable_the_last_admin(app, client_as):
    ids = _ids(app)
    c = client_as("admin")
    r = c.post(f"/users/delete/{ids['admin_user']}", follow_redirects=True)
    assert r.status_code == 200
    assert _zh("At least one active user must keep the Admin role") in _flashes(r)
    with app.app_context():
        admin = app.appbuilder.sm.find_user(username="admin")
        form = {"first_name": admin.first_name or "管理", "last_name": admin.last_name or "員",
                "username": "admin", "email": admin.email or "admin@example.com"}
        db.session.remove()
    # unticked "active", and the Admin role swapped for another
    r = c.post(f"/users/edit/{ids['admin_user']}", data={**form, "roles": [str(ids["mm_role"])]},
               follow_redirects=True)
    assert r.status_code == 200
    assert _zh("At least one active user must keep the Admin role") in _flashes(r), _flashes(r)
    with app.app_context():
        admin = app.appbuilder.sm.find_user(username="admin")
        assert admin.active and [role.name for role in admin.roles] == ["Admin"]
        db.session.remove()
    assert c.get("/users/list/").status_code == 200


@pytest.mark.parametrize("username", ["\ud835\udc7b\ud835", "ad\x00min", "x" * 5000, 12, None])
def test_login_with_unusable_credentials_is_refused_not_500(app, username):
    c = app.test_client()
    r = c.post("/api/v1/security/login",
               json={"username": username, "password": "x", "provider": "db"})
    assert r.status_code in (400, 401) and r.is_json, r.get_data(as_text=True)
    # the form: what a browser can send (bytes; a lone surrogate arrives as invalid UTF-8)
    raw = b"username=%ED%A0%80ad%00min&password=x" if not isinstance(username, str) \
        else b"username=" + quote_plus(username, errors="surrogatepass").encode() + b"&password=x"
    r = c.post("/login/", data=raw, content_type="application/x-www-form-urlencoded")
    assert r.status_code in (200, 302)


def test_login_with_an_empty_body_is_4xx(app):
    c = app.test_client()
    for body, ctype in BAD_BODIES:
        r = c.post("/api/v1/security/login", data=body,
                   headers={"Content-Type": ctype} if ctype else {})
        assert 400 <= r.status_code < 500 and r.is_json, (body, r.status_code)

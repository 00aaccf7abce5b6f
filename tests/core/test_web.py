"""Request-level pieces: the trusted REMOTE_USER header, JSON errors under /api/."""
from app.core.web import RemoteUserFromHeader


def _call(header_value):
    seen = {}

    def inner(environ, start_response):
        seen["user"] = environ.get("REMOTE_USER")
        return []

    mw = RemoteUserFromHeader(inner, "X-Remote-User")
    environ = {"REMOTE_USER": "spoofed"}
    if header_value:
        environ["HTTP_X_REMOTE_USER"] = header_value
    mw(environ, lambda *a: None)
    return seen["user"]


def test_remote_user_comes_from_the_proxy_header_only():
    assert _call("th_mm1") == "th_mm1"
    assert _call(None) is None  # nothing from the header: nobody, whatever was there


def test_api_not_found_is_json(app):
    r = app.test_client().get("/api/v1/no_such_resource/")
    assert r.status_code == 404 and r.is_json


def test_static_assets_are_public_and_files_from_views_private(app, client_as):
    c = client_as("th_mm1")
    css = c.get("/static/yuelao/yuelao.css")
    assert css.status_code == 200 and "public" in css.headers.get("Cache-Control", "")
    fab = c.get("/static/appbuilder/css/ab.css")
    assert fab.status_code == 200 and "public" in fab.headers.get("Cache-Control", "")


def test_a_downloaded_evidence_file_is_not_kept_by_shared_caches(app, api_as, tmp_path):
    import io

    from tests.finance.factories import PDF
    from tests.service.conftest import make_complaint

    old = app.config["UPLOAD_ROOT"]
    app.config["UPLOAD_ROOT"] = str(tmp_path)
    try:
        with app.app_context():
            pk = make_complaint()
        c = api_as("th_cs_head")
        r = c.post(f"/api/v1/complaint/{pk}/attachments",
                   data={"file": (io.BytesIO(PDF), "note.pdf")},
                   content_type="multipart/form-data")
        assert r.status_code == 201, r.json
        got = c.get(f"/api/v1/complaint/{pk}/attachments/{r.json['id']}")
        assert got.status_code == 200
        cache = got.headers.get("Cache-Control", "")
        assert "public" not in cache and "private" in cache and "no-store" in cache
    finally:
        app.config["UPLOAD_ROOT"] = old


def test_pages_and_api_answers_are_not_stored_by_any_cache(app, client_as, api_as):
    from tests import factories

    with app.app_context():
        pk = factories.make_client("TH-MM", matchmaker="th_mm1").id
    c = client_as("th_mm1")
    for url in ("/", "/clientview/list/", f"/clientview/show/{pk}", f"/api/v1/client/{pk}",
                f"/api/v1/client/{pk}/contact"):
        r = c.get(url)
        assert r.status_code == 200, url
        cache = r.headers.get("Cache-Control", "")
        assert "no-store" in cache and "public" not in cache, (url, cache)
    r = api_as("th_mm1").get(f"/api/v1/client/{pk}/contact")
    assert r.status_code == 200 and "no-store" in r.headers["Cache-Control"]
    # static assets keep their public caching
    css = c.get("/static/yuelao/yuelao.css")
    assert "no-store" not in css.headers.get("Cache-Control", "")


def test_unreachable_database_errors_are_recognised():
    import sqlite3

    import psycopg2
    from sqlalchemy import exc

    from app.core.web import database_unavailable

    refused = exc.OperationalError("SELECT 1", {}, psycopg2.OperationalError("refused"))
    assert database_unavailable(refused)
    assert database_unavailable(exc.InterfaceError("SELECT 1", {}, Exception("closed")))
    locked = exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))
    assert database_unavailable(locked)
    # a broken statement is a bug, not an outage: it stays a 500 in the logs
    typo = exc.OperationalError("SELECT", {}, sqlite3.OperationalError("no such column: x"))
    assert not database_unavailable(typo)
    assert not database_unavailable(exc.IntegrityError("INSERT", {}, Exception("dup")))


def test_favicon_is_the_logo_not_a_404(app):
    resp = app.test_client().get("/favicon.ico")
    assert resp.status_code == 301 and resp.headers["Location"].endswith("/yuelao/logo.svg")

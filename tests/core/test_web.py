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


def test_a_downloaded_evidence_file_is_not_kept_by_shared_caches(app, client_as, tmp_path):
    import io

    from app.core.scope import unscoped
    from app.extensions import db
    from app.service.models import ComplaintAttachment
    from tests.service.conftest import make_complaint

    old = app.config["UPLOAD_ROOT"]
    app.config["UPLOAD_ROOT"] = str(tmp_path)
    try:
        with app.app_context():
            pk = make_complaint()
        c = client_as("th_cs_head")
        r = c.post(f"/complaintview/attach/{pk}",
                   data={"file": (io.BytesIO(b"evidence"), "note.txt")},
                   content_type="multipart/form-data")
        assert r.status_code in (200, 302)
        with app.app_context(), unscoped():
            att = db.session.query(ComplaintAttachment).filter_by(complaint_id=pk).one()
        got = c.get(f"/complaintview/attachment/{att.id}")
        assert got.status_code == 200
        cache = got.headers.get("Cache-Control", "")
        assert "public" not in cache and "private" in cache
    finally:
        app.config["UPLOAD_ROOT"] = old

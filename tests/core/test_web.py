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

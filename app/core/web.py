"""Request-level defaults: security and cache headers, JSON errors for the API, CSRF on REST
calls authenticated by the session cookie, and 503 while the database is unreachable."""
from __future__ import annotations

import logging
import math

from flask import current_app, flash, has_request_context, jsonify, redirect, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import validate_csrf
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from werkzeug.exceptions import NotFound
from wtforms.validators import ValidationError

from app.core.errors import ServiceError

log = logging.getLogger(__name__)

# Everything is served from this origin: a page that tries to load from elsewhere is refused.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# REST endpoints a browser reaches before it has a session (nothing to forge).
CSRF_OPEN_PATHS = frozenset({"/api/v1/security/login"})
CSRF_HEADERS = ("X-CSRFToken", "X-CSRF-Token")
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_DB_DOWN = "_yuelao_database_unavailable"
MAX_INT = 2**31 - 1
# SQLSTATE classes that mean "the database cannot serve now, try again": connection
# exception, insufficient resources (too many connections), operator intervention (shutdown,
# terminated backend, starting up).
_UNAVAILABLE_SQLSTATE = ("08", "53", "57")
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database", "disk i/o error")


def database_unavailable(err: BaseException) -> bool:
    """True when ``err`` says the database cannot be reached or is going away (retry later),
    as opposed to a bug in a statement."""
    if isinstance(err, sa_exc.DBAPIError) and err.connection_invalidated:
        return True
    if isinstance(err, (sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError)):
        return True
    if isinstance(err, sa_exc.OperationalError):
        orig = err.orig
        code = getattr(orig, "pgcode", None)
        if code:
            return code[:2] in _UNAVAILABLE_SQLSTATE
        if type(orig).__module__.startswith("sqlite3"):
            return any(m in str(orig).lower() for m in _SQLITE_UNAVAILABLE)
        return True  # no SQLSTATE: the server never answered (refused, reset, timed out)
    return False


def _note_database_error(context) -> None:
    """Engine hook: remember in the request that the database failed, even when the error is
    caught on the way (FAB's ``@safe`` turns every exception into a 500 JSON answer)."""
    if getattr(context, "is_pre_ping", False):
        return  # a stale pooled connection, replaced before the request used it
    err = context.sqlalchemy_exception
    if context.is_disconnect or (err is not None and database_unavailable(err)):
        if has_request_context():
            setattr(request._get_current_object(), _DB_DOWN, True)


def database_failed() -> bool:
    """True when the database was found unreachable earlier in this request."""
    return has_request_context() and bool(getattr(request, _DB_DOWN, False))


if not event.contains(Engine, "handle_error", _note_database_error):
    event.listen(Engine, "handle_error", _note_database_error)


def _rollback() -> None:
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  the connection is gone: nothing left to roll back
        log.debug("rollback after a database outage failed", exc_info=True)


def unavailable_response():
    """503 with Retry-After: JSON under /api/, a friendly page elsewhere. Rendered without
    context processors (the current user cannot be loaded while the database is away)."""
    _rollback()
    retry = str(current_app.config.get("DB_UNAVAILABLE_RETRY_AFTER", 5))
    if request.path.startswith("/api/"):
        response = jsonify(message=str(_l("The database is unavailable; please retry in a "
                                          "few seconds")))
    else:
        page = current_app.jinja_env.get_template("yuelao/unavailable.html")
        response = current_app.response_class(page.render(retry_after=retry),
                                              mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = retry
    return response


def body_problem(body, model) -> str | None:
    """What makes a JSON body unusable before it reaches the ORM: NUL characters, lone
    surrogates, text longer than its column, numbers no column holds."""
    lengths = {c.key: c.type.length for c in model.__table__.columns
               if getattr(c.type, "length", None)}

    def walk(value, key):
        if isinstance(value, str):
            if "\x00" in value:
                return str(_l("%(field)s: NUL characters are not allowed", field=key))
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return str(_l("%(field)s: invalid characters", field=key))
            if lengths.get(key) and len(value) > lengths[key]:
                return str(_l("%(field)s: at most %(n)s characters", field=key, n=lengths[key]))
        elif isinstance(value, bool) or value is None:
            return None
        elif isinstance(value, int) and abs(value) > MAX_INT:
            return str(_l("%(field)s: number out of range", field=key))
        elif isinstance(value, float) and not math.isfinite(value):
            return str(_l("%(field)s: number out of range", field=key))
        elif isinstance(value, list):
            return next((p for p in (walk(v, key) for v in value) if p), None)
        elif isinstance(value, dict):
            return next((p for p in (walk(v, key) for v in value.values()) if p), None)
        return None

    for key, value in body.items():
        problem = walk(str(key), "field") or walk(value, key)
        if problem:
            return problem
    return None


def _csrf_error(message: str):
    return jsonify(message=message), 400


def check_rest_csrf():
    """Unsafe REST calls not carrying a JWT (so authenticated, if at all, by the session
    cookie a browser attaches by itself) must carry the session's CSRF token, like forms."""
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return None
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    if request.path.rstrip("/") in CSRF_OPEN_PATHS:
        return None
    if request.headers.get("Authorization", "")[:7].lower() == "bearer ":
        return None  # a header no cross-site page can set without CORS: not forgeable
    token = next((request.headers[h] for h in CSRF_HEADERS if request.headers.get(h)), None)
    if token is None and request.mimetype in FORM_TYPES:
        token = request.form.get("csrf_token")
    try:
        validate_csrf(token)
    except ValidationError as err:
        return _csrf_error(str(_l("CSRF check failed: %(reason)s Send the page's token in "
                                  "the X-CSRFToken header, or authenticate with a JWT.",
                                  reason=str(err))))
    return None


def _is_static() -> bool:
    return (request.endpoint or "").endswith("static")


def _same_site_referrer() -> str | None:
    """The page the user came from, only when it is on this site (no open redirect)."""
    from urllib.parse import urlsplit

    ref = request.referrer
    if not ref:
        return None
    parts = urlsplit(ref)
    return ref if parts.netloc == request.host and parts.scheme in ("http", "https") else None


def register_web(app) -> None:
    app.before_request(check_rest_csrf)

    @app.route("/favicon.ico")
    def _favicon():
        # Browsers ask for it whatever the page says: the logo, not a 404 in every log.
        from flask import redirect, url_for

        return redirect(url_for("static", filename="yuelao/logo.svg"), code=301)

    @app.after_request
    def _security_headers(response):
        # FAB's ``@safe`` answers 500, the data interface 422, FAB's own checks may deny
        # access, for a database that went away in the middle of the request: the honest
        # answer to every failed request is then "unavailable, retry".
        if response.status_code >= 400 and response.status_code != 503 and database_failed():
            log.warning("database unavailable during %s %s", request.method, request.path)
            response = unavailable_response()
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy",
                                    "camera=(), microphone=(), geolocation=()")
        # Only the static assets (CSS, JS, fonts) may be kept by caches. Pages, API answers and
        # files sent by views (photos, evidence) carry personal data: no cache keeps them.
        if not _is_static():
            if response.cache_control.public:
                response.cache_control.public = None
                response.cache_control.private = True
            response.cache_control.max_age = None
            response.cache_control.no_store = True
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.errorhandler(sa_exc.SQLAlchemyError)
    def _database_error(err):
        if database_unavailable(err) or database_failed():
            log.warning("database unavailable: %s", err.__class__.__name__)
            return unavailable_response()
        raise err

    @app.context_processor
    def _locale():
        # The page's language for scripts (date picker and select2 messages in Chinese).
        from flask_babel import get_locale

        return {"client_locale": str(get_locale() or "")}

    @app.errorhandler(ServiceError)
    def _service_error(err):
        # The one place a typed service error raised in a page or an API becomes its answer
        # (views and APIs do not catch them): nothing the action wrote is kept; an API gets
        # JSON with the status; a page 404s (no existence leak) or returns to where the user
        # was with the message.
        _rollback()
        if request.path.startswith("/api/"):
            if err.status == 404:
                return jsonify(message="Not found"), 404
            return jsonify(message=err.message, **err.details), err.status
        if err.status == 404:
            # Returned, not raised: an exception raised in an error handler escapes it.
            return app.handle_http_exception(NotFound())
        flash(err.message, "danger")
        return redirect(_same_site_referrer() or request.url_root)

    @app.errorhandler(404)
    def _not_found(err):
        if request.path.startswith("/api/"):
            return jsonify(message="Not found"), 404
        return err

    @app.errorhandler(413)
    def _too_large(err):
        if request.path.startswith("/api/"):
            return jsonify(message="The upload is larger than the server accepts"), 413
        return err

    @app.errorhandler(405)
    def _not_allowed(err):
        if request.path.startswith("/api/"):
            return jsonify(message="Method not allowed"), 405
        return err


class RemoteUserFromHeader:
    """Behind the company's SSO proxy: copy the authenticated user from a trusted header into
    REMOTE_USER, which FAB's AUTH_REMOTE_USER reads. Only enable behind a proxy that strips the
    header from client requests."""

    def __init__(self, wsgi_app, header: str):
        self.wsgi_app = wsgi_app
        self.key = "HTTP_" + header.upper().replace("-", "_")

    def __call__(self, environ, start_response):
        user = environ.get(self.key)
        if user:
            environ["REMOTE_USER"] = user
        else:
            environ.pop("REMOTE_USER", None)
        return self.wsgi_app(environ, start_response)

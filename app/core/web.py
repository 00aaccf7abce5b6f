"""Request-level defaults: security headers, JSON errors for the API, no external assets."""
from __future__ import annotations

from flask import jsonify, request

# Everything is served from this origin: a page that tries to load from elsewhere is refused.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def register_web(app) -> None:
    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy",
                                    "camera=(), microphone=(), geolocation=()")
        # Files sent by views (photos, evidence) are personal: no shared cache keeps them.
        # Only the static assets (CSS, JS, fonts) stay public.
        if response.cache_control.public and not (request.endpoint or "").endswith("static"):
            response.cache_control.public = None
            response.cache_control.private = True
            response.cache_control.max_age = 0
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

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

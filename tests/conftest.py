"""Shared fixtures: one migrated, seeded database per run; a logged-in client per demo role.

The database is SQLite in a temporary file, or TEST_DATABASE_URL (PostgreSQL) when set, whose
public schema is dropped and rebuilt from the migrations first. Tests create their own rows
through the small factories in tests/factories.py and never rely on another test's rows.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from config import TestConfig

DEMO_PASSWORD = TestConfig.DEMO_PASSWORD


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from flask_migrate import upgrade

    from app import create_app
    from app.core.roles import bootstrap
    from app.extensions import db

    url = _database_url(tmp_path_factory)
    cfg = type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    application = create_app(cfg)
    with application.app_context():
        upgrade(directory="migrations", revision="heads")
        bootstrap()
        from seeds import demo

        demo.seed()
        from tests.core.widget import create_widget_table

        create_widget_table(db.engine)
        db.session.remove()
    yield application


@pytest.fixture
def db_session(app):
    from app.extensions import db

    with app.app_context():
        yield db.session
        db.session.remove()


@pytest.fixture
def is_postgres(app):
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


def login(client, username, password=DEMO_PASSWORD):
    return client.post("/login/", data={"username": username, "password": password},
                       follow_redirects=False)


@pytest.fixture
def client_as(app):
    """client_as("th_mm1") → a test client with that demo user logged in (UI session)."""

    def make(username):
        c = app.test_client()
        resp = login(c, username)
        assert resp.status_code == 302, f"login of {username} failed"
        return c

    return make


_TOKENS: dict[str, str] = {}


class ApiClient:
    """A test client that sends a JWT with every request, for the REST contract."""

    def __init__(self, client, token):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method, url, **kw):
        headers = {**self.headers, **kw.pop("headers", {})}
        return getattr(self.client, method)(url, headers=headers, **kw)

    def get(self, url, **kw):
        return self._call("get", url, **kw)

    def post(self, url, **kw):
        return self._call("post", url, **kw)

    def put(self, url, **kw):
        return self._call("put", url, **kw)

    def delete(self, url, **kw):
        return self._call("delete", url, **kw)


@pytest.fixture
def api_as(app):
    """api_as("th_mm1") → an ApiClient with that user's JWT; api_as(None) is anonymous."""

    def make(username):
        c = app.test_client()
        if username is None:
            return ApiClient(c, None)
        if username not in _TOKENS:
            r = c.post("/api/v1/security/login", json={
                "username": username, "password": DEMO_PASSWORD, "provider": "db"})
            assert r.status_code == 200, r.get_data(as_text=True)
            _TOKENS[username] = r.json["access_token"]
        return ApiClient(c, _TOKENS[username])

    return make


@pytest.fixture
def as_user(app):
    """as_user("hr") → a request context in which that user is the current user (services)."""
    from contextlib import contextmanager

    from flask import g
    from flask_login import login_user

    from app.extensions import db

    @contextmanager
    def ctx(username):
        with app.test_request_context("/"):
            # g belongs to the (shared) app context: drop any user a previous block left there.
            g.pop("_login_user", None)
            user = app.appbuilder.sm.find_user(username=username)
            login_user(user)
            g.user = user
            try:
                yield user
            finally:
                db.session.rollback()
                db.session.remove()
                g.pop("_login_user", None)
                g.pop("user", None)

    return ctx


@pytest.fixture(autouse=True)
def _test_body_is_system(request):
    """pytest-flask pushes a request context around every test; the test body itself acts as
    the system (unscoped), while requests made through clients and ``as_user`` are scoped."""
    if "app" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_push_request_context")
    from flask import has_request_context
    from flask import request as flask_request

    if has_request_context():
        flask_request._yuelao_unscoped = 1
    yield

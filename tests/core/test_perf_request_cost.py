"""What a page costs besides its own work (issue 15): the user and the security version in one
statement, the show page's row loaded once, Flask-Babel's catalogue looked up once per request
and locale, and the pool's pre-ping without a round trip on a quiet connection."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.clients.conftest import new_client


def _statements(app, client, path, headers=None):
    """(response, SQL statements the request sent)."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        resp = client.get(path, headers=headers or {})
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return resp, seen


def test_the_user_and_the_security_version_come_in_one_statement(app, client_as):
    c = client_as("th_mm1")
    assert c.get("/clientview/list/").status_code == 200
    resp, seen = _statements(app, c, "/clientview/list/")
    assert resp.status_code == 200
    version = [s for s in seen if "security_version" in s]
    assert len(version) == 1, version
    assert "ab_user" in version[0]


def test_the_show_page_loads_its_row_once(app, client_as):
    pk = new_client()
    c = client_as("th_mm1")
    resp, seen = _statements(app, c, f"/clientview/show/{pk}")
    assert resp.status_code == 200
    assert len([s for s in seen if re.search(r"\bFROM client\b", s)]) == 1, seen
    # out of scope is still a 404
    assert client_as("yx_mm1").get(f"/clientview/show/{pk}").status_code == 404


def test_translations_follow_the_locale_within_one_request(app):
    from flask_babel import force_locale, gettext, lazy_gettext

    with app.test_request_context("/"):
        default = gettext("Status")
        assert default != "Status"  # zh by default
        with force_locale("en"):
            assert gettext("Status") == "Status"
            assert str(lazy_gettext("Status")) == "Status"
        assert gettext("Status") == default
        with force_locale("zh_TW"):
            assert gettext("Clients") != "Clients"
        assert str(lazy_gettext("Status")) == default


def test_the_language_switch_still_applies(app, client_as):
    c = client_as("th_mm1")
    try:
        c.get("/lang/en")
        assert "Clients" in c.get("/clientview/list/").get_data(as_text=True)
        c.get("/lang/zh")
        assert "客户" in c.get("/clientview/list/").get_data(as_text=True)
    finally:
        c.get("/lang/zh")


class _Counting:
    """A DBAPI connection that counts the cursors asked of it."""

    def __init__(self, conn):
        self.conn, self.cursors = conn, 0

    def cursor(self, *args, **kwargs):
        self.cursors += 1
        return self.conn.cursor(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_pre_ping_is_free_on_a_quiet_connection_and_replaces_a_dead_one(app):
    with app.app_context():
        engine = db.engine
    if engine.dialect.driver != "psycopg2":
        pytest.skip("the quick pre-ping is for PostgreSQL (psycopg2)")
    assert engine.pool._pre_ping
    raw = engine.raw_connection()
    try:
        conn = raw.dbapi_connection
        with conn.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        conn.rollback()
        quiet = _Counting(conn)
        assert engine.dialect.do_ping(quiet) is True and quiet.cursors == 0
        with engine.connect() as other:  # the server ends the pooled connection
            other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
            other.rollback()
        deadline = time.monotonic() + 5
        dead = _Counting(conn)
        while True:
            try:
                alive = engine.dialect.do_ping(dead)
            except Exception:  # noqa: BLE001  the real ping failed: what the pool wants
                alive = False
            if not alive or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert not alive and dead.cursors >= 1
    finally:
        raw.invalidate()
        raw.close()
    with engine.connect() as fresh:  # the pool goes on with new connections
        assert fresh.exec_driver_sql("SELECT 1").scalar() == 1

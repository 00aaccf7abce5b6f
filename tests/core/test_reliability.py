"""Reliability of the core under `make run` conditions (DESIGN §8).

- Each gunicorn worker opens its own connections: 48 concurrent JWT requests against freshly
  started workers (`gunicorn -c gunicorn.conf.py --preload -w 2`) on PostgreSQL give no 5xx,
  and 8 simultaneous transitions on one record give one 200, seven 409 and one audit row.
- A database outage answers 503 JSON with Retry-After on /api and a friendly page in the UI,
  never a 500; after the server's backends are terminated under write load every write
  answered 2xx is present and the server answers again within seconds, without a restart.

The live server gets its own PostgreSQL database (yl_live_<random>, created and dropped here);
the tests are skipped when PostgreSQL is not reachable.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("LIVE_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "Yuelao@2026"

PREPARE = """
from flask_migrate import upgrade
from app import create_app
from app.core.roles import bootstrap
from seeds import demo
app = create_app()
with app.app_context():
    upgrade(directory="migrations", revision="heads")   # flask db upgrade heads
    bootstrap()                                          # flask roles sync
    demo.seed()                                          # flask seed demo
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg(dbname: str | None = None, autocommit=True):
    import psycopg2

    url = PG_ADMIN_URL if dbname is None else PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname
    conn = psycopg2.connect(url, connect_timeout=2)
    conn.autocommit = autocommit
    return conn


def _query(dbname, sql, *args):
    conn = _pg(dbname)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


def call(url, method="GET", token=None, body=None, timeout=30):
    """(status, headers, parsed JSON or text) of one request on a fresh connection."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, headers, raw = resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        status, headers, raw = err.code, dict(err.headers), err.read()
    except OSError as err:  # connection refused / reset: recorded, never a pass
        return 0, {}, str(err)
    text = raw.decode("utf-8", "replace")
    try:
        return status, headers, json.loads(text)
    except ValueError:
        return status, headers, text


def _mint_tokens(secret: str, user_ids: dict[str, int]) -> dict[str, str]:
    """JWTs exactly as FAB's /api/v1/security/login issues them, made here so that the first
    requests the workers see are the concurrent ones."""
    from flask import Flask
    from flask_jwt_extended import JWTManager, create_access_token

    minter = Flask("jwt-minter")
    minter.config["SECRET_KEY"] = secret
    JWTManager(minter)
    with minter.app_context():
        return {name: create_access_token(identity=str(uid), fresh=True)
                for name, uid in user_ids.items()}


def _stop(proc):
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@pytest.fixture(scope="module")
def live():
    try:
        _pg().close()
    except Exception as err:  # noqa: BLE001
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {err}")
    dbname = f"yl_live_{secrets.token_hex(4)}"
    _query(None, f'CREATE DATABASE "{dbname}"')
    tmp = Path(tempfile.mkdtemp(prefix="yl-live-"))
    log = tmp / "server.log"
    secret = secrets.token_hex(32)
    env = {k: v for k, v in os.environ.items()
           if k not in ("TEST_DATABASE_URL", "REDIS_URL", "AUTH_TYPE", "SERVER_NAME",
                        "PROXY_FIX_COUNT", "SESSION_COOKIE_SECURE")}
    env.update({"DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname,
                "SECRET_KEY": secret, "YUELAO_INSTANCE_DIR": str(tmp),
                "UPLOAD_ROOT": str(tmp / "uploads"), "AUTH_RATE_LIMIT": "10000 per minute",
                "DEMO_PASSWORD": PASSWORD, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"})
    proc = None
    try:
        with log.open("a") as out:
            # Commits of the preparation need not wait for the disk (it is thrown away anyway).
            done = subprocess.run([sys.executable, "-c", PREPARE], cwd=REPO,
                                  env={**env, "PGOPTIONS": "-c synchronous_commit=off"},
                                  stdout=out, stderr=subprocess.STDOUT, timeout=180)
        assert done.returncode == 0, log.read_text()[-3000:]
        port = _free_port()
        with log.open("a") as out:
            proc = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--preload", "-w", "2",
                 "-b", f"127.0.0.1:{port}", "wsgi:app"],
                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        # Wait for both workers to have forked, without sending a request (they stay fresh).
        deadline = time.monotonic() + 30
        while log.read_text().count("database pools reset after fork") < 2:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.05)
        users = dict(_query(dbname, "SELECT username, id FROM ab_user WHERE username IN "
                                    "('admin', 'th_mm1', 'th_manager', 'hr')"))
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", db=dbname, log=log,
                              tokens=_mint_tokens(secret, users))
    finally:
        if proc is not None:
            _stop(proc)
        _query(None, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


def _active_client_of(live, username) -> int:
    rows = _query(live.db, """
        SELECT c.id FROM client c JOIN employee e ON e.id = c.matchmaker_id
        JOIN ab_user u ON u.id = e.user_id
        WHERE u.username = %s AND c.status = 'active' AND c.archived_at IS NULL
        ORDER BY c.id LIMIT 1""", username)
    assert rows, f"the demo gives {username} an active client"
    return rows[0][0]


def test_48_concurrent_requests_on_fresh_workers(live):
    # Nothing the master opened while loading the app is left for a worker to inherit.
    held = _query(live.db, "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                           "AND pid <> pg_backend_pid()", live.db)[0][0]
    assert held == 0, "the master keeps no database connection across the fork"
    pk = _active_client_of(live, "th_mm1")
    t = live.tokens
    reads = [("th_mm1", "/api/v1/client/"), ("th_mm1", f"/api/v1/client/{pk}"),
             ("th_manager", "/api/v1/client/"), ("admin", "/api/v1/department/"),
             ("hr", "/api/v1/employee/"), ("admin", "/api/v1/security/roles/"),
             ("th_mm1", "/api/v1/match/"), ("admin", "/api/v1/client/?page_size=5")]
    jobs = [("GET", *reads[i % len(reads)], None) for i in range(40)]
    jobs += [("POST", "th_mm1", f"/api/v1/client/{pk}/transition/pause",
              {"comment": "客戶出差，暫停服務"})] * 8
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, method, user, path, body):
        barrier.wait()
        status, _headers, answer = call(live.url + path, method, t[user], body)
        results[i] = (method, path, status, answer)

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(jobs)]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    elapsed = time.monotonic() - started
    assert all(results), "every request answered"
    errors = [r for r in results if not r[2] or r[2] >= 500]
    assert not errors, (errors, live.log.read_text()[-3000:])
    reads_seen = [r[2] for r in results if r[0] == "GET"]
    assert reads_seen == [200] * 40, [r for r in results if r[0] == "GET" and r[2] != 200]
    transitions = sorted(r[2] for r in results if r[0] == "POST")
    assert transitions == [200] + [409] * 7, transitions
    audit = _query(live.db, "SELECT count(*) FROM auditlog WHERE resource = 'client' AND "
                            "record_id = %s AND action = 'transition' AND to_state = 'paused'",
                   str(pk))
    assert audit[0][0] == 1
    print(f"\n48 concurrent requests on fresh workers: {elapsed:.2f}s, no 5xx")


def _first_traceback(log) -> str:
    """The server's first traceback (what made it answer 500), else the log's tail."""
    text = log.read_text()
    at = text.find("Traceback")
    return text[at:at + 4000] if at >= 0 else text[-3000:]


def test_backends_terminated_under_write_load(live):
    token = live.tokens["admin"]
    run = secrets.token_hex(3)
    written: list = []
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            code = f"W{run}{i:04d}"
            status, headers, body = call(live.url + "/api/v1/department/", "POST", token,
                                         {"code": code, "name": f"壓測部門{run}{i}",
                                          "kind": "dept"})
            written.append((code, status, headers, body))
            i += 1

    th = threading.Thread(target=writer)
    th.start()
    try:
        time.sleep(0.5)
        for _ in range(4):
            _query(live.db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()", live.db)
            time.sleep(0.3)
        time.sleep(0.5)
    finally:
        stop.set()
        th.join(30)
    statuses = [w[1] for w in written]
    assert len(written) >= 10 and set(statuses) <= {201, 503}, \
        ([w for w in written if w[1] not in (201, 503)][:3], _first_traceback(live.log))
    for _code, status, headers, body in written:
        if status == 503:
            assert headers.get("Retry-After") and isinstance(body, dict) and body["message"]
    ok = [w[0] for w in written if w[1] == 201]
    assert ok, "writes go through between the interruptions"
    stored = {r[0] for r in _query(live.db, "SELECT code FROM department WHERE code LIKE %s",
                                   f"W{run}%")}
    assert set(ok) <= stored, set(ok) - stored
    # Back to normal within seconds, without a restart.
    started = time.monotonic()
    while call(live.url + "/api/v1/department/", token=token)[0] != 200:
        assert time.monotonic() - started < 10
        time.sleep(0.1)
    print(f"\nwrites {len(written)}: {statuses.count(201)} x 201, {statuses.count(503)} x 503; "
          f"answering again after {time.monotonic() - started:.2f}s")


DOWN_PROBE = """
import json, sys
from app import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/nowhere",
                  "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                  "AUTH_RATE_LIMITED": False})
out = []
c = app.test_client()
def probe(name, resp):
    out.append({"name": name, "status": resp.status_code, "retry": resp.headers.get("Retry-After"),
                "json": resp.is_json, "cache": resp.headers.get("Cache-Control"),
                "body": resp.get_data(as_text=True)[:2000]})
probe("ui login page", c.get("/login/"))
probe("ui login post", c.post("/login/", data={"username": "admin", "password": "x"}))
probe("api login", c.post("/api/v1/security/login",
                          json={"username": "admin", "password": "x", "provider": "db"}))
probe("api jwt list", c.get("/api/v1/client/", headers={"Authorization": "Bearer x.y.z"}))
with c.session_transaction() as s:
    s["_user_id"] = "1"
probe("ui signed-in page", c.get("/clientview/list/"))
probe("api cookie list", c.get("/api/v1/client/"))
probe("api cookie write", c.post("/api/v1/client/", json={"name": "x"}))
print("PROBE" + json.dumps(out))
"""


def test_database_down_answers_503_never_500():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("TEST_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", DOWN_PROBE], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("PROBE")), None)
    assert line, done.stdout[-2000:] + done.stderr[-3000:]
    for p in json.loads(line[5:]):
        assert p["status"] == 503, p
        assert p["retry"] and int(p["retry"]) > 0, p
        assert "no-store" in (p["cache"] or ""), p
        if p["name"].startswith("api"):
            assert p["json"] and "message" in json.loads(p["body"]), p
        else:
            assert not p["json"] and "系统正在恢复" in p["body"], p


def test_post_fork_gives_each_worker_new_pools(app):
    """gunicorn.conf.py: the worker drops the pools inherited from the master."""
    import importlib.util

    from app.extensions import db

    spec = importlib.util.spec_from_file_location("gunicorn_conf", REPO / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.preload_app is True
    with app.app_context():
        before = {key: engine.pool for key, engine in db.engines.items()}
        assert all(e.pool._pre_ping for e in db.engines.values())
    server = SimpleNamespace(app=SimpleNamespace(callable=app),
                             log=SimpleNamespace(info=lambda *a: None))
    conf.post_fork(server, SimpleNamespace(pid=os.getpid()))
    with app.app_context():
        assert all(db.engines[key].pool is not pool for key, pool in before.items())
    # without --preload there is nothing to reset
    conf.post_fork(SimpleNamespace(app=SimpleNamespace(callable=None), log=server.log), None)

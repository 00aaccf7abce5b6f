"""schemathesis over the whole OpenAPI (/api/v1/_openapi), as admin and as a matchmaker:
no request, well-formed or not, may be answered with a 5xx (DESIGN §8).

The fuzzer writes whatever the schema allows (as admin it may rename departments, archive
employees, delete rows), so it runs in a subprocess on a database of its own: a fresh SQLite
file, or a schema of its own in TEST_DATABASE_URL's PostgreSQL database. Inside that process
it calls the Flask app in-process (WSGI, no server) with each user's JWT. FAB allows one app
per process, hence the subprocess (as tests/core/security_probe.py does).

Bounded: ``SCHEMATHESIS_EXAMPLES`` examples per operation, user and generation mode (default 5),
a minute or two in total. ``python -m tests.core.test_schemathesis`` prints the report.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USERS = ("admin", "th_mm1")
PG_SCHEMA = "schemathesis_run"
# Operations the fuzzer must not call: they end the caller's own session or need a browser.
SKIP_PATHS = ("/api/v1/security/logout", "/api/v1/security/refresh")


def _database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tempfile.mkdtemp()}/schemathesis.db"
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{PG_SCHEMA}"


def _drop_pg_schema() -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    engine.dispose()


def run(examples: int) -> dict:
    """Fuzz every operation as every user; return the 5xx answers found."""
    import logging

    import schemathesis
    from flask_migrate import upgrade
    from schemathesis import GenerationMode

    from config import TestConfig

    logging.disable(logging.CRITICAL)  # 5xx are reported below, not logged twice
    url = _database_url()
    cfg = type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    from app import create_app
    from app.core.roles import bootstrap
    from app.extensions import db

    app = create_app(cfg)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        bootstrap()
        from seeds import demo

        demo.seed()
        db.session.remove()
    client = app.test_client()
    tokens = {}
    for user in USERS:
        r = client.post("/api/v1/security/login", json={
            "username": user, "password": TestConfig.DEMO_PASSWORD, "provider": "db"})
        tokens[user] = r.json["access_token"]
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/_openapi", app, headers={"Authorization": f"Bearer {tokens['admin']}"})
    failures: list[dict] = []
    calls = {"total": 0}
    operations = []
    for result in schema.get_all_operations():
        op = result.ok()
        if op.path in SKIP_PATHS:
            continue
        operations.append(op)
    started = time.monotonic()
    for op in operations:
        for user in USERS:
            headers = {"Authorization": f"Bearer {tokens[user]}"}
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                label = {"user": user, "mode": str(mode), "operation": op.label}
                try:
                    _fuzz(op.as_strategy(generation_mode=mode), headers, examples, label,
                          failures, calls)
                except Exception as exc:  # noqa: BLE001  generation itself failed: say so
                    failures.append({**label, "status": 0, "error": repr(exc)[:300]})
    _drop_pg_schema()
    return {"operations": len(operations), "calls": calls["total"], "failures": failures,
            "seconds": round(time.monotonic() - started, 1)}


def _fuzz(strategy, headers, examples, label, failures, calls) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case):
        calls["total"] += 1
        try:
            response = case.call(headers=headers)
            # Files (export: XLSX) are bytes; the body is only read to show a failure.
            status = response.status_code
            body = response.content[:300].decode("utf-8", errors="replace")
        except Exception:  # noqa: BLE001  an exception escaping the app is a server error
            status, body = 599, traceback.format_exc()[-600:]
        if status >= 500:
            failures.append({**label, "status": status, "body": body,
                             "curl": case.as_curl_command(headers=headers)})

    check()


def test_no_server_error_anywhere_in_the_openapi():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "tests.core.test_schemathesis"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["operations"] > 50, report  # the whole API was loaded
    assert report["calls"] > report["operations"] * len(USERS), report
    shown = "\n".join(f"{f['status']} {f['user']} {f['operation']}: "
                      f"{f.get('curl') or f.get('error')}\n    {f.get('body', '')[:200]}"
                      for f in report["failures"][:30])
    assert not report["failures"], f"{len(report['failures'])} server errors:\n{shown}"


if __name__ == "__main__":
    out = run(int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5")))
    print(json.dumps(out, ensure_ascii=False, default=str))

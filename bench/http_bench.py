"""Clients at 10^6 rows over HTTP: the app under gunicorn, loaded by wrk, Yuelao beside a plain
FAB ModelView / ModelRestApi over the same table.

Run (PostgreSQL; seeds the clients first when the database has fewer, ~1 minute for 10^6):
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m bench.http_bench [--clients 1000000] [--seconds 10] \\
        [--connections 8] [--workers 2] [--worker-class gthread] [--compare-workers] \\
        [--one-connection]

Everything stays on loopback; each load is bounded (wrk: --connections, --seconds). Two
gunicorn servers with the same settings (the project's gunicorn.conf.py): the real app, and the
baseline — a plain Flask-AppBuilder application (bench/plain_fab.py: FAB's own security
manager, templates, ``ModelView`` and ``ModelRestApi`` with ``SQLAInterface``, i.e. COUNT and
OFFSET) over the same client table. ``--compare-workers`` times list page 1 (HTML and REST)
under sync, gthread and gevent workers. ``--access-log FILE`` writes gunicorn's per-request
times (µs) for the tail. Results are printed; bench/RESULTS_http.md holds runs and their
reading.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench"
WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,'
    .. '"p99":%d,"max":%d,"errors":%d,"non2xx":%d}\\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


# --- the server side: gunicorn imports this module and calls application() ---------------

def application():
    """WSGI app for gunicorn: ``bench.http_bench:application()``."""
    from bench.clients_bench import bench_app

    app = bench_app(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    if os.environ.get("BENCH_GC_LOG"):
        _log_gc(os.environ["BENCH_GC_LOG"])
    return app


def _log_gc(path: str) -> None:
    """Append every garbage collection of generation 2, or longer than 5 ms, to ``path``."""
    import gc

    started = {}

    def cb(phase, info):
        if phase == "start":
            started["t"] = time.perf_counter()
            return
        ms = (time.perf_counter() - started.get("t", time.perf_counter())) * 1000
        if info["generation"] == 2 or ms > 5:
            with open(path, "a") as fh:
                fh.write(f"{time.time():.3f} pid={os.getpid()} gen={info['generation']} "
                         f"ms={ms:.1f} collected={info['collected']}\n")

    gc.callbacks.append(cb)


# --- the client side -------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_cookie(base: str, username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    data = urllib.parse.urlencode({"username": username, "password": password}).encode()
    try:
        opener.open(base + "/login/", data=data, timeout=30)
    except urllib.error.HTTPError as err:  # the 302 after a good login
        if err.code != 302:
            raise
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def jwt(base: str, username: str, password: str) -> str:
    body = json.dumps({"username": username, "password": password, "provider": "db"}).encode()
    req = urllib.request.Request(base + "/api/v1/security/login", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)["access_token"]


# Clients the show and candidate cases visit in turn (active, of the 天河 store, picked once).
SAMPLE_IDS: list[int] = []


def check(base: str, path: str, header: str) -> None:
    path = path.format(id=SAMPLE_IDS[0]) if "{id}" in path else path
    name, value = header.split(": ", 1)
    req = urllib.request.Request(base + path, headers={name: value})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            status = r.status
    except urllib.error.HTTPError as err:
        raise RuntimeError(f"{path}: {err.code} {err.read()[:300]!r}") from None
    if status != 200:
        raise RuntimeError(f"{path}: {status}")


def wrk(base: str, path: str, header: str, seconds: int, connections: int) -> dict:
    """wrk on one path, or on several in turn (``path`` with ``{id}``: one per sample id)."""
    paths = [path] if "{id}" not in path else [path.format(id=i) for i in SAMPLE_IDS]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_LUA)
        if len(paths) > 1:
            fh.write("paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
                     "i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                     "  return wrk.format(nil, paths[i])\nend\n")
    try:
        out = subprocess.run(
            ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
             "-s", fh.name, "-H", header, base + paths[0]],
            capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        os.unlink(fh.name)
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    r = json.loads(line[len("WRKJSON "):])
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    return r


class Server:
    """gunicorn on loopback, started and stopped by this script (its own process group)."""

    def __init__(self, url, port, workers, worker_class, threads, access_log=None,
                 target="bench.http_bench:application()"):
        cmd = [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers),
               "-b", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"]
        if worker_class != "gthread" or not (ROOT / "gunicorn.conf.py").exists():
            cmd += ["-k", worker_class]  # gthread: the project's (balanced) gthread worker
        if worker_class == "gthread":
            cmd += ["--threads", str(threads)]
        if worker_class == "gevent":
            cmd += ["--worker-connections", "100"]
        # The project's gunicorn.conf.py (preload, post_fork pool reset) when there is one;
        # the access log only when asked for (per-request µs, for the tail).
        self.conf = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
        conf = ROOT / "gunicorn.conf.py"
        if conf.exists():
            self.conf.write(f"exec(open({str(conf)!r}).read())\n")
            if target != "bench.http_bench:application()":
                # The same worker settings for the baseline; the project's fork hooks reset
                # Yuelao's pools, and the plain app closes its own before the fork.
                self.conf.write("def pre_fork(server, worker):\n    gc.collect()\n"
                                "    gc.freeze()\n\n\ndef post_fork(server, worker):\n"
                                "    pass\n")
        self.conf.write(f"accesslog = {access_log!r}\n"
                        "access_log_format = '%(t)s %(D)s %(s)s %(U)s %(p)s'\n")
        self.conf.close()
        cmd += ["-c", self.conf.name]
        cmd.append(target)
        env = {**os.environ, "BENCH_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/health", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # answering
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("gunicorn exited") from None
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if os.path.exists(self.conf.name):
            os.unlink(self.conf.name)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)


def prepare(url: str, clients: int, deep_page: int) -> dict:
    """Seed up to ``clients``; the ids and filter names the URLs need."""
    from sqlalchemy import String, func, select, text

    from app.clients.models import Client
    from app.core.roles import bootstrap
    from app.extensions import db
    from bench.clients_bench import bench_app, ensure_database, filter_index
    from bench.plain_fab import create_plain_app

    ensure_database(url)
    app = bench_app(url)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        bootstrap()
        have = db.session.scalar(text("SELECT reltuples::bigint FROM pg_class "
                                      "WHERE oid = 'client'::regclass")) or 0
        if have < clients * 0.99:
            have = db.session.scalar(select(func.count(Client.id)))
        if have < clients:
            t0 = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "seed", "demo",
                            "--clients", str(clients)], cwd=ROOT, check=True,
                           env={**os.environ, "DATABASE_URL": url})
            print(f"seeded {clients - have} clients in {time.perf_counter() - t0:.0f} s")
        live = Client.archived_at.is_(None)
        after = db.session.scalar(select(Client.id).where(live).order_by(Client.id.desc())
                                  .offset(deep_page * 25 - 1).limit(1))
        from app.org.models import Department

        # 天河 store clients: in the scope of both admin and th_manager.
        th_store = db.session.scalar(select(Department.id).where(Department.code == "TH-MM"))
        SAMPLE_IDS[:] = db.session.scalars(
            select(Client.id).where(live, Client.status == "active", Client.id % 97 == 0,
                                    Client.department_id == th_store)
            .order_by(func.md5(Client.id.cast(String))).limit(50))
        flt = {"ClientView": filter_index(app, "ClientView", "status", "FilterEqual")}
    plain = create_plain_app(url)  # its schema and user, before two workers race to make them
    flt["PlainClientView"] = filter_index(plain, "PlainClientView", "status", "FilterEqual")
    return {"after": after, "flt": flt, "password": app.config["DEMO_PASSWORD"]}


def cases(p: dict, deep_page: int) -> list[tuple[str, str, str | None, str]]:
    """(label, Yuelao path, plain FAB path or None, html / rest)."""
    ours, plain = "/clientview/list/", "/plainclientview/list/"
    ra, rp = "/api/v1/client/", "/api/v1/plainclient/"
    status = "(col:status,opr:eq,value:active)"
    deep = f"page {deep_page:,}"
    return [
        ("HTML list page 1", ours, plain, "html"),
        ("HTML filtered (status = active)", f"{ours}?_flt_{p['flt']['ClientView']}_status=active",
         f"{plain}?_flt_{p['flt']['PlainClientView']}_status=active", "html"),
        ("HTML sorted (name asc)", f"{ours}?_oc_ClientView=name&_od_ClientView=asc",
         f"{plain}?_oc_PlainClientView=name&_od_PlainClientView=asc", "html"),
        (f"HTML {deep} (ours: keyset; plain: OFFSET)", f"{ours}?after={p['after']}",
         f"{plain}?page_PlainClientView={deep_page - 1}", "html"),
        ("HTML show page (50 clients in turn)", "/clientview/show/{id}",
         "/plainclientview/show/{id}", "html"),
        # The show page's Candidates tab, fetched when the tab is opened (issue 15).
        ("HTML candidates tab (50 clients in turn)", "/clientview/candidates/{id}", None,
         "html"),
        ("REST list page 1", f"{ra}?q=(page_size:25)", f"{rp}?q=(page_size:25)", "rest"),
        ("REST filtered (status = active)", f"{ra}?q=(filters:!({status}),page_size:25)",
         f"{rp}?q=(filters:!({status}),page_size:25)", "rest"),
        ("REST sorted (name asc)", f"{ra}?q=(order_column:name,order_direction:asc,"
         "page_size:25)", f"{rp}?q=(order_column:name,order_direction:asc,page_size:25)",
         "rest"),
        (f"REST {deep} (ours: next cursor; plain: page)",
         f"{ra}?q=(after:'{p['after']}',page_size:25)",
         f"{rp}?q=(page:{deep_page - 1},page_size:25)", "rest"),
        ("REST show (50 clients in turn)", "/api/v1/client/{id}", rp + "{id}", "rest"),
        ("REST candidates limit 20 (50 clients in turn)",
         "/api/v1/client/{id}/candidates?limit=20", None, "rest"),
    ]


def fmt(r: dict | None) -> str:
    if r is None:
        return "— | — | — | —"
    bad = f" ({r['errors'] + r['non2xx']} bad)" if r["errors"] or r["non2xx"] else ""
    return (f"{r['rps']:.0f}{bad} | {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | "
            f"{r['p99'] / 1000:.1f}")


def run_cases(server, plain, p, args, user, selected=None, baseline=None) -> list[str]:
    """Each case on Yuelao as ``user`` and on the plain FAB app (its admin: FAB has no data
    scope); ``baseline`` keeps the plain results for the next user's rows."""
    from bench.plain_fab import PASSWORD, USER

    headers = {
        server: ("Cookie: " + session_cookie(server.base, user, p["password"]),
                 "Authorization: Bearer " + jwt(server.base, user, p["password"])),
        plain: ("Cookie: " + session_cookie(plain.base, USER, PASSWORD),
                "Authorization: Bearer " + jwt(plain.base, USER, PASSWORD))}
    baseline, rows = ({} if baseline is None else baseline), []
    for label, ours, theirs, kind in cases(p, args.deep_page):
        if selected and label not in selected:
            continue
        results = []
        for srv, path in ((server, ours), (plain, theirs)):
            if path is None or (srv is plain and label in baseline):
                results.append(baseline.get(label) if path else None)
                continue
            header = headers[srv][0 if kind == "html" else 1]
            check(srv.base, path, header)
            wrk(srv.base, path, header, 2, args.connections)  # warm up
            results.append(wrk(srv.base, path, header, args.seconds, args.connections))
        a, b = results
        baseline[label] = b
        ratio = f"{a['rps'] / b['rps']:.1f}×" if b else ""
        one = ""
        if args.one_connection:
            # Latency without queueing: one connection, so p50 is the request's own time.
            header = headers[server][0 if kind == "html" else 1]
            r1 = wrk(server.base, ours, header, max(2, args.seconds // 2), 1)
            one = f" {r1['p50'] / 1000:.1f} |"
        rows.append(f"| {label} | {user} | {fmt(a)} | {fmt(b)} | {ratio} |{one}")
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--worker-class", default="gthread")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--deep-page", type=int, default=20_000)
    ap.add_argument("--users", default="admin,th_manager")
    ap.add_argument("--compare-workers", action="store_true")
    ap.add_argument("--only", default="", help="case labels, separated by |")
    ap.add_argument("--access-log", default=None)
    ap.add_argument("--one-connection", action="store_true",
                    help="also time each Yuelao case at 1 connection (p50 without queueing)")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    p = prepare(url, args.clients, args.deep_page)
    from bench.clients_bench import cpu_check_ms

    print(f"CPU check (3M-step loop, best of 3): {cpu_check_ms():.0f} ms; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    head = ("| what | user | Yuelao req/s | p50 ms | p95 ms | p99 ms | plain FAB req/s | p50 ms"
            " | p95 ms | p99 ms | req/s ratio |\n|---|---|---:|---:|---:|---:|---:|---:|---:|"
            "---:|---:|")
    if args.one_connection:
        head = head.replace(" req/s ratio |\n", " req/s ratio | p50 ms at 1 conn |\n") + "---:|"
    if args.compare_workers:
        print(f"\nworker models ({args.workers} workers, {args.connections} connections):")
        print("| worker class | what | req/s | p50 ms | p95 ms | p99 ms |\n|---|---|---:|---:|"
              "---:|---:|")
        import importlib.util

        kinds = ["sync", "gthread"] + (["gevent"] if importlib.util.find_spec("gevent") else [])
        for kind in kinds:
            server = Server(url, args.port, args.workers, kind, args.threads)
            try:
                cookie = "Cookie: " + session_cookie(server.base, "admin", p["password"])
                bearer = "Authorization: Bearer " + jwt(server.base, "admin", p["password"])
                for label, path, header in (("HTML list page 1", "/clientview/list/", cookie),
                                            ("REST list page 1",
                                             "/api/v1/client/?q=(page_size:25)", bearer)):
                    check(server.base, path, header)
                    wrk(server.base, path, header, 2, args.connections)
                    r = wrk(server.base, path, header, args.seconds, args.connections)
                    print(f"| {kind} | {label} | {fmt(r)} |", flush=True)
            finally:
                server.stop()
        return
    server = Server(url, args.port, args.workers, args.worker_class, args.threads,
                    access_log=args.access_log)
    try:
        plain = Server(url, args.port + 1, args.workers, args.worker_class, args.threads,
                       target="bench.plain_fab:application()")
    except BaseException:
        server.stop()
        raise
    only = {s.strip() for s in args.only.split("|") if s.strip()} or None
    try:
        print(f"\n{args.workers} {args.worker_class} workers, {args.connections} connections, "
              f"{args.seconds} s a case\n\n{head}", flush=True)
        baseline: dict = {}
        for user in args.users.split(","):
            run_cases(server, plain, p, args, user, only, baseline)
    finally:
        server.stop()
        plain.stop()
        print(f"\nCPU check after: {cpu_check_ms():.0f} ms; load average "
              f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

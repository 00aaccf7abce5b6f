"""Clients at 10^6 rows: candidate search and list pages, Yuelao vs a plain FAB ModelView.

Run (PostgreSQL; builds the data once, ~10 minutes on 2 cores, then times):
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m bench.clients_bench [--clients 1000000] [--runs 20]

Every list page goes through the real app (Flask test client, logged-in session), as admin
(scope all) and as th_manager (department head of the 天河 store), and through a plain FAB
``ModelView`` with ``SQLAInterface(Client)`` registered by this script only (same table, same
columns, same scope rules; FAB's own COUNT + OFFSET paging). Results go to bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench"
RESULTS = Path(__file__).with_name("RESULTS.md")


def ensure_database(url: str) -> None:
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                           {"d": u.database}):
            conn.execute(text(f'CREATE DATABASE "{u.database}"'))
    admin.dispose()


def bench_app(url: str):
    """The real app on the benchmark database (no CSRF, no login rate limit)."""
    from app import create_app
    from config import Config

    cfg = type("BenchConfig", (Config,), {
        "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "AUTH_RATE_LIMITED": False,
        "RATELIMIT_ENABLED": False, "FAB_UPDATE_PERMS": False})
    return create_app(cfg)


def make_app(url: str):
    from flask_appbuilder import ModelView
    from flask_appbuilder.models.sqla.interface import SQLAInterface

    from app.clients.models import Client

    app = bench_app(url)

    class PlainClientView(ModelView):
        """Baseline: FAB as it comes, over the same table and columns."""

        datamodel = SQLAInterface(Client)
        class_permission_name = "client"
        method_permission_name = {"list": "read", "show": "read"}
        include_route_methods = {"list", "show"}
        list_columns = ["client_no", "name", "gender", "age", "city", "education", "tier",
                        "status", "department", "matchmaker", "phone"]
        search_columns = ["name", "status", "department", "city"]
        order_columns = ["client_no", "name", "city", "tier", "status", "created_at"]
        page_size = 25

    with app.app_context():
        app.appbuilder.add_view_no_menu(PlainClientView)
    return app


def build(app, n_clients: int) -> int:
    from flask_migrate import upgrade

    from app.clients import seed as client_seed
    from app.clients.models import Client
    from app.core.roles import bootstrap
    from app.extensions import db
    from seeds.demo import PROFILES, seed_org

    with app.app_context():
        upgrade(directory="migrations", revision="heads")
        bootstrap()
        people = seed_org(PROFILES["matchmaking"])
        client_seed.seed_demo(people)
        have = db.session.scalar(select(func.count(Client.id)))
        if have < n_clients:
            t0 = time.perf_counter()
            client_seed.seed_generated(n_clients - have, people)
            print(f"generated {n_clients - have} clients in {time.perf_counter() - t0:.0f} s",
                  flush=True)
        db.session.remove()
        engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE client"))
        return db.session.scalar(select(func.count(Client.id)))


def cpu_check_ms() -> float:
    """A fixed pure-Python loop: the machine's speed at the time of the run (shared 2-core
    machines here vary by up to 1.8x), to read the other numbers against."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        s = 0
        for i in range(3_000_000):
            s += i * i
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best


def login(app, username: str):
    c = app.test_client()
    r = c.post("/login/", data={"username": username, "password": app.config["DEMO_PASSWORD"]})
    assert r.status_code == 302, f"login {username} failed"
    return c


def median_ms(fn, runs: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def get_ok(client, url):
    def call():
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
    return call


def filter_index(app, endpoint: str, column: str, filter_name: str) -> int:
    view = next(v for v in app.appbuilder.baseviews if v.__class__.__name__ == endpoint)
    flts = view._filters.get_search_filters()[column]
    return [f.__class__.__name__ for f in flts].index(filter_name)


def keyset_id(app, username: str, position: int) -> int:
    """The id just before row ``position`` of the user's list (newest first), for ``after=``."""
    from app.clients.models import Client
    from app.core.scope import _compute_scope
    from app.extensions import db

    with app.test_request_context("/"):
        user = app.appbuilder.sm.find_user(username=username)
        scope = _compute_scope(user)
        q = (select(Client.id).where(Client.archived_at.is_(None), Client.scope_criteria(scope))
             .order_by(Client.id.desc()).offset(position - 1).limit(1))
        return db.session.scalar(q.execution_options(unscoped=True))


def pages(app, deep_page: int, after: int) -> list[tuple[str, str, str | None]]:
    """(label, our URL, plain ModelView URL): the same page through both views."""
    ours, plain = "/clientview/list/", "/plainclientview/list/"

    def status(view):
        return f"_flt_{filter_index(app, view, 'status', 'FilterEqual')}_status=active"

    deep = f"page {deep_page + 1:,}"
    return [
        ("list page 1", ours, plain),
        ("filtered (status = active)", f"{ours}?{status('ClientView')}",
         f"{plain}?{status('PlainClientView')}"),
        ("sorted (name asc)", f"{ours}?_oc_ClientView=name&_od_ClientView=asc",
         f"{plain}?_oc_PlainClientView=name&_od_PlainClientView=asc"),
        # Ours reaches deep pages through the pager's "Older" link (keyset); FAB by OFFSET.
        (f"{deep} (ours: keyset link; plain: OFFSET)", f"{ours}?after={after}",
         f"{plain}?page_PlainClientView={deep_page}"),
        # A typed-in deep page number: ours stops numbered pages at 100 (OFFSET 2,475).
        (f"{deep} typed as ?page= (ours: stops at page 100)",
         f"{ours}?page_ClientView={deep_page}", None),
    ]


def bench_candidates(app, runs: int) -> tuple[float, float, int]:
    from app.clients.candidates import candidates_for
    from app.clients.models import Client
    from app.extensions import db

    with app.app_context():
        ids = list(db.session.scalars(select(Client.id).where(Client.status == "active")
                                      .order_by(func.random()).limit(runs)))
    admin = login(app, "admin")
    rng = random.Random(1)
    rest = median_ms(lambda: get_ok(admin, f"/api/v1/client/{rng.choice(ids)}/candidates"
                                           "?limit=20")(), runs)
    samples, found = [], 0
    from app.core.scope import unscoped

    with app.test_request_context("/"):
        for pk in ids:
            with unscoped():
                client = db.session.get(Client, pk)
            t0 = time.perf_counter()
            found += len(candidates_for(client, 20))
            samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), rest, found // max(len(ids), 1)


def query_only(app, username: str, runs: int, deep_page: int, after: int | None):
    """The data query alone (no template): ClientInterface vs FAB's SQLAInterface."""
    from flask import g
    from flask_appbuilder.models.sqla.interface import SQLAInterface
    from flask_login import login_user

    from app.clients.interface import ClientInterface
    from app.clients.models import Client
    from app.extensions import db

    ours, plain = ClientInterface(Client, db.session), SQLAInterface(Client, db.session)
    cases = {
        "list page 1": ({}, {}),
        "filtered (status = active)": ({"flt": ("status", "active")}, {}),
        "sorted (name asc)": ({"order": ("name", "asc")}, {}),
        f"page {deep_page + 1:,}": ({"page": deep_page}, {}),
    }
    out = []
    for label, (spec, _) in cases.items():
        times = []
        for iface in (ours, plain):
            path = f"/?after={after}" if iface is ours and "page" in spec and after else "/"
            with app.test_request_context(path):
                user = app.appbuilder.sm.find_user(username=username)
                login_user(user)
                g.user = user
                flt = iface.get_filters([])
                if "flt" in spec:
                    flt.add_filter(spec["flt"][0], iface.FilterEqual, spec["flt"][1])
                oc, od = spec.get("order", ("", ""))
                page = None if path != "/" else spec.get("page")

                def run(iface=iface, flt=flt, oc=oc, od=od, page=page):
                    iface.query(flt, oc, od, page=page, page_size=25)
                times.append(median_ms(run, runs if iface is ours else max(5, runs // 4)))
                db.session.rollback()
        out.append((f"query only: {label}" + (" (keyset)" if "page" in spec and after else ""),
                    username, times[0], times[1]))
        print(f"{out[-1][0]:40} {username:11} {times[0]:8.1f} ms   plain {times[1]:8.1f} ms",
              flush=True)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--deep-page", type=int, default=19_999, help="0-based page index")
    ap.add_argument("--results", default=str(RESULTS), help="markdown file to write")
    args = ap.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    app = make_app(url)
    total = build(app, args.clients)
    print(f"{total:,} clients in {make_url(url).database}", flush=True)

    cpu_before = cpu_check_ms()
    cand_fn, cand_rest, per = bench_candidates(app, args.runs)
    rows = [("candidate search (candidates_for, limit 20)", "admin", cand_fn, None),
            ("candidate search (REST /candidates?limit=20)", "admin", cand_rest, None)]
    for user in ("admin", "th_manager"):
        c = login(app, user)
        after = keyset_id(app, user, args.deep_page * 25)
        rows += query_only(app, user, args.runs, args.deep_page, after)
        for label, u1, u2 in pages(app, args.deep_page, after):
            t_ours = median_ms(get_ok(c, u1), args.runs)
            t_plain = median_ms(get_ok(c, u2), max(5, args.runs // 4)) if u2 else None
            rows.append((label, user, t_ours, t_plain))
            print(f"{label:40} {user:11} {t_ours:8.1f} ms"
                  + (f"   plain {t_plain:8.1f} ms" if t_plain else ""), flush=True)
    args.cpu = (cpu_before, cpu_check_ms())
    write_results(rows, total, args, per)
    return 0


def write_results(rows, total, args, per) -> None:
    slowest_plain = max(r[3] for r in rows if r[3])
    lines = [
        "# Clients benchmark",
        "",
        f"{dt.date.today()}: {total:,} clients on PostgreSQL, median of {args.runs} runs "
        f"(plain ModelView: {max(5, args.runs // 4)} runs), 2 shared cores.", "",
        f"CPU check (3M-step Python loop, best of 3) before / after the run: "
        f"{args.cpu[0]:.0f} / {args.cpu[1]:.0f} ms.", "",
        "Command:", "",
        "    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \\",
        f"        .venv/bin/python -m bench.clients_bench --clients {args.clients} "
        f"--runs {args.runs}", "",
        "| what | user | Yuelao (ms) | plain FAB ModelView (ms) | speed-up |",
        "|---|---|---:|---:|---:|",
    ]
    for label, user, ours, plain in rows:
        speed = f"{plain / ours:.0f}×" if plain else ""
        lines.append(f"| {label} | {user} | {ours:.1f} | {plain:.1f} | {speed} |" if plain
                     else f"| {label} | {user} | {ours:.1f} | — | |")
    lines += ["", f"Candidates returned per search (median client): {per}. "
              f"Slowest plain page: {slowest_plain:.0f} ms.", ""]
    # Hand-written notes below the table ("## Reading the numbers") are kept.
    path = Path(args.results)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old[old.index("## Reading"):] if "## Reading" in old else ""
    path.write_text("\n".join(lines) + ("\n" + notes if notes else ""), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())

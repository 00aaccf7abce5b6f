"""The audit log at 10^6 rows: its list pages, Yuelao vs a plain FAB ModelView.

Run (PostgreSQL; uses the clients benchmark's database and adds the rows once):
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m bench.auditlog_bench [--rows 1000000] [--runs 15]

The log grows with every change, login and transition: it is the table that reaches a million
rows first. Pages are timed as the auditor (the role that reads it) through the real app; the
baseline is FAB's ModelView with SQLAInterface(AuditLog) (COUNT + OFFSET). Results go to
bench/RESULTS_auditlog.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from sqlalchemy import text

from bench.clients_bench import (
    DEFAULT_URL,
    bench_app,
    cpu_check_ms,
    ensure_database,
    filter_index,
    get_ok,
    login,
    median_ms,
)

RESULTS = Path(__file__).with_name("RESULTS_auditlog.md")


def make_app(url: str):
    from flask_appbuilder import ModelView
    from flask_appbuilder.models.sqla.interface import SQLAInterface

    from app.core.models import AuditLog

    app = bench_app(url)

    class PlainAuditLogView(ModelView):
        """Baseline: FAB as it comes, over the same table and columns."""

        datamodel = SQLAInterface(AuditLog)
        class_permission_name = "auditlog"
        method_permission_name = {"list": "read", "show": "read"}
        include_route_methods = {"list", "show"}
        list_columns = ["id", "created_at", "actor_name", "ip", "action", "resource",
                        "record_id", "from_state", "to_state"]
        search_columns = ["created_at", "actor_name", "action", "resource", "record_id", "ip"]
        order_columns = ["id", "created_at"]
        page_size = 25

    with app.app_context():
        app.appbuilder.add_view_no_menu(PlainAuditLogView)
    return app


def fill(app, rows: int) -> int:
    """Audit rows as the app writes them (inserts, updates, transitions, logins), by SQL."""
    from app.extensions import db

    with app.app_context():
        have = db.session.scalar(text("SELECT count(*) FROM auditlog"))
        missing = rows - have
        if missing > 0:
            db.session.execute(text("""
                INSERT INTO auditlog (created_at, actor_id, actor_name, ip, action, resource,
                                      record_id, changes, from_state, to_state, comment)
                SELECT now() - (g || ' seconds')::interval, 1 + g % 17, 'user' || (g % 17),
                       '10.0.0.' || (g % 250),
                       (ARRAY['insert','update','transition','login'])[1 + g % 4],
                       (ARRAY['client','match','meeting','followup','complaint'])[1 + g % 5],
                       (g % 100000)::text, '{"status": ["lead", "pending_review"]}'::json,
                       CASE WHEN g % 4 = 2 THEN 'proposed' END,
                       CASE WHEN g % 4 = 2 THEN 'contacted' END, NULL
                FROM generate_series(1, :n) AS g"""), {"n": missing})
            db.session.commit()
        db.session.remove()
        engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE auditlog"))
            return conn.scalar(text("SELECT count(*) FROM auditlog"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--deep-page", type=int, default=19_999, help="0-based page index")
    args = ap.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    app = make_app(url)
    total = fill(app, args.rows)
    with app.app_context():
        from app.extensions import db

        after = db.session.scalar(text("SELECT id FROM auditlog ORDER BY id DESC OFFSET :n "
                                       "LIMIT 1"), {"n": args.deep_page * 25 - 1})
    def eq(view):
        return f"_flt_{filter_index(app, view, 'resource', 'FilterEqual')}_resource=client"

    cpu = cpu_check_ms()
    c = login(app, "auditor")
    ours, plain = "/auditlogview/list/", "/plainauditlogview/list/"
    cases = [
        ("list page 1", ours, plain),
        ("filtered (resource = client)", f"{ours}?{eq('AuditLogView')}",
         f"{plain}?{eq('PlainAuditLogView')}"),
        ("sorted (time, newest first)",
         f"{ours}?_oc_AuditLogView=created_at&_od_AuditLogView=desc",
         f"{plain}?_oc_PlainAuditLogView=created_at&_od_PlainAuditLogView=desc"),
        (f"page {args.deep_page + 1:,} (ours: keyset link; plain: OFFSET)",
         f"{ours}?after={after}", f"{plain}?page_PlainAuditLogView={args.deep_page}"),
    ]
    rows = []
    for label, u1, u2 in cases:
        t_ours = median_ms(get_ok(c, u1), args.runs)
        t_plain = median_ms(get_ok(c, u2), max(5, args.runs // 4))
        rows.append((label, t_ours, t_plain))
        print(f"{label:50} {t_ours:8.1f} ms   plain {t_plain:8.1f} ms", flush=True)
    lines = [
        "# Audit log benchmark", "",
        f"{dt.date.today()}: {total:,} audit rows on PostgreSQL, as the auditor, median of "
        f"{args.runs} runs (plain ModelView: {max(5, args.runs // 4)}), 2 shared cores. "
        f"CPU check: {cpu:.0f} ms.", "",
        "Command:", "",
        "    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \\",
        f"        .venv/bin/python -m bench.auditlog_bench --rows {args.rows} --runs {args.runs}",
        "", "| page | Yuelao (ms) | plain FAB ModelView (ms) | speed-up |", "|---|---:|---:|---:|",
        *(f"| {label} | {o:.1f} | {p:.1f} | {p / o:.0f}× |" for label, o, p in rows), "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

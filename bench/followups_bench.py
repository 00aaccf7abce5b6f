"""Follow-ups at 10^6 rows: the follow-up and overdue lists, Yuelao vs a plain FAB ModelView.

Run (PostgreSQL; uses the clients benchmark's database and adds one follow-up per client):
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m bench.followups_bench [--runs 15]

Matchmakers log a follow-up for every contact, so this table outgrows the client register.
Pages are timed through the real app as admin, a store manager and a matchmaker; the baseline
is FAB's ModelView with SQLAInterface(FollowUp) (COUNT + OFFSET, relations loaded per row),
same scope rules. Results go to bench/RESULTS_followups.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from sqlalchemy import text

from bench.clients_bench import DEFAULT_URL, bench_app, cpu_check_ms, get_ok, login, median_ms

RESULTS = Path(__file__).with_name("RESULTS_followups.md")


def make_app(url: str):
    from flask_appbuilder import ModelView
    from flask_appbuilder.models.sqla.filters import BaseFilter
    from flask_appbuilder.models.sqla.interface import SQLAInterface

    from app.matching.followups import overdue_criteria
    from app.matching.models_followup import FollowUp

    app = bench_app(url)

    class Overdue(BaseFilter):
        name = "overdue"

        def apply(self, query, value):
            return query.filter(overdue_criteria())

    class PlainFollowUpView(ModelView):
        datamodel = SQLAInterface(FollowUp)
        class_permission_name = "followup"
        method_permission_name = {"list": "read", "show": "read"}
        include_route_methods = {"list", "show"}
        list_columns = ["client", "matchmaker", "channel", "followed_at", "next_due"]
        # No related columns in the search form: FAB would put all 10^6 clients in a dropdown.
        search_columns = ["channel", "followed_at", "next_due"]
        base_order = ("followed_at", "desc")
        page_size = 25

    class PlainOverdueView(PlainFollowUpView):
        base_filters = [["next_due", Overdue, True]]
        base_order = ("next_due", "asc")

    with app.app_context():
        app.appbuilder.add_view_no_menu(PlainFollowUpView)
        app.appbuilder.add_view_no_menu(PlainOverdueView)
    return app


def fill(app) -> int:
    """One follow-up per live client, over the last few days, some due, some overdue."""
    from app.extensions import db

    with app.app_context():
        if not db.session.scalar(text("SELECT count(*) FROM followup")):
            db.session.execute(text("""
                INSERT INTO followup (client_id, matchmaker_id, department_id, channel, content,
                                      followed_at, next_due, created_at)
                SELECT c.id, c.matchmaker_id, c.department_id,
                       (ARRAY['phone','wechat','visit'])[1 + c.id % 3], '回訪內容 ' || c.id,
                       now() - ((c.id % 400000) || ' seconds')::interval,
                       (now() + ((c.id % 30) - 10) * interval '1 day')::date, now()
                FROM client c WHERE c.archived_at IS NULL"""))
            db.session.commit()
        db.session.remove()
        engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE followup"))
            return conn.scalar(text("SELECT count(*) FROM followup"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    app = make_app(url)
    total = fill(app)
    cpu = cpu_check_ms()
    cases = [
        ("follow-ups, page 1", "/followupview/list/", "/plainfollowupview/list/"),
        ("follow-ups, page 100", "/followupview/list/?page_FollowUpView=99",
         "/plainfollowupview/list/?page_PlainFollowUpView=99"),
        ("overdue follow-ups, page 1", "/overduefollowupview/list/", "/plainoverdueview/list/"),
    ]
    rows = []
    for user in ("admin", "th_manager", "th_mm1"):
        c = login(app, user)
        for label, ours, plain in cases:
            t_ours = median_ms(get_ok(c, ours), args.runs)
            t_plain = median_ms(get_ok(c, plain), max(5, args.runs // 4))
            rows.append((label, user, t_ours, t_plain))
            print(f"{label:30} {user:11} {t_ours:8.1f} ms   plain {t_plain:8.1f} ms", flush=True)
    lines = [
        "# Follow-ups benchmark", "",
        f"{dt.date.today()}: {total:,} follow-ups on PostgreSQL, median of {args.runs} runs "
        f"(plain ModelView: {max(5, args.runs // 4)}), 2 shared cores. CPU check: {cpu:.0f} ms.",
        "", "Command:", "",
        "    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \\",
        f"        .venv/bin/python -m bench.followups_bench --runs {args.runs}", "",
        "| page | user | Yuelao (ms) | plain FAB ModelView (ms) | speed-up |",
        "|---|---|---:|---:|---:|",
        *(f"| {label} | {user} | {o:.1f} | {p:.1f} | {p / o:.0f}× |"
          for label, user, o, p in rows), "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

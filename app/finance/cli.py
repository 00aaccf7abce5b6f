"""`flask --app wsgi finance budget-reminder [--year N]`: who still owes next year's budget.

Year-end job (000: 財務部每年末…編制下一年度財務預算; 004 六(一)3: 各部門…編制本部門的預算草案):
lists each department without a submitted budget for the year. Read-only, safe to run twice.
"""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

cli_group = AppGroup("finance", help="Finance: budget reminders.")


def missing_budgets(year: int) -> list[tuple[str, str]]:
    """(department code, state) for departments whose budget for ``year`` is not yet beyond
    draft: "missing" or "draft"."""
    from sqlalchemy import select

    from app.extensions import db
    from app.finance.models import Budget
    from app.org.models import Department

    states = dict(db.session.execute(
        select(Budget.department_id, Budget.status).where(Budget.year == year)).all())
    out = []
    for dept_id, code, kind in db.session.execute(
            select(Department.id, Department.code, Department.kind).order_by(Department.code)):
        if kind == "hq":
            continue
        state = states.get(dept_id)
        if state is None or state == "draft":
            out.append((code, state or "missing"))
    return out


@cli_group.command("budget-reminder")
@click.option("--year", type=int, default=None, help="Budget year (default: next year).")
def budget_reminder_cmd(year):
    """Print the departments whose budget for the year is missing or still a draft."""
    year = year or dt.date.today().year + 1
    rows = missing_budgets(year)
    for code, state in rows:
        click.echo(f"{year} {code}: {state}")
    click.echo(f"{len(rows)} department(s) still to submit a {year} budget")

"""`flask --app wsgi assets post-depreciation [--month YYYY-MM]`: the monthly posting job.

Safe to run twice and from several servers at once (unique (asset, month); INSERT … ON
CONFLICT DO NOTHING). Without --month it posts the previous calendar month, so a cron line on
the 1st of each month closes the month just ended. On a terminal a progress bar shows the
assets read, their rate and the entries posted (quiet under cron, CI or YUELAO_PROGRESS=0).
"""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

cli_group = AppGroup("assets", help="Assets: monthly depreciation posting.")


def _month(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise click.BadParameter("use YYYY-MM, e.g. 2026-11") from None


@cli_group.command("post-depreciation")
@click.option("--month", "month", default=None, help="YYYY-MM (default: the previous month)")
def post_depreciation_cmd(month):
    """Record each asset's depreciation of the month (per asset and department)."""
    from app.assets.posting import post_month, previous_month

    result = post_month(_month(month) or previous_month(), show_progress=True)
    click.echo(f"{result['month']}: {result['posted']} entries posted "
               f"({result['assets']} assets read, {result['amount']})")

"""`flask --app wsgi service sla-report|escalate [--now ISO]`: daily SLA jobs (cron-safe)."""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

cli_group = AppGroup("service", help="Customer service: SLA report and escalation.")


def _parse_now(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        now = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO format, e.g. 2026-11-24T09:00") from None
    if now.tzinfo is not None:  # stored times are naive UTC
        now = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return now


_NOW = click.option("--now", "now", default=None,
                    help="Pretend the time is this (ISO, UTC unless an offset is given).")


@cli_group.command("sla-report")
@_NOW
def sla_report_cmd(now):
    """Print the overdue complaints, per store then one per line."""
    from app.service.sla import sla_report

    for line in sla_report(_parse_now(now)):
        click.echo(line)


@cli_group.command("escalate")
@_NOW
def escalate_cmd(now):
    """Escalate overdue complaints to the store manager (idempotent)."""
    from app.service.sla import escalate

    for line in escalate(_parse_now(now)):
        click.echo(line)

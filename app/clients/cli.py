"""`flask --app wsgi clients pool-return [--dry-run]`: the 公海 job, safe to run twice (cron)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

cli_group = AppGroup("clients", help="Client jobs: the unassigned pool (公海).")


@cli_group.command("pool-return")
@click.option("--dry-run", is_flag=True, help="List the clients that would return; change nothing.")
@click.option("--days", type=int, default=None, help="Override POOL_RETURN_DAYS.")
def pool_return(dry_run: bool, days: int | None) -> None:
    """Return clients with no follow-up for POOL_RETURN_DAYS days to the pool."""
    from app.clients.pool import return_days, return_due

    ids = return_due(dry_run=dry_run, days=days)
    verb = "would return" if dry_run else "returned"
    click.echo(f"{verb} {len(ids)} clients to the pool (no follow-up for "
               f"{days if days is not None else return_days()} days)"
               + (f": {', '.join(map(str, ids[:50]))}" if ids else ""))

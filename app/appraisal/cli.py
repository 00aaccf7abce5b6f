"""`flask --app wsgi appraisal refresh --cycle <id>`: recompute a cycle's values (cron-safe)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

cli_group = AppGroup("appraisal", help="Appraisals: recompute a cycle's indicator values.")


@cli_group.command("refresh")
@click.option("--cycle", "cycle_id", required=True, type=int, help="The cycle's id.")
def refresh_cmd(cycle_id: int) -> None:
    """Create missing appraisals of an open cycle and recompute the computed indicators of
    those not yet consolidated (safe to run twice)."""
    from app.appraisal.services import refresh
    from app.core.errors import ServiceError

    try:
        lines = refresh(cycle_id)
    except ServiceError as err:
        raise click.ClickException(err.message) from None
    for line in lines:
        click.echo(line)

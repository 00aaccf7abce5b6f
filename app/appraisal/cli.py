"""`flask --app wsgi appraisal ...`: recompute a cycle's values (cron-safe), create the
profile's cycle for the last complete period (a draft for HR to open)."""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

cli_group = AppGroup("appraisal", help="Appraisals: cycles and their indicator values.")


class OpenCycle(click.ParamType):
    """A cycle id that names an open cycle (a clean usage error otherwise)."""

    name = "cycle"

    def convert(self, value, param, ctx):
        from app.appraisal.models import AppraisalCycle
        from app.core.scope import unscoped
        from app.extensions import db

        try:
            pk = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a cycle id", param, ctx)
        with unscoped():
            cycle = db.session.get(AppraisalCycle, pk)
        if cycle is None:
            self.fail(f"no appraisal cycle {pk}", param, ctx)
        if cycle.status != "open":
            self.fail(f"cycle {pk} is {cycle.status}: only an open cycle is refreshed",
                      param, ctx)
        return pk


@cli_group.command("refresh")
@click.option("--cycle", "cycle_id", required=True, type=OpenCycle(), help="The cycle's id.")
def refresh_cmd(cycle_id: int) -> None:
    """Create missing appraisals of an open cycle and recompute the computed indicators of
    those not yet consolidated (safe to run twice)."""
    from app.appraisal.services import refresh

    for line in refresh(cycle_id):
        click.echo(line)


@cli_group.command("new")
@click.option("--period", type=click.Choice(["monthly", "quarterly", "annual"]),
              default="monthly", show_default=True)
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Today's date (default: today); the cycle is the last complete period.")
def new_cmd(period: str, on) -> None:
    """Create (once) the draft cycle of the last complete period with the profile's preset
    (periods the profile's book runs, publicity, 公示 window)."""
    from sqlalchemy import select

    from app.appraisal.models import AppraisalCycle
    from app.appraisal.presets import preset, preset_cycle
    from app.extensions import db

    if period not in preset().periods:
        raise click.BadParameter(f"this profile runs {', '.join(preset().periods)} cycles",
                                 param_hint="--period")
    fields = preset_cycle(period, on.date() if isinstance(on, dt.datetime) else None)
    found = db.session.scalar(select(AppraisalCycle).where(
        AppraisalCycle.name == fields["name"]))
    if found is not None:
        click.echo(f"{found.name}: already there (#{found.id}, {found.status})")
        return
    cycle = AppraisalCycle(**fields)
    cycle.validate()
    db.session.add(cycle)
    db.session.commit()
    click.echo(f"{cycle.name}: draft #{cycle.id}, {cycle.start_date} – {cycle.end_date}")

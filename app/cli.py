"""CLI: `flask --app wsgi seed demo`, `flask --app wsgi roles sync` (cron-safe, idempotent)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

seed_cli = AppGroup("seed", help="Load demonstration data.")
roles_cli = AppGroup("roles", help="Bring roles, permissions and data scopes to the database.")


@roles_cli.command("sync")
@click.option("--prune", is_flag=True, help="Remove permissions the code does not grant.")
def roles_sync(prune: bool) -> None:
    """Create permissions for every view and API, then sync roles and their scopes."""
    from app.core.roles import bootstrap

    bootstrap(prune=prune)
    click.echo("roles synced" + (" (pruned)" if prune else ""))


@seed_cli.command("demo")
@click.option("--profile", default=None,
              type=click.Choice(["matchmaking", "postpartum", "realestate", "agency"]),
              help="Industry profile: its departments, positions and people (default: PROFILE).")
@click.option("--clients", default=0, type=int,
              help="Also generate clients until N have been generated (a second run adds none).")
def seed_demo(profile: str, clients: int) -> None:
    """Build the demo organisation, users and records (safe to run again)."""
    from flask import current_app

    from app.core.roles import bootstrap
    from seeds import demo

    bootstrap()
    summary = demo.seed(profile=profile or current_app.config["PROFILE"], clients=clients)
    for line in summary:
        click.echo(line)


@seed_cli.command("accounts")
@click.option("--profile", default=None, help="Industry profile (default: PROFILE).")
def seed_accounts(profile: str) -> None:
    """The demo users of a profile, with their role, for `make run` to print."""
    import importlib

    from flask import current_app

    from app.profiles import PROFILES

    chosen = PROFILES[profile or current_app.config["PROFILE"]]
    people = importlib.import_module(chosen.org).PEOPLE
    names = dict(chosen.role_names)
    for person in people:
        username, name, kinds = person[0], person[1], person[5]
        roles = "、".join(str(names.get(k, k)) for k in kinds)
        click.echo(f"    {username:<14} {name}（{roles}）")


def register_cli(app) -> None:
    from app.core.modules import installed_modules, resolve

    app.cli.add_command(seed_cli)
    app.cli.add_command(roles_cli)
    app.cli.add_command(resolve("app.core.import_views:data_cli"))  # flask data import
    for module in installed_modules(app):
        if module.cli:
            app.cli.add_command(resolve(module.cli))

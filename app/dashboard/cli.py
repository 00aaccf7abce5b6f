"""`flask --app wsgi notify send`: mail each user what newly waits for them (cron-safe)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

cli_group = AppGroup("notify", help="Notifications: e-mail of new inbox items and overdue work.")


@cli_group.command("send")
def send_cmd():
    """Send what is new since the last run (safe to run twice: sent items are recorded)."""
    from app.dashboard.mail import send_all

    for line in send_all(current_app._get_current_object()):
        click.echo(line)

"""The dashboard module: home dashboards, notifications and printable forms (issue 14)."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="dashboard",
    label=_l("Dashboard"),
    models=("app.dashboard.models",),
    register="app.dashboard.registry:register",
    grants="app.dashboard.permissions:GRANTS",
    cli="app.dashboard.cli:cli_group",
    rules="app.dashboard.rules",
    # Overdue follow-ups and complaints: inbox entries, so the navbar counter is the inbox's.
    inbox=("app.dashboard.overdue:overdue_sections",),
)

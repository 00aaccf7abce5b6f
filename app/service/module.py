"""Customer service: complaints with SLA and escalation, return visits, client care."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="service",
    label=_l("Customer service"),
    models=("app.service.models_all",),
    register="app.service.registry:register",
    grants="app.service.permissions:GRANTS",
    cli="app.service.cli:cli_group",
    seed="app.service.seed:seed",
    seed_profiles=("matchmaking",),
    rules="app.service.rules",
    inbox=("app.service.sla:inbox_overdue",),
    metrics="app.service.metrics:register",
)

"""Clients: registration form, review, contacts, the unassigned pool, candidates."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="clients",
    label=_l("Clients"),
    models=("app.clients.models",),
    register="app.clients.registry:register",
    grants="app.clients.permissions:GRANTS",
    cli="app.clients.cli:cli_group",
    seed="app.clients.seed:seed",
    seed_profiles=("matchmaking",),
    rules="app.clients.rules",
    imports="app.clients.imports:SPECS",
    inbox=("app.clients.review:inbox_reviews",),
)

"""Matching: matches, meetings, follow-ups, events, matchmaker figures."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="matching",
    label=_l("Matching"),
    models=("app.matching.models_all",),
    register="app.matching.registry:register",
    grants="app.matching.permissions:GRANTS",
    seed="app.matching.seed:seed",
    seed_profiles=("matchmaking",),
    rules="app.matching.rules",
    metrics="app.matching.metrics:register",
    inbox=("app.matching.inbox_entries:inbox_schedule",
           "app.matching.inbox_entries:inbox_meetings"),
)

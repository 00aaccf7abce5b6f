"""Appraisals (績效考核): KPI templates fed by the agency's records, cycles, the self → supervisor
→ HR → 公示 → appeal → final flow, grades, bonus and 業務限制 flags."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="appraisal",
    label=_l("Appraisals"),
    models=("app.appraisal.models", "app.appraisal.models_training",
            "app.appraisal.models_people"),
    register="app.appraisal.registry:register",
    grants="app.appraisal.permissions:GRANTS",
    cli="app.appraisal.cli:cli_group",
    seed="app.appraisal.seed:seed",
    seed_profiles=("matchmaking", "postpartum"),
    rules="app.appraisal.rules",
    metrics="app.appraisal.metrics:register",
)

"""The finance module: budgets, adjustments, expense categories and claims (issue 12)."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="finance",
    label=_l("Finance"),
    models=("app.finance.models", "app.finance.contracts", "app.finance.standards"),
    register="app.finance.registry:register",
    grants="app.finance.permissions:GRANTS",
    profile_grants="app.finance.permissions:PROFILE_GRANTS",
    cli="app.finance.cli:cli_group",
    seed="app.finance.seed:seed",
    rules="app.finance.rules",
    imports="app.finance.imports:SPECS",
)

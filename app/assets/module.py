"""Assets: register, exact depreciation, stock-takes, disposals, equipment and supplies."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="assets",
    label=_l("Assets"),
    models=("app.assets.models", "app.assets.models_ops", "app.assets.models_purchase"),
    register="app.assets.registry:register",
    grants="app.assets.permissions:GRANTS",
    cli="app.assets.cli:cli_group",
    seed="app.assets.seed:seed",
    rules="app.assets.rules",
    imports="app.assets.imports:SPECS",
)

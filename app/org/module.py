"""Organisation: departments (tree, recorded heads), positions, employees."""
from flask_babel import lazy_gettext as _l

from app.core.modules import Module

MODULE = Module(
    name="org",
    label=_l("Organisation"),
    models=("app.org.models",),
    register="app.org.registry:register",
    grants="app.org.permissions:GRANTS",
    rules="app.org.rules",
    imports="app.org.imports:SPECS",
)

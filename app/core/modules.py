"""Feature modules as declarations (DESIGN §4).

Each ``app/<name>/module.py`` declares ``MODULE = Module(...)``: its models, views and APIs, grants,
CLI group, demo seed, rules and inbox providers, as dotted references. The app factory, roles sync,
the model import, seeding, the CLI and the rule page iterate over the modules; an industry profile
(app/profiles.py) names the modules it installs. Adding a module is one folder plus one line in
each profile that installs it.

References are strings (``"pkg.mod:attr"`` or ``"pkg.mod"``) so that declaring a module imports
nothing: models are imported for every known module (one schema for every profile), the rest only
for installed ones.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Module:
    name: str
    label: Any = None
    # Model modules, imported for every known module so that the metadata (and so the
    # migrations) is the same whatever the profile.
    models: tuple[str, ...] = ()
    # register(appbuilder, add_view): the module's menu entries and APIs.
    register: str | None = None
    # {role kind: {resource: [permission, ...]}}
    grants: str | None = None
    # {profile: {role kind: {resource: [permission, ...]}}}: what a profile's own rule book
    # gives on top (budgets run by 行政部 in 002, by 財務部 elsewhere).
    profile_grants: str | None = None
    # A click group added to ``flask``.
    cli: str | None = None
    # seed(profile, people, clients) -> [summary lines]; idempotent.
    seed: str | None = None
    # Profiles whose organisation the demo seed knows (empty: every profile).
    seed_profiles: tuple[str, ...] = ()
    # A module whose import registers the module's rules (app/core/rules.py).
    rules: str | None = None
    # Callables returning extra inbox sections for the current user.
    inbox: tuple[str, ...] = ()
    # register(): the module's computed metrics (app/core/metrics.py: KPIs read them).
    metrics: str | None = None
    # ImportSpec(s) of the module's importable lists (app/core/importer.py), "pkg.mod:SPECS".
    imports: str | None = None

    def seeds_for(self, profile: str) -> bool:
        return self.seed is not None and (not self.seed_profiles or profile in self.seed_profiles)


def resolve(ref: str):
    """``"pkg.mod:attr"`` → the attribute; ``"pkg.mod"`` → the module."""
    path, _, attr = ref.partition(":")
    mod = importlib.import_module(path)
    return getattr(mod, attr) if attr else mod


_DECLARED: dict[str, Module] = {}


def declaration(name: str) -> Module:
    """The Module declared by ``app/<name>/module.py``."""
    found = _DECLARED.get(name)
    if found is None:
        found = _DECLARED[name] = importlib.import_module(f"app.{name}.module").MODULE
        if found.name != name:
            raise ValueError(f"app/{name}/module.py declares {found.name!r}")
    return found


def known_modules() -> list[Module]:
    """Every module some profile installs, in the order profiles name them."""
    from app.profiles import PROFILES

    names: list[str] = []
    for profile in PROFILES.values():
        names += [n for n in profile.modules if n not in names]
    return [declaration(n) for n in names]


def installed_modules(app=None) -> list[Module]:
    """The modules of the running app: its profile's, or every known one (``INSTALLED_MODULES
    = "all"``, as the tests do)."""
    from flask import current_app

    from app.profiles import profile_of

    app = app or current_app
    if app.config.get("INSTALLED_MODULES") == "all":
        return known_modules()
    return [declaration(n) for n in profile_of(app).modules]


def import_models() -> None:
    for module in known_modules():
        for ref in module.models:
            importlib.import_module(ref)


def migration_locations() -> list[str]:
    """Where Alembic finds revisions: the core's ``migrations/versions``, then each known
    module's own ``app/<name>/migrations`` (one linear chain across them; every profile has
    the same schema). A new module revision: ``flask db revision --autogenerate -m "..."
    --version-path app/<name>/migrations``."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    dirs = [root / "migrations" / "versions"]
    dirs += [root / "app" / m.name / "migrations" for m in known_modules()]
    return [str(d) for d in dirs if d.is_dir()]


def import_rules(modules=None) -> None:
    for module in modules if modules is not None else known_modules():
        if module.rules:
            importlib.import_module(module.rules)


def register_metrics(modules=None) -> None:
    """Every module's metrics, registered once (app/core/metrics.py); idempotent."""
    for module in modules if modules is not None else known_modules():
        if module.metrics:
            resolve(module.metrics)()

"""Modules and profiles are declarations (issue 9), and docs/DEVELOPING.md's claims hold."""
from __future__ import annotations

import ast
import pathlib

import pytest

from app.core.modules import declaration, known_modules
from app.core.roles import FIXED_NAMES, ROLES
from app.profiles import PROFILES

APP = pathlib.Path(__file__).resolve().parents[2] / "app"


def test_every_module_folder_in_a_profile_declares_itself():
    for module in known_modules():
        assert (APP / module.name / "module.py").is_file()
        assert declaration(module.name).name == module.name


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_names_every_role_kind_and_its_modules_exist(name):
    profile = PROFILES[name]
    named = dict(profile.role_names)
    assert set(named) == set(ROLES) - set(FIXED_NAMES) - {"Public"} or set(named) <= set(ROLES)
    assert all(named.values())
    assert len(set(named.values())) == len(named), "two kinds with one name"
    for m in profile.modules:
        assert (APP / m / "module.py").is_file(), m
    assert "org" in profile.modules


def test_no_module_imports_another_modules_internals():
    """Modules talk through small public functions: a module may import another module's
    models (its records) and the core, never its views, API or services."""
    names = {m.name for m in known_modules()}
    allowed = {"models", "models_all", "models_event", "models_followup", "survey_models",
               "module", "public"}
    bad = []
    for module in names:
        for path in (APP / module).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    parts = node.module.split(".")
                    if not (len(parts) >= 2 and parts[0] == "app" and parts[1] in names
                            and parts[1] != module):
                        continue
                    # ``from app.finance import budgets`` names the submodules in the import.
                    targets = [parts[2]] if len(parts) >= 3 else [a.name for a in node.names]
                    for target in targets:
                        if target not in allowed:
                            bad.append(f"{path.relative_to(APP)} imports {node.module}.{target}")
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        parts = alias.name.split(".")
                        if (len(parts) >= 3 and parts[0] == "app" and parts[1] in names
                                and parts[1] != module and parts[2] not in allowed):
                            bad.append(f"{path.relative_to(APP)} imports {alias.name}")
    assert not bad, "\n".join(sorted(bad))


def test_the_app_iterates_the_declarations(app):
    """Registered APIs are exactly the installed modules' and the core's."""
    resources = {getattr(v, "resource_name", None) for v in app.appbuilder.baseviews}
    for expected in ("client", "match", "complaint", "rule", "inbox", "auditlog"):
        assert expected in resources


def test_home_page_promises_only_what_the_user_may_open(client_as):
    html = client_as("th_mm1").get("/").get_data(as_text=True)
    assert "yl-module" in html
    finance = client_as("finance").get("/").get_data(as_text=True)
    # The finance user is not promised the matching pages.
    assert "匹配" not in finance.split("jumbotron", 1)[1].split("</div>", 1)[0]


def test_profile_role_names_become_fab_roles(app):
    from app.core.roles import role_name, role_of_kind

    with app.app_context():
        role = role_of_kind("Frontline")
        assert role.name == role_name("Frontline") == "紅娘"
        assert role_of_kind("Matchmaker").id == role.id  # the old kind name still resolves


@pytest.mark.parametrize("locale", ["zh", "zh_Hant_TW"])
def test_module_catalogs_never_retranslate_a_core_msgid(locale):
    """Flask-Babel merges every catalog into one: a module that translated a core msgid
    again would change the core's pages (a complaint's 已受理 became 已收)."""
    from babel.messages.pofile import read_po

    def ids(path):
        with open(path, "rb") as f:
            return {m.id for m in read_po(f) if m.id and m.string}

    core = ids(APP / "translations" / locale / "LC_MESSAGES" / "messages.po")
    for po in APP.glob(f"*/translations/{locale}/LC_MESSAGES/messages.po"):
        clash = ids(po) & core
        assert not clash, f"{po.parent.parent.parent.parent.name}: {sorted(clash)[:10]}"

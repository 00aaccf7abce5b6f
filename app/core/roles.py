"""Roles as code: each role's data scope and grants, brought to the database by sync_roles.

Grants come from each module's ``permissions.GRANTS`` ({role: {resource: [permission, ...]}}),
so a module brings its own rules. Start-up sync only adds what is missing (the Roles page stays
editable); ``flask roles sync --prune`` makes the database match the code exactly.
"""
from __future__ import annotations

import importlib
import logging

from flask import current_app
from sqlalchemy import select

from app.core.models import RoleScope
from app.core.scope import SCOPE_ALL, SCOPE_DEPARTMENT, SCOPE_NONE, SCOPE_OWN
from app.extensions import db

log = logging.getLogger(__name__)

READ = ["can_read"]
WRITE = ["can_read", "can_write"]
FULL = ["can_read", "can_write", "can_delete"]

# name → (data scope, description). Names are data: code asks for permissions, not roles.
ROLES: dict[str, tuple[str, str]] = {
    "Admin": (SCOPE_ALL, "系統管理員：全部數據與設置"),
    "Executive": (SCOPE_ALL, "總經理 / 管理層：全部數據，審批"),
    "Auditor": (SCOPE_ALL, "審計：全部數據只讀，含審計日誌"),
    "HR": (SCOPE_ALL, "行政人事：組織、員工、考核、培訓"),
    "Finance": (SCOPE_ALL, "財務：預算、報銷、合同、收款"),
    "Department head": (SCOPE_DEPARTMENT, "部門主管 / 門店經理：本部門及下級部門"),
    "Matchmaker": (SCOPE_OWN, "紅娘：本人負責的客戶與工作"),
    "Customer service": (SCOPE_OWN, "客服專員：本人受理的投訴與回訪"),
    "Marketing": (SCOPE_OWN, "市場：活動與渠道"),
    "Public": (SCOPE_NONE, "未登錄"),
}

# Modules that contribute grants; each has a ``permissions`` module with GRANTS.
GRANT_MODULES = ["app.core", "app.org", "app.clients", "app.matching", "app.service"]


def all_grants() -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {name: set() for name in ROLES}
    for mod in GRANT_MODULES:
        grants = importlib.import_module(f"{mod}.permissions").GRANTS
        for role, resources in grants.items():
            for resource, perms in resources.items():
                out.setdefault(role, set()).update((p, resource) for p in perms)
    return out


def _menu_grants(role_perms: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """menu_access on every menu entry (and its category) whose view the role can read."""
    readable = {res for perm, res in role_perms if perm == "can_read"}
    out = set()
    for category in current_app.appbuilder.menu.get_list():
        for item in category.childs or [category]:
            view = getattr(item, "baseview", None)
            if view is not None and getattr(view, "class_permission_name", None) in readable:
                out.add(("menu_access", item.name))
                if item is not category:
                    out.add(("menu_access", category.name))
    return out


def _self_service(sm) -> set[tuple[str, str]]:
    """What every signed-in user needs: own profile and own password."""
    user_view = sm.user_view.class_permission_name if sm.user_view else "UserDBModelView"
    return {
        ("can_userinfo", user_view), ("resetmypassword", user_view),
        ("can_this_form_get", "ResetMyPasswordView"), ("can_this_form_post", "ResetMyPasswordView"),
    }


def bootstrap(prune: bool = False) -> None:
    """Roles first (FAB grants every new permission to Admin), then permissions, then grants."""
    sm = current_app.appbuilder.sm
    for name in ROLES:
        if sm.find_role(name) is None:
            sm.add_role(name)
    register_permissions()
    sync_roles(prune=prune)


def register_permissions() -> None:
    """One permission set per resource: the union of every view, API and grant naming it.

    FAB's own add_permissions works view by view and deletes from a resource whatever the view
    at hand does not declare, so a ModelView and a ModelRestApi sharing a resource (or a grant
    checked in a service, like ``can_view_contact``) would strip each other's permissions.
    """
    appbuilder = current_app.appbuilder
    by_resource: dict[str, set[str]] = {}
    for view in appbuilder.baseviews:
        if view.class_permission_name and view.base_permissions:
            by_resource.setdefault(view.class_permission_name, set()).update(
                view.base_permissions)
    for grants in all_grants().values():
        for perm, resource in grants:
            by_resource.setdefault(resource, set()).add(perm)
    for resource, perms in sorted(by_resource.items()):
        appbuilder.sm.add_permissions_view(sorted(perms), resource)
    appbuilder._add_menu_permissions(update_perms=True)


def sync_roles(prune: bool = False) -> None:
    sm = current_app.appbuilder.sm
    grants = all_grants()
    for name, (scope, _desc) in ROLES.items():
        role = sm.find_role(name) or sm.add_role(name)
        row = db.session.scalar(select(RoleScope).where(RoleScope.role_id == role.id))
        if row is None:
            db.session.add(RoleScope(role_id=role.id, scope=scope))
        elif prune:
            row.scope = scope
        if name == current_app.config["AUTH_ROLE_ADMIN"] or name == "Public":
            continue
        wanted = set(grants.get(name, set()))
        wanted |= _menu_grants(wanted) | _self_service(sm)
        pvs = []
        for perm, view in sorted(wanted):
            pv = sm.add_permission_view_menu(perm, view)
            if pv is not None:
                pvs.append(pv)
        if prune:
            role.permissions = pvs
        else:
            have = set(role.permissions)
            role.permissions = list(role.permissions) + [pv for pv in pvs if pv not in have]
    db.session.commit()
    log.info("roles synced (prune=%s)", prune)

"""Roles as code: each role's data scope and grants, brought to the database by sync_roles.

Grants come from each installed module's declared ``grants`` ({role: {resource: [perms]}}), so
a module brings its own rules. Start-up sync only adds what is missing (the Roles page stays
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

# Role kinds → (data scope, description). Grants and scopes are written against kinds; the
# FAB role of a kind carries the profile's own name (app/profiles.py role_names: 紅娘, 經紀人,
# 產后修復師 …) and is found by the kind recorded on its role_scope row. Code asks for
# permissions, never for a role.
ROLES: dict[str, tuple[str, str]] = {
    "Admin": (SCOPE_ALL, "系統管理員：全部數據與設置"),
    "Executive": (SCOPE_ALL, "總經理 / 管理層：全部數據，審批"),
    "Auditor": (SCOPE_ALL, "審計：全部數據只讀，含審計日誌"),
    "HR": (SCOPE_ALL, "行政人事：組織、員工、考核、培訓"),
    "Finance": (SCOPE_ALL, "財務：預算、報銷、合同、收款"),
    "Department head": (SCOPE_DEPARTMENT, "部門主管 / 門店經理：本部門及下級部門"),
    "Frontline": (SCOPE_OWN, "一線業務（紅娘、經紀人、產后修復師…）：本人負責的客戶與工作"),
    "Customer service": (SCOPE_OWN, "客服專員：本人受理的投訴與回訪"),
    "Marketing": (SCOPE_OWN, "市場 / 銷售：活動與渠道"),
    "Public": (SCOPE_NONE, "未登錄"),
}
# Kind names of earlier versions, accepted in grant tables and renamed on sync.
LEGACY_KINDS = {"Matchmaker": "Frontline"}
# Roles FAB itself knows by name (AUTH_ROLE_ADMIN / AUTH_ROLE_PUBLIC): never renamed.
FIXED_NAMES = ("Admin", "Public")


def role_name(kind: str) -> str:
    """The FAB role name of ``kind`` in the running profile."""
    from app.profiles import profile_of

    kind = LEGACY_KINDS.get(kind, kind)
    if kind in FIXED_NAMES:
        return kind
    return dict(profile_of().role_names).get(kind, kind)


def scope_of(kind: str, default: str) -> str:
    """The kind's data scope in the running profile (``role_scopes``), else ``default``."""
    from app.profiles import profile_of

    return dict(profile_of().role_scopes).get(kind, default)


def role_of_kind(kind: str):
    """The FAB role of ``kind``: the one whose role_scope records the kind, else by name."""
    sm = current_app.appbuilder.sm
    kind = LEGACY_KINDS.get(kind, kind)
    role_id = db.session.scalar(select(RoleScope.role_id).where(RoleScope.kind == kind))
    if role_id is not None:
        return db.session.get(sm.role_model, role_id)
    return sm.find_role(role_name(kind))


def kinds_of(user) -> set[str]:
    """The role kinds a user holds."""
    ids = [r.id for r in getattr(user, "roles", None) or []]
    if not ids:
        return set()
    return set(db.session.scalars(select(RoleScope.kind).where(
        RoleScope.role_id.in_(ids), RoleScope.kind.is_not(None))))


def _ensure_role(kind: str):
    """The kind's role, created or renamed to the profile's name; its role_scope records
    the kind."""
    sm = current_app.appbuilder.sm
    name = role_name(kind)
    role = role_of_kind(kind)
    if role is None:
        for legacy, new in LEGACY_KINDS.items():
            if new == kind and sm.find_role(legacy) is not None:
                role = sm.find_role(legacy)
    if role is None:
        role = sm.add_role(name)
    elif role.name != name and sm.find_role(name) is None:
        role.name = name
    return role

def _grant_tables() -> list[dict]:
    """The core's grants, then each installed module's (app/<module>/module.py)."""
    from app.core.modules import installed_modules, resolve
    from app.profiles import profile_of

    profile = profile_of().name
    tables = [importlib.import_module("app.core.permissions").GRANTS]
    for m in installed_modules():
        if m.grants:
            tables.append(resolve(m.grants))
        if m.profile_grants:
            tables.append(resolve(m.profile_grants).get(profile, {}))
    return tables


def all_grants() -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {name: set() for name in ROLES}
    for grants in _grant_tables():
        for role, resources in grants.items():
            role = LEGACY_KINDS.get(role, role)
            for resource, perms in resources.items():
                out.setdefault(role, set()).update((p, resource) for p in perms)
    # Export goes with read on every list that exports (app/core/export.py); never Public.
    exporting = {v.class_permission_name for v in current_app.appbuilder.baseviews
                 if "can_export" in (getattr(v, "base_permissions", None) or ())}
    for role, perms in out.items():
        if role != "Public":
            perms |= {("can_export", r) for p, r in list(perms)
                      if p == "can_read" and r in exporting}
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
    for kind in ROLES:
        _ensure_role(kind)
    db.session.flush()
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
    for kind, (scope, _desc) in ROLES.items():
        scope = scope_of(kind, scope)
        role = _ensure_role(kind)
        db.session.flush()
        row = db.session.scalar(select(RoleScope).where(RoleScope.role_id == role.id))
        if row is None:
            db.session.add(RoleScope(role_id=role.id, scope=scope, kind=kind))
        else:
            row.kind = kind
            if prune:
                row.scope = scope
        if kind in FIXED_NAMES:
            continue
        wanted = set(grants.get(kind, set()))
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

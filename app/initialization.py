"""The one place where every view and API is registered (Superset's init_views shape).

Each feature module has ``app/<module>/registry.py`` with ``register(appbuilder, add_view)``;
MODULES lists them in menu order. Nothing registers views anywhere else.
"""
from __future__ import annotations

import importlib

from flask_babel import lazy_gettext as _l

from app.core import inbox

MODULES = [
    "app.org",
    "app.clients",
    "app.matching",
    "app.service",
]


def add_view(appbuilder, view, name, label, icon, category, category_label, category_icon):
    """Register a ModelView in the menu, and remember its endpoint for inbox links."""
    appbuilder.add_view(view, name, label=label, icon=icon, category=category,
                        category_label=category_label, category_icon=category_icon)
    if getattr(view, "resource", None):
        inbox.SHOW_ENDPOINTS.setdefault(view.resource, view.__name__)


def init_views(appbuilder) -> None:
    from app.core.admin import AuditLogApi, AuditLogView, InboxApi, InboxView, RoleScopeView

    appbuilder.add_view(InboxView, "Inbox", label=_l("My approvals"), icon="fa-inbox",
                        category="Workbench", category_label=_l("Workbench"),
                        category_icon="fa-briefcase")
    appbuilder.add_api(InboxApi)

    for module in MODULES:
        importlib.import_module(f"{module}.registry").register(appbuilder, add_view)

    system = ("System", _l("System"), "fa-cogs")
    add_view(appbuilder, AuditLogView, "Audit log", _l("Audit log"), "fa-history", *system)
    add_view(appbuilder, RoleScopeView, "Role scopes", _l("Role data scopes"), "fa-filter",
             *system)
    appbuilder.add_api(AuditLogApi)

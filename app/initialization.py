"""The one place where every view and API is registered (Superset's init_views shape).

The installed modules (app/profiles.py, app/core/modules.py) register their views and APIs
through their declared ``register(appbuilder, add_view)``, in the profile's menu order, and
their inbox providers; the core's own pages come first (workbench) and last (system).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import inbox
from app.core.modules import import_rules, installed_modules, resolve


def add_view(appbuilder, view, name, label, icon, category, category_label, category_icon):
    """Register a ModelView in the menu, and remember its endpoint for inbox links."""
    appbuilder.add_view(view, name, label=label, icon=icon, category=category,
                        category_label=category_label, category_icon=category_icon)
    if getattr(view, "resource", None):
        inbox.SHOW_ENDPOINTS.setdefault(view.resource, view.__name__)


def init_views(appbuilder) -> None:
    from app.core.admin import AuditLogApi, AuditLogView, InboxApi, InboxView, RoleScopeView
    from app.core.rule_views import RuleApi, RuleView

    appbuilder.add_view(InboxView, "Inbox", label=_l("My approvals"), icon="fa-inbox",
                        category="Workbench", category_label=_l("Workbench"),
                        category_icon="fa-briefcase")
    appbuilder.add_api(InboxApi)

    modules = installed_modules()
    import_rules()
    inbox.INBOX_PROVIDERS[:] = [resolve(ref) for m in modules for ref in m.inbox]
    for module in modules:
        if module.register:
            resolve(module.register)(appbuilder, add_view)
    # Receipts, evidence, photos: /api/v1/<resource>/<pk>/attachments for every API that
    # declares ``attachments = True`` (app/core/attachments.py).
    from app.core.attachments import register_attachments
    from app.core.export_job_views import register_export_jobs
    from app.core.modules import register_metrics

    register_attachments(appbuilder)
    # Large exports run as background jobs with a page of their own (app/core/export_jobs.py).
    register_export_jobs(appbuilder)
    register_metrics()

    system = ("System", _l("System"), "fa-cogs")
    add_view(appbuilder, RuleView, "Rules", _l("Rule basis"), "fa-book", *system)
    add_view(appbuilder, AuditLogView, "Audit log", _l("Audit log"), "fa-history", *system)
    add_view(appbuilder, RoleScopeView, "Role scopes", _l("Role data scopes"), "fa-filter",
             *system)
    appbuilder.add_api(AuditLogApi)
    appbuilder.add_api(RuleApi)

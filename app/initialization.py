"""The one place where every view and API is registered (Superset's init_views shape)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import inbox


def _view(appbuilder, view, name, label, icon, category, category_label, category_icon):
    appbuilder.add_view(view, name, label=label, icon=icon, category=category,
                        category_label=category_label, category_icon=category_icon)
    if getattr(view, "resource", None):
        inbox.SHOW_ENDPOINTS[view.resource] = view.__name__


def init_views(appbuilder) -> None:
    # Import here: models must be mapped and workflows declared before views read them.
    from app.core.admin import AuditLogApi, AuditLogView, InboxApi, InboxView, RoleScopeView
    from app.org import workflows  # noqa: F401  (declares the employee workflow)
    from app.org.api import DepartmentApi, EmployeeApi, PositionApi
    from app.org.views import DepartmentView, EmployeesOfDepartment, EmployeeView, PositionView

    appbuilder.add_view(InboxView, "Inbox", label=_l("My approvals"), icon="fa-inbox",
                        category="Workbench", category_label=_l("Workbench"),
                        category_icon="fa-briefcase")

    org = ("Organisation", _l("Organisation"), "fa-sitemap")
    _view(appbuilder, DepartmentView, "Departments", _l("Departments"), "fa-sitemap", *org)
    _view(appbuilder, PositionView, "Positions", _l("Positions"), "fa-id-badge", *org)
    _view(appbuilder, EmployeeView, "Employees", _l("Employees"), "fa-users", *org)
    appbuilder.add_view_no_menu(EmployeesOfDepartment)

    system = ("System", _l("System"), "fa-cogs")
    _view(appbuilder, AuditLogView, "Audit log", _l("Audit log"), "fa-history", *system)
    _view(appbuilder, RoleScopeView, "Role scopes", _l("Role data scopes"), "fa-filter",
          *system)

    for api in (DepartmentApi, PositionApi, EmployeeApi, AuditLogApi, InboxApi):
        appbuilder.add_api(api)

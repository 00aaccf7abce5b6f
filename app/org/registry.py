"""Registers the organisation pages and REST resources (called by app.initialization)."""
from flask_babel import lazy_gettext as _l


def register(appbuilder, add_view) -> None:
    from app.org import workflows  # noqa: F401  (declares the employee workflow)
    from app.org.api import DepartmentApi, EmployeeApi, PositionApi
    from app.org.views import DepartmentView, EmployeesOfDepartment, EmployeeView, PositionView

    org = ("Organisation", _l("Organisation"), "fa-sitemap")
    add_view(appbuilder, DepartmentView, "Departments", _l("Departments"), "fa-sitemap", *org)
    add_view(appbuilder, PositionView, "Positions", _l("Positions"), "fa-id-badge", *org)
    add_view(appbuilder, EmployeeView, "Employees", _l("Employees"), "fa-users", *org)
    appbuilder.add_view_no_menu(EmployeesOfDepartment)
    for api in (DepartmentApi, PositionApi, EmployeeApi):
        appbuilder.add_api(api)

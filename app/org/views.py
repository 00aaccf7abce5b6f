"""Organisation admin pages: departments, positions, employees."""
from flask_babel import lazy_gettext as _l

from app.core.interface import YuelaoInterface
from app.core.views import YuelaoModelView
from app.org.models import Department, Employee, Position

EMPLOYEE_LABELS = {
    "employee_no": _l("Employee No."),
    "name": _l("Full name"),
    "gender": _l("Gender"),
    "phone": _l("Phone"),
    "department": _l("Department"),
    "position": _l("Position"),
    "manager": _l("Manager"),
    "user": _l("Login account"),
    "hire_date": _l("Hire date"),
    "probation_end": _l("Probation ends"),
    "regular_date": _l("Regular since"),
    "leave_date": _l("Left on"),
    "status": _l("Status"),
    "notes": _l("Notes"),
    "created_at": _l("Created at"),
}


DEPARTMENT_KINDS = {"hq": _l("Headquarters"), "store": _l("Store"), "dept": _l("Department")}
GENDERS = {"M": _l("Male"), "F": _l("Female")}


class EmployeeView(YuelaoModelView):
    resource = "employee"
    datamodel = YuelaoInterface(Employee)
    list_title = _l("Employees")
    show_title = _l("Employee")
    add_title = _l("Add employee")
    edit_title = _l("Edit employee")
    label_columns = EMPLOYEE_LABELS
    list_columns = ["employee_no", "name", "department", "position", "manager", "status",
                    "hire_date"]
    show_columns = ["employee_no", "name", "gender", "phone", "department", "position",
                    "manager", "user", "status", "hire_date", "probation_end", "regular_date",
                    "leave_date", "notes"]
    add_columns = ["employee_no", "name", "gender", "phone", "department", "position",
                   "manager", "user", "hire_date", "probation_end", "notes"]
    edit_columns = add_columns
    search_columns = ["employee_no", "name", "department", "position", "status", "hire_date"]
    order_columns = ["employee_no", "name", "status", "hire_date"]
    base_order = ("employee_no", "asc")
    formatters_columns = {"gender": lambda v: str(GENDERS.get(v, v or ""))}


class EmployeesOfDepartment(EmployeeView):
    """The employees tab on a department's page (a related list: scoped like any list)."""

    list_title = _l("Members")
    list_columns = ["employee_no", "name", "position", "status"]


class PositionView(YuelaoModelView):
    resource = "position"
    datamodel = YuelaoInterface(Position)
    list_title = _l("Positions")
    show_title = _l("Position")
    add_title = _l("Add position")
    edit_title = _l("Edit position")
    label_columns = {"name": _l("Name"), "code": _l("Code"), "duties": _l("Duties")}
    list_columns = ["code", "name", "duties"]
    add_columns = edit_columns = show_columns = ["code", "name", "duties"]
    search_columns = ["code", "name"]
    base_order = ("code", "asc")


class DepartmentView(YuelaoModelView):
    resource = "department"
    datamodel = YuelaoInterface(Department)
    list_title = _l("Departments")
    show_title = _l("Department")
    add_title = _l("Add department")
    edit_title = _l("Edit department")
    formatters_columns = {"kind": lambda v: str(DEPARTMENT_KINDS.get(v, v))}
    label_columns = {"name": _l("Name"), "code": _l("Code"), "kind": _l("Kind"),
                     "parent": _l("Parent department"), "head": _l("Head"),
                     "duties": _l("Duties")}
    list_columns = ["code", "name", "kind", "parent", "head"]
    add_columns = edit_columns = show_columns = ["code", "name", "kind", "parent", "head",
                                                 "duties"]
    search_columns = ["code", "name", "kind", "parent"]
    base_order = ("code", "asc")
    related_views = [EmployeesOfDepartment]


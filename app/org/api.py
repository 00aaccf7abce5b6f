"""REST resources department, position, employee."""
from app.core.api import YuelaoModelApi
from app.core.interface import YuelaoInterface
from app.org.models import Department, Employee, Position


class DepartmentApi(YuelaoModelApi):
    resource = "department"
    datamodel = YuelaoInterface(Department)
    list_columns = ["id", "code", "name", "kind", "parent_id", "head_id"]
    show_columns = ["id", "code", "name", "kind", "parent_id", "head_id", "duties"]
    add_columns = edit_columns = ["code", "name", "kind", "parent", "head", "duties"]
    order_columns = ["code", "name"]


class PositionApi(YuelaoModelApi):
    resource = "position"
    datamodel = YuelaoInterface(Position)
    list_columns = show_columns = ["id", "code", "name", "duties"]
    add_columns = edit_columns = ["code", "name", "duties"]


class EmployeeApi(YuelaoModelApi):
    resource = "employee"
    datamodel = YuelaoInterface(Employee)
    list_columns = ["id", "employee_no", "name", "department_id", "position_id", "manager_id",
                    "user_id", "status", "hire_date"]
    show_columns = list_columns + ["gender", "phone", "probation_end", "regular_date",
                                   "leave_date", "notes"]
    add_columns = edit_columns = ["employee_no", "name", "gender", "phone", "department",
                                  "position", "manager", "user", "hire_date", "probation_end",
                                  "notes"]
    order_columns = ["employee_no", "name", "hire_date", "status"]
    search_columns = ["employee_no", "name", "department", "status"]

"""Employee lifecycle: probation → regular (HR confirms) → left; rehire brings one back."""
import datetime as dt

from flask_babel import lazy_gettext as _l

from app.core.errors import Forbidden
from app.core.workflow import Transition, Workflow
from app.org.models import Employee


def not_self(employee, ctx):
    """Nobody confirms or dismisses themselves."""
    if ctx.user is not None and employee.user_id == ctx.user.id:
        raise Forbidden(str(_l("You cannot take this step on your own employee record")))


def _set_regular(employee, ctx):
    employee.regular_date = dt.date.today()


def _set_left(employee, ctx):
    employee.leave_date = dt.date.today()


def _set_rehired(employee, ctx):
    employee.leave_date = None
    employee.regular_date = None
    employee.hire_date = dt.date.today()


EMPLOYEE_WORKFLOW = Workflow(
    resource="employee",
    model=Employee,
    title=_l("Employee"),
    initial="probation",
    states={"probation": _l("Probation"), "regular": _l("Regular"), "left": _l("Left")},
    transitions=[
        Transition("confirm", ("probation",), "regular", _l("Confirm as regular"),
                   guards=(not_self,), effect=_set_regular, rule="000.org.personnel"),
        Transition("leave", ("probation", "regular"), "left", _l("Record leaving"),
                   comment_required=True, guards=(not_self,), effect=_set_left,
                   style="danger", inbox=False, rule="000.org.personnel"),
        Transition("rehire", ("left",), "probation", _l("Rehire"), comment_required=True,
                   guards=(not_self,), effect=_set_rehired, inbox=False,
                   rule="000.org.personnel"),
    ],
)

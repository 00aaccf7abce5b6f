"""``bonus_export``: a cycle's final results for payroll (CSV or XLSX) through the core's
export (app/core/export.py: audited, streamed, formula-safe cells, Chinese headers).

Rows are the final appraisals of the cycle the user may see (scope applies as on the list:
HR all, a head their departments, an employee their own): employee No., name, department,
score, grade, bonus (Decimal).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from app.appraisal.models import Appraisal, AppraisalCycle
from app.core import export
from app.core.errors import Invalid, NotFound
from app.extensions import db

COLUMNS = [("employee.employee_no", _l("Employee No.")), ("employee.name", _l("Full name")),
           ("department.name", _l("Department")), ("score", _l("Score")),
           ("grade", _l("Grade")), ("bonus", _l("Bonus"))]


def cycle_id_of(raw) -> int:
    try:
        pk = int(str(raw).strip())
    except (TypeError, ValueError):
        raise Invalid(str(_l("cycle_id must be a number")), field="cycle_id") from None
    if not 0 < pk < 2**31:
        raise Invalid(str(_l("cycle_id must be a number")), field="cycle_id")
    return pk


def bonus_table(cycle_id: int) -> export.Table:
    from app.org.models import Employee

    cycle = db.session.get(AppraisalCycle, cycle_id)  # cycles are company-wide
    if cycle is None:
        raise NotFound(str(_l("No such appraisal cycle")))
    query = (db.session.query(Appraisal)
             .join(Employee, Appraisal.employee_id == Employee.id)
             .options(joinedload(Appraisal.employee), joinedload(Appraisal.department))
             .filter(Appraisal.cycle_id == cycle.id, Appraisal.status == "final")
             .order_by(Employee.employee_no, Appraisal.id))
    return export.Table(resource="appraisal", model=Appraisal, query=query,
                        columns=[c for c, _ in COLUMNS],
                        labels=[str(label) for _, label in COLUMNS],
                        filters=[["cycle_id", "bonus_export", cycle.id]],
                        order=("employee.employee_no", "asc"))


def bonus_export(cycle_raw, fmt_raw):
    """The response: the file of the cycle's final results (422 on a bad id or format)."""
    fmt = export.format_of(fmt_raw)
    return export.export(bonus_table(cycle_id_of(cycle_raw)), fmt)

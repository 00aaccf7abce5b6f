"""Employees imported from a spreadsheet (app/core/importer.py), found again by employee
number; department, position and manager by name / number."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.importer import Col, ImportSpec
from app.org.views import EMPLOYEE_LABELS as L
from app.org.views import GENDERS

SPECS = (ImportSpec(
    resource="employee", model="app.org.models:Employee", label=_l("Employees"),
    key=("employee_no",),
    columns=(
        Col("employee_no", L["employee_no"], required=True, example="E1001"),
        Col("name", L["name"], required=True, example="陳嘉欣"),
        Col("gender", L["gender"], "choice", choices=GENDERS, example=GENDERS["F"]),
        Col("phone", L["phone"], example="13900139000"),
        Col("department_id", L["department"], "ref", True,
            ref=("app.org.models:Department", "name"), example="天河红娘部"),
        Col("position_id", L["position"], "ref", ref=("app.org.models:Position", "name")),
        Col("manager_id", L["manager"], "ref", ref=("app.org.models:Employee", "employee_no")),
        Col("hire_date", L["hire_date"], "date", True, example="2026-01-05"),
        Col("probation_end", L["probation_end"], "date"),
        Col("notes", L["notes"] if "notes" in L else _l("Notes")),
    )),)

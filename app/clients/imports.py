"""Clients imported from a spreadsheet (app/core/importer.py): the registration form's facts,
found again by phone (the natural key: a phone belongs to one client)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.clients.forms import CHOICE_LABELS
from app.clients.views import CLIENT_LABELS
from app.core.importer import Col, ImportSpec

L = CLIENT_LABELS
C = CHOICE_LABELS
DEPARTMENT = ("app.org.models:Department", "name")
EMPLOYEE = ("app.org.models:Employee", "employee_no")


def prepare(item, is_new: bool) -> None:
    """A new client without a department is the importer's own (as on the form); a masked
    contact value sent back (an export re-imported) means "unchanged"."""
    from app.clients import services
    from app.core.scope import current_scope

    if is_new and item.department_id is None:
        item.department_id = current_scope().department_id
    if not is_new:
        services.keep_masked_contact(item)


SPECS = (ImportSpec(
    resource="client", model="app.clients.models:Client", label=_l("Clients"),
    key=("phone",), prepare=prepare,
    columns=(
        Col("phone", L["phone"], example="13800138000"),
        Col("name", L["name"], required=True, example="王晓燕"),
        Col("gender", L["gender"], "choice", True, CHOICE_LABELS["gender"],
            example=C["gender"]["F"]),
        Col("birth_date", L["birth_date"], "date", True, example="1992-05-18"),
        Col("height_cm", L["height_cm"], "int", example="162"),
        Col("weight_kg", L["weight_kg"], "int"),
        Col("education", L["education"], "choice", choices=C["education"],
            example=C["education"]["bachelor"]),
        Col("city", L["city"], example="廣州"),
        Col("hukou", L["hukou"]),
        Col("marital_status", L["marital_status"], "choice",
            choices=C["marital_status"], example=C["marital_status"]["never_married"]),
        Col("has_children", L["has_children"], "bool", example=_l("No")),
        Col("occupation", L["occupation"], example="教師"),
        Col("employer", L["employer"]),
        Col("income_monthly", L["income_monthly"], "int", example="12000"),
        Col("wechat", L["wechat"]),
        Col("email", L["email"]),
        Col("intake_channel", L["intake_channel"], "choice",
            choices=C["intake_channel"], example=C["intake_channel"]["store"]),
        Col("tier", L["tier"], "choice", choices=C["tier"], example=C["tier"]["standard"]),
        Col("department_id", L["department"], "ref", ref=DEPARTMENT, example="天河红娘部"),
        Col("matchmaker_id", L["matchmaker"], "ref", ref=EMPLOYEE),
        Col("notes", L["notes"]),
    )),)

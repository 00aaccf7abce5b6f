"""Complaint services: receipt defaults, validation, routing helpers, the words for codes.

Evidence files go through the one upload service (app/core/attachments.py, resource
``complaint``): type sniffed, size limit, scoped, audited."""
from __future__ import annotations

import datetime as dt
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select

from app.core.errors import Invalid
from app.core.models import utcnow
from app.core.scope import SCOPE_ALL, current_scope, unscoped
from app.extensions import db
from app.org.models import Department, Employee
from app.service.models import CHANNELS, FINDINGS, Complaint, ComplaintCategory
from app.service.rules import cited

# Codes are stored; people read these (forms, lists, show pages, History).
CHANNEL_LABELS = {"phone": _l("Phone"), "wechat": _l("WeChat"), "email": _l("Email"),
                  "store": _l("In store"), "online": _l("Online")}
FINDING_LABELS = {"upheld": _l("Upheld"), "not_upheld": _l("Not upheld")}
VISIT_OUTCOMES = (("satisfied", _l("Satisfied")), ("unsatisfied", _l("Not satisfied")))
# The rule a complaint's receipt record obeys (app/service/rules.py).
_INTAKE = "000.service.complaint_intake"


def _changed(obj, attr: str) -> bool:
    state = inspect(obj)
    return state.transient or state.pending or state.attrs[attr].history.has_changes()


def employee_of_user(user) -> Employee | None:
    if user is None or not getattr(user, "id", None):
        return None
    with unscoped():
        return db.session.scalar(select(Employee).where(Employee.user_id == user.id))


def store_of(department_id: int | None) -> int | None:
    """The store (kind ``store``) at or above a department; None for head-office departments."""
    from app.core.people import store_of as core_store_of

    return core_store_of(department_id)


def category(code: str | None) -> ComplaintCategory | None:
    if not code:
        return None
    return db.session.scalar(select(ComplaintCategory).where(ComplaintCategory.code == code))


def new_complaint_no(now: dt.datetime) -> str:
    return f"TS{now:%Y%m%d}-{secrets.token_hex(3).upper()}"


def on_receipt(item: Complaint, user, now: dt.datetime | None = None) -> None:
    """Fill what receipt implies: time, receiver, receiving department, store, SLA deadlines."""
    now = now or utcnow()
    if item.received_at is None:
        item.received_at = now.replace(microsecond=0)
    if not item.complaint_no:
        item.complaint_no = new_complaint_no(item.received_at)
    if item.received_by_id is None:
        emp = employee_of_user(user)
        if emp is not None:
            item.received_by_id = emp.id
            item.received_department_id = emp.department_id
    elif item.received_department_id is None:
        with unscoped():
            item.received_department_id = db.session.scalar(
                select(Employee.department_id).where(Employee.id == item.received_by_id))
    if item.store_id is None:
        item.store_id = store_of(item.department_id) or store_of(item.received_department_id)
    if item.status is None:
        item.status = "received"
    if item.reopen_count is None:
        item.reopen_count = 0
    apply_sla(item)


def _sync_category(item: Complaint) -> None:
    """Forms set the relationship (category_ref), REST the code: make the code authoritative."""
    if not inspect(item).attrs.category_ref.history.has_changes():
        return
    ref = item.category_ref
    if ref is not None and item.category != ref.code:
        item.category = ref.code


def apply_sla(item: Complaint) -> None:
    """Deadlines default from the category's SLA, counted from the receipt time."""
    _sync_category(item)
    cat = category(item.category)
    if cat is None or item.received_at is None:
        return
    if item.response_deadline is None:
        item.response_deadline = item.received_at + dt.timedelta(hours=cat.sla_response_hours)
    if item.deadline is None:
        item.deadline = item.received_at + dt.timedelta(hours=cat.sla_resolve_hours)


def validate_complaint(item: Complaint) -> None:
    """Every add and edit, from a form or from REST. Raises Invalid; nothing is written."""
    _sync_category(item)
    if item.channel not in CHANNELS:
        raise Invalid(cited(_l("Channel must be one of: %(c)s", c="、".join(
            str(CHANNEL_LABELS[c]) for c in CHANNELS)), _INTAKE), field="channel")
    if category(item.category) is None:
        raise Invalid(cited(_l("Unknown complaint category"), _INTAKE), field="category")
    if not (item.content or "").strip():
        raise Invalid(cited(_l("Describe the complaint"), _INTAKE), field="content")
    # A form sets the relationship (the client picker), REST the column: either names one.
    client_id = item.client_id if item.client_id is not None else getattr(item.client, "id",
                                                                           None)
    if not client_id and not (item.complainant_name or "").strip():
        raise Invalid(cited(_l("Give the client, or the complainant's name"), _INTAKE),
                      field="complainant_name")
    if client_id and (_changed(item, "client_id") or _changed(item, "client")):
        from app.clients.models import Client

        # Scoped: a client the user may not see cannot be named in a complaint.
        if db.session.scalar(select(Client.id).where(Client.id == client_id)) is None:
            raise Invalid(str(_l("Client not found or outside your data scope")),
                          field="client_id")
    if item.finding is not None and item.finding not in FINDINGS:
        raise Invalid(cited(_l("Choose whether the complaint is upheld"),
                            "000.service.complaint_handling"), field="finding")
    if item.satisfaction is not None and not 1 <= int(item.satisfaction) <= 5:
        raise Invalid(cited(_l("Satisfaction must be between 1 and 5"),
                            "000.service.complaint_close"), field="satisfaction")
    if item.received_at is not None:
        for attr, label in (("deadline", _l("Deadline")),
                            ("response_deadline", _l("Response deadline"))):
            value = getattr(item, attr)
            if value is not None and value < item.received_at:
                raise Invalid(cited(_l("%(field)s cannot be before the receipt time",
                                       field=label), "000.service.complaint_deadline"),
                              field=attr)


def validate_category(cat: ComplaintCategory) -> None:
    for attr in ("sla_response_hours", "sla_resolve_hours"):
        value = getattr(cat, attr)
        if value is None or int(value) <= 0:
            raise Invalid(str(_l("SLA hours must be positive")), field=attr)
    if int(cat.sla_response_hours) > int(cat.sla_resolve_hours):
        raise Invalid(str(_l("The response time cannot exceed the resolution time")),
                      field="sla_response_hours")


class DepartmentChoices:
    """Departments a complaint may be forwarded to: those of the user's store (a store's
    complaint goes to its own responsible department, 000 客戶投訴處理 1); every department
    for users of company-wide scope. Read when the form or the check needs them."""

    def __iter__(self):
        from app.core.people import store_subtree

        stmt = select(Department.id, Department.name).order_by(Department.code)
        scope = current_scope()
        if scope.kind != SCOPE_ALL:
            ids = store_subtree(scope.department_id)
            stmt = stmt.where(Department.id.in_(sorted(ids) or [-1]))
        with unscoped():
            rows = db.session.execute(stmt).all()
        return iter([(str(i), n) for i, n in rows])

"""Complaint pages: list (overdue in red), show with the workflow buttons the user may take,
evidence files through the one upload service, the complainant's phone masked."""
from __future__ import annotations

from flask import current_app
from flask_appbuilder.fieldwidgets import DateTimePickerWidget, Select2Widget
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import inspect
from wtforms import BooleanField, DateTimeField, SelectField
from wtforms.validators import InputRequired, Optional

from app.clients.public import ClientPickerField
from app.core import attachments, audit
from app.core.interface import YuelaoInterface
from app.core.views import YuelaoModelView
from app.service import complaints
from app.service.complaints import CHANNEL_LABELS, FINDING_LABELS, VISIT_OUTCOMES
from app.service.filters import FilterOverdue, equality_only, state_select
from app.service.models import CHANNELS, Complaint, ComplaintCategory
from app.service.workflows import COMPLAINT_WORKFLOW

COMPLAINT_LABELS = {
    "complaint_no": _l("Complaint No."), "client": _l("Client"),
    "complainant": _l("Complainant"), "complainant_name": _l("Complainant name"),
    "complainant_phone": _l("Complainant phone"), "channel": _l("Channel"),
    "category_ref": _l("Category"), "category": _l("Category"), "content": _l("Content"),
    "major": _l("Major complaint"),
    "received_at": _l("Received at"), "received_by": _l("Received by"),
    "received_department": _l("Receiving department"),
    "response_deadline": _l("Response deadline"), "deadline": _l("Promised deadline"),
    "department": _l("Responsible department"), "store": _l("Store"),
    "handler": _l("Responsible employee"), "status": _l("Status"),
    "assigned_at": _l("Assigned at"), "investigating_at": _l("Investigation started"),
    "resolved_at": _l("Resolved at"), "followed_up_at": _l("Followed up at"),
    "closed_at": _l("Closed at"), "evidence": _l("Evidence"), "plan": _l("Handling plan"),
    "finding": _l("Finding"), "result": _l("Response given to the client"),
    "satisfaction": _l("Satisfaction"), "satisfied": _l("Client satisfied"),
    "client_satisfied": _l("Is the client satisfied?"),
    "reopen_count": _l("Reopened"), "escalated_at": _l("Escalated at"),
    "escalated_to": _l("Escalated to"), "escalation_level": _l("Escalation level"),
    "overdue": _l("Overdue"), "evidence_note": _l("Evidence found"),
}
ESCALATION_LABELS = {0: "", 1: _l("Head of the responsible department"),
                     2: _l("Store manager")}


def _overdue_badge(value):
    if value:
        return Markup('<span class="label label-danger yl-overdue">%s</span>') % escape(
            _l("Overdue"))
    return ""


def _category(value):
    cat = complaints.category(value) if isinstance(value, str) else value
    return str(cat) if cat is not None else value


def _state(value):
    return COMPLAINT_WORKFLOW.state_label(value)


def _department_name(value):
    """A department id (History) as its name: the complaint page names the responsible
    department and the store to whoever sees the complaint, also when the department itself
    is outside their scope (客服 forwards to 紅娘部)."""
    from sqlalchemy import select

    from app.core.scope import unscoped
    from app.extensions import db
    from app.org.models import Department

    if isinstance(value, Department):
        return value.name
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        with unscoped():
            name = db.session.scalar(select(Department.name).where(Department.id == int(value)))
        return name or value
    return value or ""


class ComplaintView(YuelaoModelView):
    resource = "complaint"
    datamodel = YuelaoInterface(Complaint)
    show_template = "service/complaint_show.html"
    list_title = _l("Complaints")
    show_title = _l("Complaint")
    add_title = _l("Log a complaint")
    edit_title = _l("Edit complaint")
    label_columns = COMPLAINT_LABELS
    list_columns = ["complaint_no", "received_at", "complainant", "category_ref", "channel",
                    "department", "status", "deadline", "overdue"]
    show_columns = ["complaint_no", "status", "overdue", "major", "client",
                    "complainant_name", "complainant_phone", "channel", "category_ref",
                    "content", "received_at", "received_by", "received_department",
                    "response_deadline", "deadline", "department", "store", "handler",
                    "assigned_at", "investigating_at", "evidence", "finding", "plan", "result",
                    "resolved_at", "satisfied", "satisfaction", "followed_up_at", "closed_at",
                    "reopen_count", "escalation_level", "escalated_at", "escalated_to"]
    add_columns = ["client", "complainant_name", "complainant_phone", "channel",
                   "category_ref", "major", "content", "received_at", "deadline"]
    edit_columns = ["client", "complainant_name", "complainant_phone", "channel",
                    "category_ref", "major", "content", "deadline", "handler", "evidence"]
    search_columns = ["complaint_no", "status", "category_ref", "channel", "department",
                      "received_at", "deadline", "complainant_name", "client", "major"]
    search_form_extra_fields = {"status": state_select(_l("Status"), COMPLAINT_WORKFLOW)}
    order_columns = ["complaint_no", "received_at", "status", "deadline", "channel"]
    base_order = ("received_at", "desc")
    formatters_columns = {
        "overdue": _overdue_badge, "channel": lambda v: CHANNEL_LABELS.get(v, v or ""),
        "status": _state, "finding": lambda v: FINDING_LABELS.get(v, v or ""),
        "category": _category, "complainant_phone": audit.mask,
        "client_satisfied": lambda v: dict(VISIT_OUTCOMES).get(v, v),
        "escalation_level": lambda v: ESCALATION_LABELS.get(v, v),
        **{c: _department_name for c in ("department_id", "store_id",
                                          "received_department_id")},
    }
    description_columns = {
        "deadline": _l("Leave empty: the category's SLA sets it from the receipt time"),
        "received_at": _l("Leave empty: now"),
        "complainant_name": _l("When the complainant is not a client"),
        "major": _l("A major complaint is forwarded by the head of customer service"),
    }
    edit_form_extra_fields = {
        "client": ClientPickerField(_l("Client"), required=False),
        "channel": SelectField(_l("Channel"), choices=[(c, CHANNEL_LABELS[c]) for c in CHANNELS],
                               widget=Select2Widget(), validators=[InputRequired()]),
        "major": BooleanField(_l("Major complaint"), validators=[Optional()]),
    }
    add_form_extra_fields = {
        **edit_form_extra_fields,
        # Filled with "now" when left empty (see complaints.on_receipt).
        "received_at": DateTimeField(_l("Received at"), format="%Y-%m-%d %H:%M:%S",
                                     widget=DateTimePickerWidget(), validators=[Optional()]),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Custom permission checked by the SLA inbox (app.service.sla.inbox_overdue).
        if "can_monitor_sla" not in self.base_permissions:
            self.base_permissions.append("can_monitor_sla")

    def _init_properties(self):
        super()._init_properties()
        self._filters = self.datamodel.get_filters(self.search_columns,
                                                   {"deadline": [FilterOverdue]})
        equality_only(self._filters, "status")

    def pre_add(self, item):
        complaints.on_receipt(item, current_app.appbuilder.sm.current_user)
        super().pre_add(item)

    def prefill_form(self, form, pk):
        # The edit form shows the phone masked too; sent back unchanged, it stays as it was.
        if "complainant_phone" in form._fields:
            form.complainant_phone.data = audit.mask(form.complainant_phone.data)

    def pre_update(self, item):
        hist = inspect(item).attrs.complainant_phone.history
        if hist.has_changes() and hist.deleted and hist.deleted[0]:
            new = item.complainant_phone
            if new and "****" in new and audit.mask(hist.deleted[0]) == new:
                item.complainant_phone = hist.deleted[0]
        super().pre_update(item)

    def render_template(self, template, **kwargs):
        if template == self.show_template and "pk" in kwargs:
            kwargs["yl_attachments"] = attachments.show_context(self.resource, kwargs["pk"])
        return super().render_template(template, **kwargs)


class OverdueComplaintView(ComplaintView):
    """The same list, only what is past its SLA."""

    list_title = _l("Overdue complaints")
    list_template = "service/overdue_complaints.html"  # quotes the deadline rule above the list
    base_filters = [["deadline", FilterOverdue, "1"]]


class ComplaintCategoryView(YuelaoModelView):
    resource = "complaint_category"
    datamodel = YuelaoInterface(ComplaintCategory)
    list_title = show_title = _l("Complaint categories")
    add_title = edit_title = _l("Complaint category")
    label_columns = {"code": _l("Code"), "name": _l("Name"),
                     "sla_response_hours": _l("First response within (hours)"),
                     "sla_resolve_hours": _l("Resolution within (hours)"),
                     "description": _l("Description")}
    list_columns = ["code", "name", "sla_response_hours", "sla_resolve_hours"]
    add_columns = edit_columns = show_columns = ["code", "name", "sla_response_hours",
                                                 "sla_resolve_hours", "description"]
    base_order = ("code", "asc")

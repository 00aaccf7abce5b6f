"""Complaint pages: list (overdue in red), show with workflow buttons and evidence files."""
from __future__ import annotations

from flask import abort, flash, redirect, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import DateTimePickerWidget, Select2Widget
from flask_appbuilder.security.decorators import permission_name
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateTimeField, SelectField
from wtforms.validators import InputRequired, Optional

from app.clients.public import ClientPickerField
from app.core.errors import ServiceError
from app.core.interface import YuelaoInterface
from app.core.views import VIEW_METHOD_PERMISSIONS, YuelaoModelView
from app.extensions import db
from app.service import complaints
from app.service.filters import FilterOverdue
from app.service.models import CHANNELS, Complaint, ComplaintCategory

CHANNEL_LABELS = {"phone": _l("Phone"), "wechat": _l("WeChat"), "email": _l("Email"),
                  "store": _l("In store"), "online": _l("Online")}

COMPLAINT_LABELS = {
    "complaint_no": _l("Complaint No."), "client": _l("Client"),
    "complainant": _l("Complainant"), "complainant_name": _l("Complainant name"),
    "complainant_phone": _l("Complainant phone"), "channel": _l("Channel"),
    "category_ref": _l("Category"), "category": _l("Category"), "content": _l("Content"),
    "received_at": _l("Received at"), "received_by": _l("Received by"),
    "received_department": _l("Receiving department"),
    "response_deadline": _l("Response deadline"), "deadline": _l("Promised deadline"),
    "department": _l("Responsible department"), "store": _l("Store"),
    "handler": _l("Responsible employee"), "status": _l("Status"),
    "assigned_at": _l("Assigned at"), "investigating_at": _l("Investigation started"),
    "resolved_at": _l("Resolved at"), "followed_up_at": _l("Followed up at"),
    "closed_at": _l("Closed at"), "evidence": _l("Evidence"), "plan": _l("Handling plan"),
    "result": _l("Result told to the client"), "satisfaction": _l("Satisfaction"),
    "reopen_count": _l("Reopened"), "escalated_at": _l("Escalated at"),
    "escalated_to": _l("Escalated to"), "overdue": _l("Overdue"),
}


def _overdue_badge(value):
    if value:
        return Markup('<span class="label label-danger yl-overdue">%s</span>') % escape(
            _l("Overdue"))
    return ""


def _channel(value):
    return CHANNEL_LABELS.get(value, value or "")


class ComplaintView(YuelaoModelView):
    resource = "complaint"
    datamodel = YuelaoInterface(Complaint)
    show_template = "service/complaint_show.html"
    method_permission_name = {**VIEW_METHOD_PERMISSIONS, "attach": "write",
                              "attachment": "read"}
    list_title = _l("Complaints")
    show_title = _l("Complaint")
    add_title = _l("Log a complaint")
    edit_title = _l("Edit complaint")
    label_columns = COMPLAINT_LABELS
    list_columns = ["complaint_no", "received_at", "complainant", "category_ref", "channel",
                    "department", "status", "deadline", "overdue"]
    show_columns = ["complaint_no", "status", "overdue", "client", "complainant_name",
                    "complainant_phone", "channel", "category_ref", "content", "received_at",
                    "received_by", "received_department", "response_deadline", "deadline",
                    "department", "store", "handler", "assigned_at", "investigating_at",
                    "evidence", "plan", "result", "resolved_at", "satisfaction",
                    "followed_up_at", "closed_at", "reopen_count", "escalated_at",
                    "escalated_to"]
    add_columns = ["client", "complainant_name", "complainant_phone", "channel",
                   "category_ref", "content", "received_at", "deadline"]
    edit_columns = ["client", "complainant_name", "complainant_phone", "channel",
                    "category_ref", "content", "deadline", "handler", "evidence", "plan",
                    "result"]
    search_columns = ["complaint_no", "status", "category_ref", "channel", "department",
                      "received_at", "deadline", "complainant_name", "client"]
    order_columns = ["complaint_no", "received_at", "status", "deadline", "channel"]
    base_order = ("received_at", "desc")
    formatters_columns = {"overdue": _overdue_badge, "channel": _channel}
    description_columns = {
        "deadline": _l("Leave empty: the category's SLA sets it from the receipt time"),
        "received_at": _l("Leave empty: now"),
        "complainant_name": _l("When the complainant is not a client"),
    }
    edit_form_extra_fields = {
        "client": ClientPickerField(_l("Client"), required=False),
        "channel": SelectField(_l("Channel"), choices=[(c, CHANNEL_LABELS[c]) for c in CHANNELS],
                               widget=Select2Widget(), validators=[InputRequired()]),
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

    def pre_add(self, item):
        from flask import current_app

        try:
            complaints.on_receipt(item, current_app.appbuilder.sm.current_user)
        except ServiceError as err:
            raise ValueError(err.message) from err
        super().pre_add(item)

    def render_template(self, template, **kwargs):
        if template == self.show_template and "pk" in kwargs:
            item = self.datamodel.get(kwargs["pk"])
            kwargs["attachments"] = list(item.attachments) if item is not None else []
            kwargs["can_attach"] = self.appbuilder.sm.has_access("can_write", self.resource)
        return super().render_template(template, **kwargs)

    @expose("/attach/<int:pk>", methods=["POST"])
    @has_access
    @permission_name("write")
    def attach(self, pk):
        upload = request.files.get("file")
        try:
            if upload is None:
                raise ServiceError(str(_l("Choose a file to upload")))
            complaints.add_attachment(pk, upload.filename, upload.stream, upload.mimetype,
                                      note=request.form.get("note") or None)
            flash(str(_l("File attached")), "success")
        except ServiceError as err:
            db.session.rollback()
            if err.status == 404:
                abort(404)
            flash(err.message, "danger")
        return redirect(url_for(f"{self.endpoint}.show", pk=pk))

    @expose("/attachment/<int:att_id>")
    @has_access
    @permission_name("read")
    def attachment(self, att_id):
        try:
            att, path = complaints.attachment_file(att_id)
        except ServiceError:
            abort(404)
        return send_file(path, download_name=att.filename, as_attachment=True,
                         mimetype=att.content_type or "application/octet-stream")


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

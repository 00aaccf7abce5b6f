"""REST: complaint, complaint_category, survey (+ answers), complaint_figures."""
from __future__ import annotations

from flask import current_app, request
from flask_appbuilder.api import BaseApi, expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.errors import ServiceError
from app.core.interface import YuelaoInterface
from app.extensions import db
from app.service import complaints, surveys
from app.service.figures import complaint_figures
from app.service.filters import FilterOverdue
from app.service.models import Complaint, ComplaintCategory
from app.service.pages import parse_department, parse_period
from app.service.survey_models import Survey


class ComplaintApi(YuelaoModelApi):
    resource = "complaint"
    datamodel = YuelaoInterface(Complaint)
    list_columns = ["id", "complaint_no", "client_id", "complainant_name", "channel",
                    "category", "department_id", "received_department_id", "store_id",
                    "received_at", "response_deadline", "deadline", "status", "overdue",
                    "satisfaction", "reopen_count", "escalated_at"]
    show_columns = list_columns + ["content", "complainant_phone", "received_by_id",
                                   "handler_id", "assigned_at", "investigating_at",
                                   "resolved_at", "followed_up_at", "closed_at", "evidence",
                                   "plan", "result", "escalated_to_id"]
    add_columns = ["client_id", "complainant_name", "complainant_phone", "channel", "category",
                   "content", "received_at", "response_deadline", "deadline", "evidence"]
    edit_columns = ["client_id", "complainant_name", "complainant_phone", "channel",
                    "category", "content", "response_deadline", "deadline", "handler_id",
                    "evidence", "plan", "result"]
    order_columns = ["id", "complaint_no", "received_at", "deadline", "status"]
    search_columns = ["complaint_no", "status", "category", "channel", "department_id",
                      "received_at", "deadline", "client_id"]
    search_filters = {"deadline": [FilterOverdue]}
    base_order = ("received_at", "desc")

    def __init__(self):
        super().__init__()
        # Same permission set as ComplaintView: FAB prunes what a view sharing the name lacks.
        if "can_monitor_sla" not in self.base_permissions:
            self.base_permissions.append("can_monitor_sla")

    def pre_add(self, item):
        complaints.on_receipt(item, current_app.appbuilder.sm.current_user)
        super().pre_add(item)


class ComplaintCategoryApi(YuelaoModelApi):
    resource = "complaint_category"
    datamodel = YuelaoInterface(ComplaintCategory)
    list_columns = show_columns = ["id", "code", "name", "sla_response_hours",
                                   "sla_resolve_hours", "description"]
    add_columns = edit_columns = ["code", "name", "sla_response_hours", "sla_resolve_hours",
                                  "description"]


class SurveyApi(YuelaoModelApi):
    resource = "survey"
    datamodel = YuelaoInterface(Survey)
    method_permission_name = {**API_METHOD_PERMISSIONS, "answers": "write"}
    list_columns = ["id", "purpose", "channel", "template_id", "client_id", "complaint_id",
                    "respondent_name", "department_id", "assignee_id", "scheduled_for",
                    "done_at", "status", "satisfaction"]
    show_columns = list_columns + ["result"]
    add_columns = ["purpose", "channel", "template_id", "client_id", "complaint_id",
                   "respondent_name", "department_id", "assignee_id", "scheduled_for",
                   "result"]
    edit_columns = ["channel", "template_id", "assignee_id", "scheduled_for", "done_at",
                    "satisfaction", "result"]
    order_columns = ["id", "scheduled_for", "done_at", "status"]
    search_columns = ["purpose", "status", "scheduled_for", "client_id", "assignee_id"]

    def pre_add(self, item):
        if item.department_id is None:
            emp = complaints.employee_of_user(current_app.appbuilder.sm.current_user)
            item.department_id = emp.department_id if emp else None
        if item.status is None:
            item.status = "scheduled"
        super().pre_add(item)

    @expose("/<int:pk>/answers", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("answers")
    def answers(self, pk):
        """Record a survey's answers: {"answers": {question_id: value}, "result": "..."}
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200: {description: the survey, done}
            404: {description: not found or out of scope}
            409: {description: already answered}
            422: {description: an answer is missing or invalid}
        """
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict) or not isinstance(payload.get("answers", {}), dict):
            return self.response_400(message="Body must be {\"answers\": {question_id: value}}")
        try:
            s = surveys.record_answers(pk, payload.get("answers") or {},
                                       result=payload.get("result"))
        except ServiceError as err:
            db.session.rollback()
            return self._service_error(err)
        return self.response(200, id=s.id, status=s.status, satisfaction=s.satisfaction)


class ComplaintFiguresApi(BaseApi):
    resource_name = "complaint_figures"
    class_permission_name = "complaint_figures"
    method_permission_name = {"get": "read"}
    allow_browser_login = True

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get")
    def get(self):
        """Complaint figures of the user's scope: ?start=&end=&department_id=
        ---
        get:
          responses:
            200: {description: totals, by_month, by_category, by_department}
            400: {description: bad dates or department}
        """
        try:
            start, end = parse_period(request.args)
            dept = parse_department(request.args)
            result = complaint_figures(start, end, dept)
        except ServiceError as err:
            db.session.rollback()
            return self.response_400(message=err.message)
        return self.response(200, result=result)

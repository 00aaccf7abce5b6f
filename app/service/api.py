"""REST: complaint, complaint_category, survey (+ answers), complaint_figures."""
from __future__ import annotations

from flask import current_app, request
from flask_appbuilder.api import BaseApi, expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.interface import YuelaoInterface
from app.extensions import db
from app.service import complaints, surveys
from app.service.figures import complaint_figures
from app.service.filters import FilterOverdue
from app.service.models import Complaint, ComplaintCategory
from app.service.pages import parse_department, parse_period
from app.service.survey_models import Survey
from app.service.workflows import SURVEY_WORKFLOW


class ComplaintApi(YuelaoModelApi):
    resource = "complaint"
    datamodel = YuelaoInterface(Complaint)
    attachments = True  # evidence: /api/v1/complaint/<pk>/attachments (app/core/attachments.py)
    list_columns = ["id", "complaint_no", "client_id", "complainant_name", "channel",
                    "category", "major", "department_id", "received_department_id", "store_id",
                    "received_at", "response_deadline", "deadline", "status", "overdue",
                    "satisfaction", "reopen_count", "escalated_at"]
    show_columns = list_columns + ["content", "complainant_phone", "received_by_id",
                                   "handler_id", "assigned_at", "investigating_at",
                                   "resolved_at", "followed_up_at", "closed_at", "evidence",
                                   "finding", "plan", "result", "satisfied",
                                   "escalation_level", "escalated_to_id"]
    add_columns = ["client_id", "complainant_name", "complainant_phone", "channel", "category",
                   "major", "content", "received_at", "response_deadline", "deadline", "evidence"]
    edit_columns = ["client_id", "complainant_name", "complainant_phone", "channel",
                    "category", "major", "content", "response_deadline", "deadline",
                    "handler_id", "evidence"]
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
    edit_columns = ["channel", "template_id", "assignee_id", "scheduled_for", "result"]
    order_columns = ["id", "scheduled_for", "done_at", "status"]
    search_columns = ["purpose", "status", "scheduled_for", "client_id", "assignee_id"]

    def pre_add(self, item):
        if item.department_id is None:
            emp = complaints.employee_of_user(current_app.appbuilder.sm.current_user)
            item.department_id = emp.department_id if emp else None
        item.status = SURVEY_WORKFLOW.initial  # a new visit starts where its workflow does
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
        # A refusal (ServiceError) is answered by response_500 under @safe (app/core/api.py).
        s = surveys.record_answers(pk, payload.get("answers") or {},
                                   result=payload.get("result"))
        db.session.commit()
        return self.response(200, id=s.id, status=s.status, satisfaction=s.satisfaction)


class ComplaintFiguresApi(BaseApi):
    """Bad dates or department: Invalid, answered 422 by the core (app/core/web.py)."""

    resource_name = "complaint_figures"
    class_permission_name = "complaint_figures"
    method_permission_name = {"get": "read"}
    allow_browser_login = True

    @expose("/", methods=["GET"])
    @protect()
    @permission_name("get")
    def get(self):
        """Complaint figures of the user's scope: ?start=&end=&department_id=
        ---
        get:
          responses:
            200: {description: totals, by_month, by_category, by_department}
            422: {description: bad dates or department}
        """
        start, end = parse_period(request.args)
        dept = parse_department(request.args)
        return self.response(200, result=complaint_figures(start, end, dept))

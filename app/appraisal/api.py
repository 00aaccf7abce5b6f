"""REST: kpi_template, appraisal_cycle, appraisal (+ /<pk>/indicators, /bonus_export)."""
from __future__ import annotations

from flask import request
from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.appraisal import services
from app.appraisal.models import Appraisal, AppraisalCycle, KpiTemplate
from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.interface import YuelaoInterface
from app.core.scope import scoped_get


class KpiTemplateApi(YuelaoModelApi):
    resource = "kpi_template"
    datamodel = YuelaoInterface(KpiTemplate)
    list_columns = ["id", "name", "profile", "department_id", "position_id", "period",
                    "indicators", "active"]
    show_columns = list_columns + ["description"]
    add_columns = edit_columns = ["name", "profile", "department_id", "position_id", "period",
                                  "indicators", "active", "description"]
    order_columns = ["id", "name", "period"]
    search_columns = ["name", "period", "department_id", "position_id", "active"]


class AppraisalCycleApi(YuelaoModelApi):
    resource = "appraisal_cycle"
    datamodel = YuelaoInterface(AppraisalCycle)
    list_columns = ["id", "name", "period", "start_date", "end_date", "publish_days",
                    "status", "publicity", "pass_score", "restrict_after"]
    show_columns = list_columns + ["grade_bands", "bonus_table", "opened_at", "computed_at"]
    add_columns = edit_columns = ["name", "period", "start_date", "end_date", "publish_days",
                                  "publicity", "grade_bands", "bonus_table", "pass_score",
                                  "restrict_after"]
    order_columns = ["id", "name", "start_date", "end_date", "status"]
    search_columns = ["name", "period", "status", "start_date", "end_date"]
    base_order = ("end_date", "desc")


class AppraisalApi(YuelaoModelApi):
    resource = "appraisal"
    datamodel = YuelaoInterface(Appraisal)
    method_permission_name = {**API_METHOD_PERMISSIONS, "indicators": "read",
                              "bonus_export": "read"}
    list_columns = ["id", "cycle_id", "employee_id", "department_id", "template_id", "status",
                    "score", "grade", "bonus", "publish_until", "below_target",
                    "restriction_flag"]
    show_columns = list_columns + ["self_assessment", "submitted_at", "review_comment",
                                   "reviewed_at", "reviewer_id", "hr_comment", "appeal_text",
                                   "appealed_at", "appeal_answer", "finalized_at",
                                   "computed_at", "restriction_decision"]
    # Appraisals are created by opening a cycle and never deleted; only HR's decision on a
    # 業務限制 flag is edited.
    exclude_route_methods = {"post", "delete"}
    add_columns = ["restriction_decision"]
    edit_columns = ["restriction_decision"]
    order_columns = ["id", "score", "status", "publish_until"]
    search_columns = ["cycle_id", "employee_id", "department_id", "status", "grade",
                      "restriction_flag", "below_target"]

    @expose("/<int:pk>/indicators", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("indicators")
    def indicators(self, pk):
        """Each indicator with its value, source, score and the records behind the value
        ---
        get:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          - in: query
            name: code
            description: only this indicator
            schema: {type: string}
          responses:
            200: {description: "[{code, name, weight, source, value, score, records}]"}
            404: {description: not found or out of scope}
        """
        a = scoped_get(Appraisal, pk)
        if a is None:
            return self.response_404()
        code = request.args.get("code") or None
        return self.response(200, result=services.indicators(a, code=code))

    @expose("/bonus_export", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("bonus_export")
    def bonus_export(self):
        """A cycle's final results for payroll: employee, score, grade, bonus
        ---
        get:
          parameters:
          - in: query
            name: cycle_id
            schema: {type: integer}
          - in: query
            name: format
            schema: {type: string, enum: [csv, xlsx]}
          responses:
            200: {description: text/csv or an XLSX workbook}
            404: {description: no such cycle}
            422: {description: cycle_id or format not valid}
        """
        from app.appraisal.bonus import bonus_export

        return bonus_export(request.args.get("cycle_id"), request.args.get("format") or "csv")

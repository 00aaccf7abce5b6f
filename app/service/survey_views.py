"""Return visit / survey pages, questionnaire templates and their questions."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.security.decorators import permission_name
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired

from app.core.errors import Invalid
from app.core.interface import YuelaoInterface
from app.core.views import VIEW_METHOD_PERMISSIONS, YuelaoModelView
from app.extensions import db
from app.service import surveys
from app.service.complaints import CHANNEL_LABELS, employee_of_user
from app.service.survey_models import (
    QUESTION_KINDS,
    SURVEY_CHANNELS,
    SURVEY_PURPOSES,
    Survey,
    SurveyQuestion,
    SurveyTemplate,
)
from app.service.workflows import SURVEY_WORKFLOW

PURPOSE_LABELS = {"return_visit": _l("Return visit"), "satisfaction": _l("Satisfaction survey"),
                  "complaint": _l("Complaint follow-up")}
SURVEY_CHANNEL_LABELS = {**CHANNEL_LABELS, "questionnaire": _l("Questionnaire")}
KIND_LABELS = {"rating": _l("Rating 1-5"), "choice": _l("Choice"), "text": _l("Text")}


def _select(label, labels, keys):
    return SelectField(label, choices=[(k, labels[k]) for k in keys], widget=Select2Widget(),
                       validators=[InputRequired()])


class SurveyQuestionView(YuelaoModelView):
    resource = "survey_template"
    datamodel = YuelaoInterface(SurveyQuestion)
    list_title = _l("Questions")
    show_title = add_title = edit_title = _l("Question")
    label_columns = {"template": _l("Questionnaire"), "position": _l("No."),
                     "kind": _l("Kind"), "text": _l("Question"), "choices": _l("Options"),
                     "required": _l("Required")}
    list_columns = ["position", "text", "kind", "choices", "required"]
    add_columns = edit_columns = show_columns = ["template", "position", "kind", "text",
                                                 "choices", "required"]
    description_columns = {"choices": _l("For choice questions: options separated by commas")}
    base_order = ("position", "asc")
    formatters_columns = {"kind": lambda v: KIND_LABELS.get(v, v),
                          "choices": lambda v: "、".join(v) if isinstance(v, list) else v or ""}
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": _select(_l("Kind"), KIND_LABELS, QUESTION_KINDS)}


class SurveyTemplateView(YuelaoModelView):
    resource = "survey_template"
    datamodel = YuelaoInterface(SurveyTemplate)
    list_title = show_title = _l("Questionnaires")
    add_title = edit_title = _l("Questionnaire")
    label_columns = {"name": _l("Name"), "description": _l("Description"),
                     "active": _l("Active")}
    list_columns = ["name", "active"]
    add_columns = edit_columns = show_columns = ["name", "description", "active"]
    related_views = [SurveyQuestionView]


class SurveyView(YuelaoModelView):
    resource = "survey"
    datamodel = YuelaoInterface(Survey)
    method_permission_name = {**VIEW_METHOD_PERMISSIONS, "answer": "write"}
    show_template = "service/survey_show.html"
    list_title = _l("Return visits and surveys")
    show_title = _l("Return visit / survey")
    add_title = _l("Schedule a return visit or survey")
    edit_title = _l("Edit return visit / survey")
    label_columns = {"purpose": _l("Purpose"), "channel": _l("Channel"),
                     "template": _l("Questionnaire"), "client": _l("Client"),
                     "complaint": _l("Complaint"), "respondent_name": _l("Respondent"),
                     "department": _l("Department"), "assignee": _l("Visited by"),
                     "scheduled_for": _l("Scheduled for"), "done_at": _l("Done at"),
                     "status": _l("Status"), "satisfaction": _l("Satisfaction"),
                     "result": _l("Result"), "answers": _l("Answers")}
    list_columns = ["scheduled_for", "purpose", "client", "respondent_name", "channel",
                    "assignee", "status", "satisfaction", "done_at"]
    show_columns = ["purpose", "channel", "template", "client", "complaint",
                    "respondent_name", "department", "assignee", "scheduled_for", "status",
                    "done_at", "satisfaction", "result", "answers"]
    add_columns = ["purpose", "channel", "template", "client", "complaint", "respondent_name",
                   "assignee", "scheduled_for", "result"]
    edit_columns = ["channel", "template", "assignee", "scheduled_for", "result"]
    search_columns = ["purpose", "channel", "status", "scheduled_for", "done_at", "assignee",
                      "client"]
    order_columns = ["scheduled_for", "done_at", "status"]
    base_order = ("scheduled_for", "desc")
    formatters_columns = {"purpose": lambda v: PURPOSE_LABELS.get(v, v),
                          "channel": lambda v: SURVEY_CHANNEL_LABELS.get(v, v),
                          "status": SURVEY_WORKFLOW.state_label,
                          "answers": lambda v: "；".join(str(a) for a in v or [])}
    add_form_extra_fields = {
        "purpose": _select(_l("Purpose"), PURPOSE_LABELS, SURVEY_PURPOSES),
        "channel": _select(_l("Channel"), SURVEY_CHANNEL_LABELS, SURVEY_CHANNELS),
    }
    edit_form_extra_fields = {
        "channel": _select(_l("Channel"), SURVEY_CHANNEL_LABELS, SURVEY_CHANNELS)}

    def pre_add(self, item):
        if item.department_id is None:
            emp = item.assignee or employee_of_user(current_app.appbuilder.sm.current_user)
            if emp is None:
                raise Invalid(str(_l("Choose who makes the visit")), field="assignee")
            item.department_id = emp.department_id
        item.status = SURVEY_WORKFLOW.initial  # a new visit starts where its workflow does
        super().pre_add(item)

    @expose("/answer/<int:pk>", methods=["GET", "POST"])
    @has_access
    @permission_name("write")
    def answer(self, pk):
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        problems = {}
        if request.method == "POST":
            answers = {k[1:]: v for k, v in request.form.items()
                       if k.startswith("q") and k[1:].isdigit()}
            # Wrong answers come back with what the user chose; a refusal of the step itself
            # (state, permission) is the core's to answer (app/core/web.py).
            problems = surveys.answer_problems(item, answers)
            if not problems:
                surveys.record_answers(pk, answers, result=request.form.get("result"))
                db.session.commit()
                flash(str(_l("Answers recorded")), "success")
                return redirect(url_for(f"{self.endpoint}.show", pk=pk))
            for message in problems.values():
                flash(message, "danger")
        return self.render_template(
            "service/survey_answer.html", item=item, problems=problems,
            state_label=SURVEY_WORKFLOW.state_label(item.status),
            questions=list(item.template.questions) if item.template else [],
            title=_l("Record the answers"), form_data=request.form)

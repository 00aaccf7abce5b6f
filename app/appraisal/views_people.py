"""Pages and REST for honours, discipline and post-evaluation actions, and the personnel file
(人事檔案): one employee's appraisals, training results, honours, discipline and actions.

The personnel file lives here because the employee page (app/org) has no section hook yet;
it is linked from the appraisal page. Every list on it is an ordinary scoped query: a
matchmaker sees her own file, a head their reports', HR everyone's; out of scope is 404.
"""
from __future__ import annotations

from flask import abort
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import InputRequired

from app.appraisal.models import Appraisal, AppraisalCycle
from app.appraisal.models_people import (
    ACTION_LABELS,
    HONOUR_LABELS,
    OFFENCE_LABELS,
    OUTCOME_LABELS,
    PENALTY_LABELS,
    AppraisalAction,
    Discipline,
    Honour,
)
from app.appraisal.models_training import Training, TrainingRecord
from app.core.api import YuelaoModelApi
from app.core.approvers import current_employee_id
from app.core.interface import YuelaoInterface
from app.core.scope import scoped_get
from app.core.views import YuelaoModelView
from app.extensions import db

LABELS = {
    "employee": _l("Employee"), "department": _l("Department"), "title": _l("Honour"),
    "awarded_on": _l("Awarded on"), "cycle": _l("Cycle"), "reason": _l("Reason"),
    "certificate": _l("Certificate"), "offence": _l("Offence"),
    "description": _l("What happened"), "occurred_on": _l("Occurred on"),
    "penalty": _l("Penalty"), "fine_amount": _l("Fine amount"), "status": _l("Status"),
    "decided_at": _l("Decided at"), "approver": _l("Decided by"),
    "decision_note": _l("Decision note"), "appraisal": _l("Appraisal"),
    "kind": _l("Post-evaluation action"),
    "note": _l("Note"), "outcome": _l("Outcome"), "decided_on": _l("Decided on"),
    "after_action": _l("After the coaching"),
}


def choice_field(label, labels: dict, required: bool = True):
    """Words to choose from, never a code typed into a box."""
    return SelectField(label, choices=[(k, v) for k, v in labels.items()],
                       widget=Select2Widget(),
                       validators=[InputRequired()] if required else [])


def _fmt(labels):
    return lambda v: labels.get(v, v)


class HonourView(YuelaoModelView):
    resource = "honour"
    datamodel = YuelaoInterface(Honour)
    list_title = _l("Honours")
    show_title = add_title = edit_title = _l("Honour")
    label_columns = LABELS
    list_columns = ["awarded_on", "employee", "department", "title", "certificate"]
    show_columns = ["employee", "department", "title", "awarded_on", "cycle", "reason",
                    "certificate"]
    add_columns = edit_columns = ["employee", "title", "awarded_on", "cycle", "reason",
                                  "certificate"]
    search_columns = ["employee", "department", "title", "awarded_on"]
    base_order = ("awarded_on", "desc")
    formatters_columns = {"title": _fmt(HONOUR_LABELS)}
    add_form_extra_fields = edit_form_extra_fields = {
        "title": choice_field(_l("Honour"), HONOUR_LABELS)}


class DisciplineView(YuelaoModelView):
    resource = "discipline"
    datamodel = YuelaoInterface(Discipline)
    list_title = _l("Disciplinary records")
    show_title = add_title = edit_title = _l("Disciplinary record")
    label_columns = LABELS
    list_columns = ["occurred_on", "employee", "department", "offence", "penalty",
                    "fine_amount", "status"]
    show_columns = ["employee", "department", "offence", "description", "occurred_on",
                    "penalty", "fine_amount", "decided_at", "approver", "decision_note"]
    add_columns = edit_columns = ["employee", "offence", "description", "occurred_on",
                                  "penalty", "fine_amount"]
    search_columns = ["employee", "department", "offence", "penalty", "status",
                      "occurred_on"]
    base_order = ("occurred_on", "desc")
    formatters_columns = {"offence": _fmt(OFFENCE_LABELS), "penalty": _fmt(PENALTY_LABELS)}
    add_form_extra_fields = edit_form_extra_fields = {
        "offence": choice_field(_l("Offence"), OFFENCE_LABELS),
        "penalty": choice_field(_l("Penalty"), PENALTY_LABELS)}


class AppraisalActionView(YuelaoModelView):
    resource = "appraisal_action"
    datamodel = YuelaoInterface(AppraisalAction)
    list_title = _l("Post-evaluation actions")
    show_title = add_title = edit_title = _l("Post-evaluation action")
    label_columns = LABELS
    list_columns = ["decided_on", "employee", "appraisal", "kind", "outcome"]
    show_columns = ["appraisal", "employee", "department", "kind", "note", "outcome",
                    "decided_on", "after_action"]
    add_columns = edit_columns = ["appraisal", "kind", "note", "outcome", "decided_on"]
    search_columns = ["employee", "department", "kind", "outcome", "decided_on"]
    base_order = ("decided_on", "desc")
    formatters_columns = {"kind": _fmt(ACTION_LABELS), "outcome": _fmt(OUTCOME_LABELS)}
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": choice_field(_l("Post-evaluation action"), ACTION_LABELS),
        "outcome": choice_field(_l("Outcome"), OUTCOME_LABELS)}


class HonourApi(YuelaoModelApi):
    resource = "honour"
    datamodel = YuelaoInterface(Honour)
    list_columns = show_columns = ["id", "employee_id", "department_id", "title",
                                   "awarded_on", "cycle_id", "reason", "certificate"]
    add_columns = edit_columns = ["employee_id", "title", "awarded_on", "cycle_id", "reason",
                                  "certificate"]
    order_columns = ["id", "awarded_on"]
    search_columns = ["employee_id", "department_id", "title", "awarded_on"]


class DisciplineApi(YuelaoModelApi):
    resource = "discipline"
    datamodel = YuelaoInterface(Discipline)
    list_columns = show_columns = ["id", "employee_id", "department_id", "offence",
                                   "description", "occurred_on", "penalty", "fine_amount",
                                   "status", "decided_at", "approver_id", "decision_note"]
    add_columns = edit_columns = ["employee_id", "offence", "description", "occurred_on",
                                  "penalty", "fine_amount"]
    order_columns = ["id", "occurred_on", "status"]
    search_columns = ["employee_id", "department_id", "offence", "penalty", "status"]


class AppraisalActionApi(YuelaoModelApi):
    resource = "appraisal_action"
    datamodel = YuelaoInterface(AppraisalAction)
    list_columns = show_columns = ["id", "appraisal_id", "employee_id", "department_id",
                                   "kind", "note", "outcome", "decided_on", "after_action_id"]
    add_columns = edit_columns = ["appraisal_id", "kind", "note", "outcome", "decided_on"]
    order_columns = ["id", "decided_on"]
    search_columns = ["appraisal_id", "employee_id", "kind", "outcome"]


class PersonnelFileView(BaseView):
    """人事檔案: ``/personnelfile/`` (one's own) or ``/personnelfile/<employee id>``."""

    route_base = "/personnelfile"
    class_permission_name = "personnel_file"
    method_permission_name = {"mine": "read", "show": "read"}
    default_view = "mine"

    @expose("/")
    @has_access
    def mine(self):
        emp = current_employee_id()
        if emp is None:
            abort(404)
        return self.show(emp)

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        from app.org.models import Employee

        employee = scoped_get(Employee, pk)
        if employee is None:
            abort(404)
        q = db.session.execute
        appraisals = q(select(Appraisal.id, AppraisalCycle.name, Appraisal.status,
                              Appraisal.score, Appraisal.grade, Appraisal.bonus)
                       .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
                       .where(Appraisal.employee_id == pk)
                       .order_by(AppraisalCycle.end_date.desc()).limit(60)).all()
        training = q(select(TrainingRecord.id, Training.title, Training.starts_at,
                            TrainingRecord.attempt, TrainingRecord.score,
                            TrainingRecord.passed, TrainingRecord.certificate)
                     .join(Training, TrainingRecord.training_id == Training.id)
                     .where(TrainingRecord.employee_id == pk)
                     .order_by(Training.starts_at.desc(), TrainingRecord.attempt)
                     .limit(100)).all()
        honours = list(db.session.scalars(select(Honour).where(Honour.employee_id == pk)
                                          .order_by(Honour.awarded_on.desc()).limit(100)))
        discipline = list(db.session.scalars(
            select(Discipline).where(Discipline.employee_id == pk)
            .order_by(Discipline.occurred_on.desc()).limit(100)))
        actions = list(db.session.scalars(
            select(AppraisalAction).where(AppraisalAction.employee_id == pk)
            .order_by(AppraisalAction.decided_on.desc(), AppraisalAction.id.desc())
            .limit(100)))
        from app.appraisal.people import DISCIPLINE_WORKFLOW
        from app.appraisal.workflows import APPRAISAL_STATES

        return self.render_template(
            "appraisal/personnel_file.html", employee=employee, appraisals=appraisals,
            training=training, honours=honours, discipline=discipline, actions=actions,
            appraisal_states=APPRAISAL_STATES, discipline_states=DISCIPLINE_WORKFLOW.states,
            labels={"honour": HONOUR_LABELS, "offence": OFFENCE_LABELS,
                    "penalty": PENALTY_LABELS, "action": ACTION_LABELS,
                    "outcome": OUTCOME_LABELS})

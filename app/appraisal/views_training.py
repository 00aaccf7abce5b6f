"""Training pages and REST: the annual plan's sessions and each employee's results."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.appraisal.models_training import KIND_LABELS, STATUS_LABELS, Training, TrainingRecord
from app.core.api import YuelaoModelApi
from app.core.interface import YuelaoInterface
from app.core.views import YuelaoModelView

LABELS = {
    "title": _l("Title"), "plan_year": _l("Plan year"), "kind": _l("Kind"), "goal": _l("Goal"),
    "content": _l("Content"), "trainer": _l("Trainer"), "department": _l("Organised by"),
    "starts_at": _l("Starts at"), "pass_score": _l("Pass score"), "status": _l("Status"),
    "training": _l("Training"), "employee": _l("Employee"), "attempt": _l("Attempt"),
    "attended": _l("Attended"), "score": _l("Score"), "passed": _l("Passed"),
    "certificate": _l("Certificate"), "note": _l("Note"),
}


class TrainingView(YuelaoModelView):
    resource = "training"
    datamodel = YuelaoInterface(Training)
    list_title = _l("Training plan")
    show_title = add_title = edit_title = _l("Training")
    label_columns = LABELS
    list_columns = ["plan_year", "starts_at", "title", "kind", "trainer", "status"]
    show_columns = add_columns = edit_columns = [
        "title", "plan_year", "kind", "goal", "content", "trainer", "department", "starts_at",
        "pass_score", "status"]
    search_columns = ["title", "plan_year", "kind", "status", "starts_at"]
    base_order = ("starts_at", "desc")
    formatters_columns = {"kind": lambda v: KIND_LABELS.get(v, v),
                          "status": lambda v: STATUS_LABELS.get(v, v)}


class TrainingRecordView(YuelaoModelView):
    resource = "training_record"
    datamodel = YuelaoInterface(TrainingRecord)
    list_title = _l("Training results")
    show_title = add_title = edit_title = _l("Training result")
    label_columns = LABELS
    list_columns = ["training", "employee", "attempt", "attended", "score", "passed"]
    show_columns = ["training", "employee", "department", "attempt", "attended", "score",
                    "passed", "certificate", "note"]
    add_columns = edit_columns = ["training", "employee", "attempt", "attended", "score",
                                  "certificate", "note"]
    search_columns = ["training", "employee", "passed", "attended"]
    base_order = ("id", "desc")


class TrainingApi(YuelaoModelApi):
    resource = "training"
    datamodel = YuelaoInterface(Training)
    list_columns = show_columns = ["id", "title", "plan_year", "kind", "goal", "content",
                                   "trainer", "department_id", "starts_at", "pass_score",
                                   "status"]
    add_columns = edit_columns = ["title", "plan_year", "kind", "goal", "content", "trainer",
                                  "department_id", "starts_at", "pass_score", "status"]
    order_columns = ["id", "starts_at", "plan_year"]
    search_columns = ["title", "plan_year", "kind", "status", "starts_at"]


class TrainingRecordApi(YuelaoModelApi):
    resource = "training_record"
    datamodel = YuelaoInterface(TrainingRecord)
    list_columns = show_columns = ["id", "training_id", "employee_id", "department_id",
                                   "attempt", "attended", "score", "passed", "certificate",
                                   "note"]
    add_columns = edit_columns = ["training_id", "employee_id", "attempt", "attended", "score",
                                  "certificate", "note"]
    order_columns = ["id", "attempt", "score"]
    search_columns = ["training_id", "employee_id", "passed", "attended"]

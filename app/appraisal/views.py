"""Appraisal pages: KPI templates, cycles, appraisals (each indicator with its value, source
and the records behind it), and the 公示 board of published results."""
from __future__ import annotations

import json

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.fieldwidgets import BS3TextAreaFieldWidget
from flask_appbuilder.security.decorators import permission_name
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.routing import BuildError
from wtforms import TextAreaField

from app.appraisal import services
from app.appraisal.models import PUBLISHED, Appraisal, AppraisalCycle, KpiTemplate
from app.core.interface import YuelaoInterface
from app.core.scope import unscoped
from app.core.views import VIEW_METHOD_PERMISSIONS, YuelaoModelView
from app.extensions import db

LABELS = {
    "name": _l("Name"), "profile": _l("Profile"), "department": _l("Department"),
    "position": _l("Position"), "period": _l("Period"), "indicators": _l("Indicators"),
    "active": _l("Active"), "description": _l("Description"), "start_date": _l("Start date"),
    "end_date": _l("End date"), "publish_days": _l("Publication window (days)"),
    "publicity": _l("Publicity"), "grade_bands": _l("Grade bands"),
    "bonus_table": _l("Bonus table"), "pass_score": _l("Target score"),
    "restrict_after": _l("Business restriction after (months below target)"),
    "opened_at": _l("Opened at"), "computed_at": _l("Computed at"), "cycle": _l("Cycle"),
    "employee": _l("Employee"), "template": _l("Template"), "score": _l("Score"),
    "grade": _l("Grade"), "bonus": _l("Bonus"), "publish_until": _l("Published until"),
    "self_assessment": _l("Self-assessment"), "submitted_at": _l("Submitted at"),
    "review_comment": _l("Supervisor's evaluation and performance talk"),
    "reviewed_at": _l("Reviewed at"), "reviewer": _l("Reviewer"),
    "hr_comment": _l("HR comment"), "appeal_text": _l("Appeal"),
    "appealed_at": _l("Appealed at"), "appeal_answer": _l("Answer to the appeal"),
    "finalized_at": _l("Finalized at"), "below_target": _l("Below target"),
    "restriction_flag": _l("Business restriction (業務限制)"),
    "restriction_decision": _l("Decision on the restriction"),
}
PERIOD_LABELS = {"monthly": _l("Monthly"), "quarterly": _l("Quarterly"),
                 "annual": _l("Annual")}
PUBLICITY_LABELS = {"company": _l("Published to the company"),
                    "private": _l("Fed back to each employee")}


class JSONTextAreaField(TextAreaField):
    """A JSON value edited as text: shown pretty-printed, parsed by the model's validate()."""

    widget = BS3TextAreaFieldWidget()

    def _value(self):
        if isinstance(self.data, (list, dict)):
            return json.dumps(self.data, ensure_ascii=False, indent=1)
        return self.data or ""

    def process_formdata(self, valuelist):
        if valuelist:
            text = valuelist[0].strip()
            try:
                self.data = json.loads(text) if text else None
            except ValueError:
                self.data = text  # validate() answers "must be a JSON list"


class KpiTemplateView(YuelaoModelView):
    resource = "kpi_template"
    datamodel = YuelaoInterface(KpiTemplate)
    list_title = _l("KPI templates")
    show_title = add_title = edit_title = _l("KPI template")
    label_columns = LABELS
    list_columns = ["name", "department", "position", "period", "active"]
    show_columns = ["name", "profile", "department", "position", "period", "indicators",
                    "active", "description"]
    add_columns = edit_columns = ["name", "department", "position", "period", "indicators",
                                  "active", "description"]
    search_columns = ["name", "department", "position", "period", "active"]
    formatters_columns = {"period": lambda v: PERIOD_LABELS.get(v, v),
                          "indicators": lambda v: "；".join(
                              f"{i.get('name')} {i.get('weight')}%" for i in (v or []))}
    description_columns = {"indicators": _l(
        'JSON list: [{"code", "name", "weight", "target", "rule": linear | linear_lower | '
        'bands | deduction, "source": a metric code or manual}]; weights sum to 100')}
    add_form_extra_fields = edit_form_extra_fields = {
        "indicators": JSONTextAreaField(_l("Indicators")),
    }


class AppraisalCycleView(YuelaoModelView):
    resource = "appraisal_cycle"
    datamodel = YuelaoInterface(AppraisalCycle)
    list_title = _l("Appraisal cycles")
    show_title = add_title = edit_title = _l("Appraisal cycle")
    label_columns = LABELS
    list_columns = ["name", "period", "start_date", "end_date", "publish_days", "status"]
    show_columns = ["name", "period", "start_date", "end_date", "publish_days", "publicity",
                    "grade_bands", "bonus_table", "pass_score", "restrict_after", "opened_at",
                    "computed_at"]
    add_columns = edit_columns = ["name", "period", "start_date", "end_date", "publish_days",
                                  "publicity", "grade_bands", "bonus_table", "pass_score",
                                  "restrict_after"]
    search_columns = ["name", "period", "start_date", "end_date"]
    base_order = ("end_date", "desc")
    formatters_columns = {"period": lambda v: PERIOD_LABELS.get(v, v),
                          "publicity": lambda v: PUBLICITY_LABELS.get(v, v)}
    description_columns = {
        "grade_bands": _l('[[90, "優秀"], [75, "良好"], [60, "合格"], [0, "不合格"]]'),
        "bonus_table": _l("[[minimum score, amount], ...]: never lower for a higher score"),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "grade_bands": JSONTextAreaField(_l("Grade bands")),
        "bonus_table": JSONTextAreaField(_l("Bonus table")),
    }


class AppraisalView(YuelaoModelView):
    resource = "appraisal"
    datamodel = YuelaoInterface(Appraisal)
    show_template = "appraisal/show.html"
    list_title = _l("Appraisals")
    show_title = edit_title = _l("Appraisal")
    label_columns = LABELS
    list_columns = ["cycle", "employee", "department", "status", "score", "grade", "bonus",
                    "publish_until", "restriction_flag"]
    show_columns = ["cycle", "employee", "department", "template", "score", "grade", "bonus",
                    "publish_until", "self_assessment", "submitted_at", "review_comment",
                    "reviewer", "reviewed_at", "hr_comment", "appeal_text", "appealed_at",
                    "appeal_answer", "finalized_at", "below_target", "restriction_flag",
                    "restriction_decision"]
    edit_columns = ["restriction_decision"]
    search_columns = ["cycle", "employee", "department", "status", "grade",
                      "restriction_flag"]
    base_order = ("id", "desc")
    # Appraisals come from opening a cycle and are never deleted (history, appeals).
    exclude_route_methods = {"add", "delete"}
    method_permission_name = {**VIEW_METHOD_PERMISSIONS, "records": "read",
                              "bonus_export": "read"}

    def render_template(self, template, **kwargs):
        if template == self.show_template and "pk" in kwargs:
            item = self.datamodel.get(kwargs["pk"])
            # Values only: each indicator's records load when its drill-down is opened.
            kwargs["indicators"] = (services.indicators(item, records=False)
                                    if item is not None else [])
            kwargs["manual_lines"] = ([line for line in item.lines if line.source == "manual"]
                                      if item is not None else [])
            kwargs["record_url"] = record_url
            kwargs["personnel_file_url"] = (
                url_for("PersonnelFileView.show", pk=item.employee_id)
                if item is not None and self.appbuilder.sm.has_access(
                    "can_read", "personnel_file") else None)
        return super().render_template(template, **kwargs)

    @expose("/records/<int:pk>/<code>")
    @has_access
    @permission_name("read")
    def records(self, pk, code):
        """Drill-down: the records behind one indicator's value (the matches, complaints …
        counted), each linked to its own page (where scope applies again)."""
        item = self.datamodel.get(pk)
        if item is None:
            abort(404)
        found = services.indicators(item, code=code[:64])
        if not found:
            abort(404)
        return self.render_template("appraisal/records.html", appraisal=item,
                                    indicator=found[0], record_url=record_url)

    @expose("/bonus_export/")
    @has_access
    @permission_name("read")
    def bonus_export(self):
        """The cycle's final results for payroll, ``?cycle_id=&format=xlsx|csv`` (the rows
        the user may see; app/appraisal/bonus.py)."""
        from app.appraisal.bonus import bonus_export

        return bonus_export(request.args.get("cycle_id"), request.args.get("format"))

    @expose("/transition/<int:pk>/<name>", methods=["POST"])
    @has_access
    @permission_name("read")
    def transition(self, pk, name):
        """The show page's buttons; ``score_<code>`` inputs become the ``scores`` object."""
        data = {k: v for k, v in request.form.items()
                if k not in ("comment", "csrf_token") and not k.startswith("score_")}
        scores = {k[6:]: v for k, v in request.form.items()
                  if k.startswith("score_") and v.strip()}
        if scores:
            data["scores"] = scores
        # A refusal (typed service error) is answered by the core (app/core/web.py).
        self.workflow.run(pk, name, comment=request.form.get("comment", ""), data=data)
        flash(str(_l("Done: %(action)s", action=self.workflow.get(name).label)), "success")
        return redirect(url_for(f"{self.endpoint}.show", pk=pk))


def record_url(rec: dict) -> str | None:
    try:
        return url_for(rec["endpoint"], pk=rec["id"]) if rec.get("endpoint") else None
    except BuildError:
        return None


class AppraisalBoardView(BaseView):
    """公示: the published results of a cycle — name, department, score, grade. Company-wide
    when the cycle publishes to the company (000); otherwise only the rows the user may see
    (002: fed back to each employee). No indicator or record is shown here."""

    route_base = "/appraisalboard"
    class_permission_name = "appraisal_board"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        from app.org.models import Department, Employee

        cycles = list(db.session.scalars(select(AppraisalCycle).where(
            AppraisalCycle.status != "draft").order_by(AppraisalCycle.end_date.desc())
            .limit(24)))
        try:
            wanted = int(request.args.get("cycle_id") or (cycles[0].id if cycles else 0))
        except ValueError:
            abort(400)
        cycle = next((c for c in cycles if c.id == wanted), None)
        rows = []
        if cycle is not None:
            stmt = (select(Employee.name, Department.name, Appraisal.score, Appraisal.grade,
                           Appraisal.status, Appraisal.publish_until)
                    .join(Employee, Appraisal.employee_id == Employee.id)
                    .join(Department, Appraisal.department_id == Department.id)
                    .where(Appraisal.cycle_id == cycle.id, Appraisal.status.in_(PUBLISHED))
                    .order_by(Department.name, Appraisal.score.desc()))
            if cycle.publicity == "company":
                with unscoped():
                    rows = db.session.execute(stmt.where(Appraisal.public.is_(True))).all()
            else:
                rows = db.session.execute(stmt).all()
        return self.render_template("appraisal/board.html", cycles=cycles, cycle=cycle,
                                    rows=rows)

"""Base ModelView: scope-safe actions, workflow buttons and bulk actions, a History tab."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_appbuilder import ModelView, expose, has_access
from flask_appbuilder.actions import ActionItem
from flask_appbuilder.security.decorators import permission_name
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.core import audit
from app.core.errors import ServiceError
from app.core.interface import prepare_save
from app.core.workflow import REGISTRY
from app.extensions import db

# FAB method → permission on the resource: read / write / delete, as Superset does.
VIEW_METHOD_PERMISSIONS = {
    "list": "read", "show": "read", "download": "read", "history": "read",
    "action": "read", "action_post": "read", "transition": "read",
    "add": "write", "edit": "write", "delete": "delete",
}


def _bulk_stub(name):
    """FAB looks actions' permissions up by their function's name; action_post runs them."""

    def stub(items):  # pragma: no cover - never called: action_post handles wf_* itself
        abort(404)

    stub.__name__ = name
    return stub


# Columns every audited record has; modules label their own columns.
COMMON_LABELS = {
    "created_at": _l("Created at"), "created_by": _l("Created by"),
    "updated_at": _l("Updated at"), "archived_at": _l("Archived at"), "status": _l("Status"),
}


class _SearchLink:
    """Stands in for FAB's search form until it is asked for: the form (every filter field,
    related dropdowns with their queries) costs about half of a list page's time."""

    def __init__(self, url):
        self.url = url

    def __call__(self, **kwargs):
        label = escape(str(_l("Show search filters")))
        return Markup(f'<a class="btn btn-sm btn-default yl-search-link" href="{escape(self.url)}">'
                      f'<i class="fa fa-search"></i> {label}</a>')


class YuelaoModelView(ModelView):
    """Declare ``resource`` (the contract name) and ``datamodel``; the rest is inherited."""

    resource: str = ""
    method_permission_name = VIEW_METHOD_PERMISSIONS
    show_template = "yuelao/show.html"
    list_template = "yuelao/list.html"
    page_size = 25

    def __init__(self, **kwargs):
        self.label_columns = {**COMMON_LABELS, **(self.label_columns or {})}
        if self.resource:
            self.class_permission_name = self.resource
        self.workflow = REGISTRY.get(self.resource)
        if self.workflow:
            state = self.workflow.state_field
            for attr in ("add_exclude_columns", "edit_exclude_columns"):
                setattr(self, attr, list(getattr(self, attr, None) or []) + [state])
            # The state shows as its label, in lists and on show pages.
            wf = self.workflow
            self.formatters_columns = {
                **(self.formatters_columns or {}),
                state: lambda value, wf=wf: str(wf.state_label(value)),
            }
            # Bulk action "wf_<name>" is guarded by the transition's own permission.
            self.method_permission_name = {
                **self.method_permission_name,
                **{f"wf_{t.name}": t.name for t in self.workflow.transitions},
            }
        super().__init__(**kwargs)
        if self.workflow:
            for t in self.workflow.transitions:
                if t.permission not in self.base_permissions:
                    self.base_permissions.append(t.permission)
                self.actions[f"wf_{t.name}"] = ActionItem(
                    f"wf_{t.name}", t.label, _l("Apply to all selected records?"), None,
                    True, False, _bulk_stub(f"wf_{t.name}"),
                )

    def _get_search_widget(self, form=None, exclude_cols=None, widgets=None):
        asked = request.args.get("_search") or any(k.startswith("_flt_") for k in request.args)
        if request.endpoint == f"{self.endpoint}.list" and not asked:
            widgets = widgets or {}
            args = request.args.to_dict(flat=False)
            args["_search"] = ["1"]
            widgets["search"] = _SearchLink(url_for(request.endpoint, **args))
            return widgets
        return super()._get_search_widget(form=form, exclude_cols=exclude_cols,
                                          widgets=widgets)

    # --- write checks shared with REST --------------------------------------------------
    def pre_add(self, item):
        self._prepare(item, True)

    def pre_update(self, item):
        self._prepare(item, False)

    def _prepare(self, item, is_new):
        try:
            prepare_save(item, is_new=is_new, user=current_app.appbuilder.sm.current_user)
        except ServiceError as err:
            if not is_new:
                db.session.rollback()
            raise ValueError(err.message) from err

    # --- actions: FAB loads rows without base filters; a missing row must be 404 ---------
    @expose("/action/<string:name>/<pk>", methods=["GET", "POST"])
    @has_access
    def action(self, name, pk):
        if request.method != "POST":
            abort(405)
        item = self.datamodel.get(self._deserialize_pk_if_composite(pk))
        if item is None:
            abort(404)
        return super().action(name, pk)

    @expose("/action_post", methods=["POST"])
    @has_access
    def action_post(self):
        name = request.form.get("action", "")
        pks = request.form.getlist("rowid")
        if name.startswith("wf_") and self.workflow:
            return self._bulk_transition(name[3:], pks)
        items = [self.datamodel.get(self._deserialize_pk_if_composite(pk)) for pk in pks]
        if not pks or any(i is None for i in items):
            abort(404)
        return super().action_post()

    def _bulk_transition(self, tname, pks):
        """All or nothing: every selected record moves, or none does."""
        wf = self.workflow
        comment = request.form.get("comment", "")
        try:
            if not pks:
                raise ServiceError(str(_l("Select at least one record")))
            for pk in pks:
                wf.run(pk, tname, comment=comment, commit=False)
            db.session.commit()
            flash(str(_l("%(n)s records updated", n=len(pks))), "success")
        except ServiceError as err:
            db.session.rollback()
            flash(str(_l("Nothing was changed: %(msg)s", msg=err.message)), "danger")
        return redirect(self.get_redirect())

    # --- workflow buttons on the show page ------------------------------------------------
    @expose("/transition/<int:pk>/<name>", methods=["POST"])
    @has_access
    @permission_name("read")
    def transition(self, pk, name):
        if not self.workflow:
            abort(404)
        data = {k: v for k, v in request.form.items() if k not in ("comment", "csrf_token")}
        try:
            self.workflow.run(pk, name, comment=request.form.get("comment", ""), data=data)
            flash(str(_l("Done: %(action)s", action=self.workflow.get(name).label)), "success")
        except ServiceError as err:
            if err.status == 404:
                abort(404)
            flash(err.message, "danger")
        return redirect(url_for(f"{self.endpoint}.show", pk=pk))

    def _history_labels(self) -> dict:
        """Column → label for the History tab; ``department_id`` takes ``department``'s."""
        labels = {k: str(v) for k, v in (self.label_columns or {}).items()}
        for col in self.datamodel.get_columns_list():
            # FAB labels "client_id" as "Client Id"; the relationship's label is translated.
            if col.endswith("_id") and col[:-3] in labels:
                labels[col] = labels[col[:-3]]
        return labels

    # --- show page context --------------------------------------------------------------
    def render_template(self, template, **kwargs):
        widgets = kwargs.get("widgets")
        if isinstance(widgets, dict):
            kwargs["search_lazy"] = isinstance(widgets.get("search"), _SearchLink)
        if template == self.show_template and "pk" in kwargs:
            item = self.datamodel.get(kwargs["pk"])
            kwargs["history_rows"] = audit.history(db.session, self.resource, kwargs["pk"])
            kwargs["history_labels"] = self._history_labels()
            kwargs["workflow"] = self.workflow
            kwargs["transitions"] = (
                self.workflow.available(item) if self.workflow and item is not None else []
            )
            kwargs["state_label"] = (
                self.workflow.state_label(self.workflow.state_of(item))
                if self.workflow and item is not None else None
            )
        return super().render_template(template, **kwargs)

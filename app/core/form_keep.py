"""A long form is never thrown away: a refused save shows the same form again, as the user
typed it, with the refusal flashed and marked on the field it names. FAB's own add / edit
flash and go back to the list, losing what was typed; every YuelaoModelView uses this."""
from __future__ import annotations

from flask import abort, flash, request
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.urltools import get_filter_args

from app.core.errors import ServiceError
from app.extensions import db

# What a save may refuse with: the model's and services' typed errors (views turn them into
# ValueError in pre_add / pre_update) and the database's refusal as the interface words it.
REFUSALS = (ValueError, ServiceError, DatabaseException)


def _field_of(err: BaseException) -> str | None:
    for e in (err, err.__cause__):
        details = getattr(e, "details", None) or {}
        if details.get("field"):
            return str(details["field"])
    return None


def _mark(form, err: BaseException) -> None:
    """The message on its field (``department_id`` → ``department`` / ``department_ref``),
    and flashed on top."""
    message = str(getattr(err, "message", None) or getattr(err.__cause__, "message", None)
                  or err)
    flash(message, "danger")
    name = _field_of(err)
    for candidate in (name, name[:-3] if name and name.endswith("_id") else None,
                      f"{name}_ref" if name else None):
        if candidate and candidate in form._fields:
            field = form._fields[candidate]
            field.errors = [*list(field.errors or []), message]
            break


class KeepFormOnError:
    """Mixin for a ModelView: ``_add`` / ``_edit`` re-render the filled form on a refusal."""

    def prefill_add_form(self, form) -> None:
        """Defaults of a new record's form (override)."""

    def _save(self, form, item, is_new: bool) -> bool:
        try:
            form.populate_obj(item)
            if is_new:
                self.pre_add(item)
                self.datamodel.add(item)
            else:
                self.pre_update(item)
                self.datamodel.edit(item)
        except REFUSALS as err:
            db.session.rollback()
            _mark(form, err)
            return False
        if is_new:
            self.post_add(item)
            flash(self.add_row_message, "success")
        else:
            self.post_update(item)
            flash(self.edit_row_message, "success")
        return True

    def _add(self):
        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        form = self.add_form.refresh()
        if request.method == "POST":
            self._fill_form_exclude_cols(exclude_cols, form)
            if form.validate():
                self.process_form(form, True)
                if self._save(form, self.datamodel.obj(), True):
                    return None
        else:
            self.prefill_add_form(form)
            self.update_redirect()
        return self._get_add_widget(form=form, exclude_cols=exclude_cols)

    def _edit(self, pk):
        if request.method != "POST":
            return super()._edit(pk)
        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        item = self.datamodel.get(pk, self._base_filters)
        if not item:
            abort(404)
        pk = self.datamodel.get_pk_value(item)
        form = self.edit_form.refresh(request.form)
        self._fill_form_exclude_cols(exclude_cols, form)
        form._id = pk
        if form.validate():
            self.process_form(form, False)
            if self._save(form, item, False):
                return None
            item = self.datamodel.get(pk, self._base_filters)
            if item is None:
                abort(404)
        widgets = self._get_edit_widget(form=form, exclude_cols=exclude_cols)
        return self._get_related_views_widgets(item, filters={}, orders={}, pages={},
                                               page_sizes={}, widgets=widgets)

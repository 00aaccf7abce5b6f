"""The show page of YuelaoModelView: the record loaded once, without FAB's filter rebuilds.

FAB's ``datamodel.get(pk, base_filters)`` builds two ``Filters`` per call (a copy, and the
"inner" filters), each converting the filters of every column of the model: about 1 ms for a
client. The show page loaded the record that way, and the show context loaded it again.
"""
from __future__ import annotations

from flask import abort, request
from flask_appbuilder.urltools import get_order_args, get_page_args, get_page_size_args

from app.core import audit, history_tab
from app.extensions import db

_ITEM = "_yl_show_item"  # the row of this request's show page (ClientView reads it too)


def load_one(view, pk, options=()):
    """The row ``pk`` through the view's base filters (scope and archive rules apply as to any
    ORM statement of the request), or None: FAB's ``get`` without its ``Filters`` copies.
    ``options``: loader options (the related rows the caller reads)."""
    dm = view.datamodel
    base = view._base_filters
    pk_name = dm.get_pk_name()
    if not isinstance(pk_name, str) or any("." in f.column_name for f in base.filters):
        return dm.get(pk, base)  # composite keys, related filters: FAB's way
    query = dm.session.query(dm.obj).options(*options)
    for flt, value in zip(base.filters, base.values, strict=True):
        query = flt.apply(query, value)
    return dm.FilterEqual(pk_name, dm).apply(query, pk).one_or_none()


def shown_item(view, pk):
    """The row the show page loaded in this request, else loaded now."""
    item = request.__dict__.get(_ITEM)
    if item is not None and type(item) is view.datamodel.obj and \
            str(getattr(item, view.datamodel.get_pk_name(), None)) == str(pk):
        return item
    return load_one(view, pk)


class ShowPageMixin:
    """FAB's ``_show`` with the row loaded once; the History tab and workflow buttons."""

    def _show(self, pk):
        pages, page_sizes, orders = get_page_args(), get_page_size_args(), get_order_args()
        item = load_one(self, pk)
        if item is None:
            abort(404)
        setattr(request._get_current_object(), _ITEM, item)
        widgets = self._get_show_widget(pk, item)
        self.update_redirect()
        return self._get_related_views_widgets(item, orders=orders, pages=pages,
                                               page_sizes=page_sizes, widgets=widgets)

    def show_context(self, kwargs: dict) -> None:
        """History rows and workflow state of the record being shown, into ``kwargs``."""
        pk = kwargs["pk"]
        item = shown_item(self, pk)
        kwargs["history_rows"] = audit.history(db.session, self.resource, pk)
        kwargs["history_resource"] = self.resource
        kwargs["history_labels"] = history_tab.labels(self)
        kwargs["history_value"] = history_tab.value_formatter(self)
        kwargs["history_hidden"] = history_tab.HIDDEN_FIELDS
        wf = self.workflow
        kwargs["workflow"] = wf
        kwargs["transitions"] = wf.available(item) if wf and item is not None else []
        kwargs["state_label"] = (wf.state_label(wf.state_of(item))
                                 if wf and item is not None else None)

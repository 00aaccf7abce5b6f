"""Base ModelView: scope-safe actions, workflow buttons and bulk actions, a History tab."""
from __future__ import annotations

import copy

from flask import abort, current_app, flash, redirect, request, url_for
from flask_appbuilder import ModelView, expose, has_access
from flask_appbuilder.actions import ActionItem
from flask_appbuilder.security.decorators import permission_name
from flask_appbuilder.urltools import (
    get_filter_args,
    get_order_args,
    get_page_args,
    get_page_size_args,
)
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.core.errors import ServiceError
from app.core.form_keep import KeepFormOnError
from app.core.interface import prepare_save
from app.core.listing import YuelaoListWidget, cell_text
from app.core.show_page import ShowPageMixin
from app.core.workflow import REGISTRY
from app.extensions import db

# FAB method → permission on the resource: read / write / delete, as Superset does.
VIEW_METHOD_PERMISSIONS = {
    "list": "read", "show": "read", "download": "read", "history": "read",
    "action": "read", "action_post": "read", "transition": "read",
    "add": "write", "edit": "write", "delete": "delete",
    # Export / import of the list (app/core/export.py, app/core/import_views.py).
    "export": "export", "import_rows": "write", "import_template": "write",
}


def _bulk_stub(name):
    """FAB looks actions' permissions up by their function's name; action_post runs them."""

    def stub(items):  # pragma: no cover - never called: action_post handles wf_* itself
        abort(404)

    stub.__name__ = name
    return stub


# Accepted by date-time fields of forms; the first is how a value is shown.
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S.%f",
                    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")

# Columns every audited record has; modules label their own columns.
COMMON_LABELS = {
    "created_at": _l("Created at"), "created_by": _l("Created by"),
    "updated_at": _l("Updated at"), "archived_at": _l("Archived at"), "status": _l("Status"),
}


def _joined(filters, base):
    """FAB's get_joined_filters without building a new Filters (which converts every search
    column's filters again, a millisecond per list page)."""
    joined = copy.copy(filters)
    joined.filters = filters.filters + base.filters
    joined.values = filters.values + base.values
    return joined


class _SearchLink:
    """Stands in for FAB's search form until it is asked for: the form (every filter field,
    related dropdowns with their queries) costs about half of a list page's time. Active
    filters show as chips, each with a link that drops it."""

    def __init__(self, url, chips=()):
        self.url = url
        self.chips = chips

    def __call__(self, **kwargs):
        label = escape(str(_l("Show search filters")))
        parts = [f'<a class="btn btn-sm btn-default yl-search-link" href="{escape(self.url)}">'
                 f'<i class="fa fa-search"></i> {label}</a>']
        remove = escape(str(_l("Remove filter")))
        for text, drop_url in self.chips:
            parts.append(f'<span class="label label-info yl-filter-chip">{escape(text)} '
                         f'<a href="{escape(drop_url)}" title="{remove}">&times;</a></span>')
        return Markup(" ".join(parts))


class YuelaoModelView(ShowPageMixin, KeepFormOnError, ModelView):
    """Declare ``resource`` (the contract name) and ``datamodel``; the rest is inherited."""

    resource: str = ""
    method_permission_name = VIEW_METHOD_PERMISSIONS
    show_template = "yuelao/show.html"
    list_template = "yuelao/list.html"
    list_widget = YuelaoListWidget
    page_size = 25
    # Numbered pages stop after this many rows (deeper pages are an OFFSET scan); keyset
    # lists page on with "Older". Page sizes stop at max_page_size.
    max_offset_rows = 2500
    max_page_size = 100

    def __init__(self, **kwargs):
        self.label_columns = {**COMMON_LABELS, **(self.label_columns or {})}
        routes = self.include_route_methods
        if routes is not None:  # a list exports; a list one may add to imports
            self.include_route_methods = set(routes) | (
                {"export"} if "list" in routes else set()) | (
                {"import_rows", "import_template"} if "add" in routes else set())
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
        routed = (self.include_route_methods is None or "export" in self.include_route_methods) \
            and "export" not in self.exclude_route_methods
        if routed and "can_read" in self.base_permissions and \
                "can_export" not in self.base_permissions:  # base_permissions set by hand
            self.base_permissions.append("can_export")
        if self.workflow:
            for t in self.workflow.transitions:
                if t.permission not in self.base_permissions:
                    self.base_permissions.append(t.permission)
                if not t.bulk:  # a comment or a field per record: the show page asks
                    continue
                self.actions[f"wf_{t.name}"] = ActionItem(
                    f"wf_{t.name}", t.label, _l("Apply to all selected records?"), None,
                    True, False, _bulk_stub(f"wf_{t.name}"),
                )

    def _init_forms(self):
        """FAB's forms, with date-times that round-trip: a stored time with seconds or
        microseconds is shown to the second and read back in any of the usual forms."""
        super()._init_forms()
        from wtforms import DateField, DateTimeField

        for form in (self.add_form, self.edit_form):
            for name in dir(form):
                cls = getattr(getattr(form, name, None), "field_class", None)
                # DateField is a DateTimeField too: dates keep their own format.
                if cls is not None and issubclass(cls, DateTimeField) and not issubclass(
                        cls, DateField):
                    field = getattr(form, name)
                    field.kwargs["format"] = list(DATETIME_FORMATS)

    def _list(self, **kwargs):
        """FAB's, without building the search form when the page will not show it."""
        name = self.__class__.__name__
        order_column, order_direction = get_order_args().get(name) or ("", "")
        get_filter_args(self._filters)
        widgets = self._get_list_widget(
            filters=self._filters, order_column=order_column, order_direction=order_direction,
            page=get_page_args().get(name), page_size=get_page_size_args().get(name), **kwargs)
        form = None if self._search_is_lazy() else self.search_form.refresh()
        self.update_redirect()
        return self._get_search_widget(form=form, widgets=widgets)

    def _get_search_widget(self, form=None, exclude_cols=None, widgets=None):
        if self._search_is_lazy():
            widgets = widgets or {}
            args = request.args.to_dict(flat=False)
            widgets["search"] = _SearchLink(url_for(request.endpoint, **args, _search="1"),
                                            self._filter_chips(args))
            return widgets
        return super()._get_search_widget(form=form, exclude_cols=exclude_cols,
                                          widgets=widgets)

    def _get_show_widget(self, pk, item, widgets=None, actions=None, show_fieldsets=None):
        """FAB's, with empty values blank and booleans, dates as the lists show them."""
        widgets = super()._get_show_widget(pk, item, widgets=widgets, actions=actions,
                                           show_fieldsets=show_fieldsets)
        args = widgets["show"].template_args
        own = self.formatters_columns or {}
        args["formatters_columns"] = {
            c: (lambda v, f=own[c]: cell_text(f(v))) if c in own else cell_text
            for c in args.get("include_columns", [])}
        return widgets

    def _search_is_lazy(self) -> bool:
        return request.endpoint == f"{self.endpoint}.list" and not request.args.get("_search")

    def _filter_chips(self, args: dict) -> list[tuple[str, str]]:
        """(「column operator value」, url without it) for each active filter of the URL."""
        chips = []
        if not any(k.startswith("_flt_") for k in args):
            return chips
        search = self._search_filters()
        for key, values in args.items():
            idx, _, col = key[5:].partition("_") if key.startswith("_flt_") else ("", "", "")
            if not idx.isdigit() or col not in search or int(idx) >= len(search[col]):
                continue
            flt = search[col][int(idx)]
            for value in values:
                shown = self._filter_value_text(col, value)
                rest = {k: v for k, v in args.items() if k != key}
                label = self.label_columns.get(col, col)
                chips.append((f"{label} {flt.name} {shown}",
                              url_for(request.endpoint, **rest)))
        return chips

    def _search_filters(self) -> dict:
        # FAB converts every search column's filters on each call; they never change.
        if getattr(self, "_yl_search_filters", None) is None:
            self._yl_search_filters = self._filters.get_search_filters()
        return self._yl_search_filters

    def _filter_value_text(self, col: str, value: str) -> str:
        formatter = (self.formatters_columns or {}).get(col)
        if formatter is not None:
            try:
                return str(formatter(value))
            except Exception:  # noqa: BLE001  a formatter for objects, not raw values
                return value
        if self.datamodel.is_relation(col) and value.isdigit():
            related = self.datamodel.get_related_interface(col).get(int(value))
            return str(related) if related is not None else value
        return value

    def _get_list_widget(self, filters, actions=None, order_column="", order_direction="",
                         page=None, page_size=None, widgets=None, **kwargs):
        """FAB's, plus: interfaces that load only the listed columns are told which, and
        keyset / estimated-count state reaches the widget."""
        request.yuelao_list_state = None  # set by interfaces that page by keyset
        widgets = widgets or {}
        page_size = min(page_size or self.page_size, self.max_page_size)
        # Deep numbered pages are an OFFSET scan: they stop at max_pages (keyset lists go on
        # with "Older"; a filter narrows any list).
        max_pages = max(1, self.max_offset_rows // page_size)
        clamped = page is not None and page >= max_pages
        if clamped:
            page = max_pages - 1
        if not order_column and self.base_order:
            order_column, order_direction = self.base_order
        extra = ({"select_columns": self.list_columns}
                 if getattr(self.datamodel, "loads_list_columns", False) else {})
        count, lst = self.datamodel.query(
            _joined(filters, self._base_filters), order_column, order_direction,
            page=page, page_size=page_size, **extra)
        state = getattr(request, "yuelao_list_state", None) or {}
        widgets["list"] = self.list_widget(
            label_columns=self.label_columns, include_columns=self.list_columns,
            value_columns=self.datamodel.get_values(lst, self.list_columns),
            order_columns=self.order_columns, formatters_columns=self.formatters_columns,
            page=page, page_size=page_size, count=count,
            pks=[self._serialize_pk_if_composite(pk) for pk in self.datamodel.get_keys(lst)],
            actions=actions or self.actions, filters=filters,
            modelview_name=self.__class__.__name__, view=self, max_pages=max_pages,
            keyset_state=state.get("keyset"), count_estimated=state.get("count_estimated"),
            page_clamped=clamped, **kwargs)
        return widgets

    # --- export / import of the list (app/core/export.py, app/core/import_views.py) -----
    @expose("/export/")
    @has_access
    def export(self):
        """The list as XLSX / CSV, with the page's filters and sort."""
        from app.core import export

        try:
            fmt = export.format_of(request.args.get("format"))
            return export.export(export.view_table(self), fmt)
        except ServiceError as err:
            db.session.rollback()
            flash(err.message, "danger")
            return redirect(self._back_to_list())

    @expose("/import/", methods=["GET", "POST"])
    @has_access
    def import_rows(self):
        from app.core import import_views

        return import_views.page(self)

    @expose("/import/template")
    @has_access
    def import_template(self):
        from app.core import import_views

        return import_views.template_download(self)

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
            if name not in self.actions:
                abort(404)
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
        return redirect(self._back_to_list())

    def _back_to_list(self) -> str:
        """The list page the action came from (its filters and page), else the plain list."""
        ref = request.referrer or ""
        if ref.startswith(request.host_url) and f"/{self.route_base.strip('/')}/list" in ref:
            return ref
        return url_for(f"{self.endpoint}.list")

    # --- workflow buttons on the show page (and the inbox, which sends ``next``) ----------
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
            db.session.rollback()  # an effect may refuse after the state moved: keep nothing
            if err.status == 404:
                abort(404)
            flash(err.message, "danger")
        return redirect(local_next() or url_for(f"{self.endpoint}.show", pk=pk))

    # --- show page context --------------------------------------------------------------
    def render_template(self, template, **kwargs):
        widgets = kwargs.get("widgets")
        if isinstance(widgets, dict):
            kwargs["search_lazy"] = isinstance(widgets.get("search"), _SearchLink)
            if "list" in widgets:
                from app.core.import_views import list_links

                kwargs["data_links"] = list_links(self)
        if template == self.show_template and "pk" in kwargs:
            self.show_context(kwargs)
        return super().render_template(template, **kwargs)


def local_next() -> str | None:
    """The form's ``next`` when it is a path on this site (the inbox posts it), else None."""
    nxt = (request.form.get("next") or "").strip()
    return nxt if nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt \
        else None

"""The list widget: rows rendered in Python, once, instead of macro calls per cell.

FAB's list template calls three macros, two url_for and a formatter lookup for every row and
cell; on a 25-row page that is most of the page's time. Here the show / edit / delete links
are built from one url per page, each cell is formatted once (results memoised per value:
formatters are pure) and escaped, and the template only joins the strings.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from flask import request, url_for
from flask_appbuilder.widgets import ListWidget
from flask_babel import gettext
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

_PK = "__yl_pk__"


def cell_text(value) -> Markup:
    """A cell as HTML: None is empty, booleans read 是 / 否, datetimes to the minute."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return escape(gettext("Yes") if value else gettext("No"))
    if isinstance(value, dt.datetime):
        return escape(value.strftime("%Y-%m-%d %H:%M"))
    return escape(str(value))


def _safe_url(endpoint: str, suffix: str = "", **values) -> str | None:
    """url_for, or None when the view has no such route (read-only views)."""
    try:
        return url_for(endpoint, **values) + suffix
    except BuildError:
        return None


def _add_url(view_name: str, allowed: bool, filters) -> str | None:
    if not allowed:
        return None
    return _safe_url(f"{view_name}.add", _related_suffix(filters) if filters is not None else "")


def _related_suffix(filters) -> str:
    """FAB's set_link_filters: related-view filters follow the show / edit links."""
    parts = [f"_flt_0_{flt.column_name}={quote(str(value))}"
             for flt, value in filters.get_filters_values() if flt.is_related_view]
    return ("?" + "&".join(parts)) if parts else ""


def render_rows(*, modelview_name, pks, value_columns, include_columns, formatters_columns,
                filters, can_show, can_edit, can_delete, with_checkbox) -> list[Markup]:
    suffix = _related_suffix(filters) if filters is not None else ""
    show = _safe_url(f"{modelview_name}.show", suffix, pk=_PK) if can_show else None
    edit = _safe_url(f"{modelview_name}.edit", suffix, pk=_PK) if can_edit else None
    delete = _safe_url(f"{modelview_name}.delete", pk=_PK) if can_delete else None
    show_html = (f'<a href="{show}" class="btn btn-sm btn-default" title="'
                 f'{escape(gettext("Show record"))}"><span class="sr-only">'
                 f'{escape(gettext("Show"))}</span><i class="fa fa-search"></i></a>') \
        if show else ""
    edit_html = (f'<a href="{edit}" class="btn btn-sm btn-default" title="'
                 f'{escape(gettext("Edit record"))}"><span class="sr-only">'
                 f'{escape(gettext("Edit"))}</span><i class="fa fa-edit"></i></a>') \
        if edit else ""
    delete_html = (f'<a href="#" data-url="{delete}" class="btn btn-sm btn-default '
                   f'yl-delete" title="{escape(gettext("Delete record"))}"><span '
                   f'class="sr-only">{escape(gettext("Delete"))}</span><i class="fa '
                   f'fa-trash"></i></a>') if delete else ""
    buttons = show_html + edit_html + delete_html
    memo: dict[str, dict] = {col: {} for col in include_columns}
    rows = []
    for pk, item in zip(pks, value_columns, strict=True):
        key = quote(str(pk), safe="")
        parts = ["<tr>"]
        if with_checkbox:
            parts.append(f'<td><input id="{key}" class="action_check" name="rowid" '
                         f'value="{key}" type="checkbox"></td>')
        if buttons:
            parts.append('<td><div class="btn-group btn-group-xs yl-row-buttons">'
                         + buttons.replace(_PK, key) + "</div></td>")
        for col in include_columns:
            value = item[col]
            seen = memo[col]
            try:
                html = seen.get(value)
            except TypeError:  # unhashable (a list): format every time
                html, seen = None, None
            if html is None:
                formatter = formatters_columns.get(col)
                html = cell_text(formatter(value) if formatter else value)
                if seen is not None:
                    seen[value] = html
            parts.append(f"<td>{html}</td>")
        parts.append("</tr>")
        rows.append(Markup("".join(parts)))
    return rows


def this_url(drop=(), **changes) -> str:
    """This page's URL with some query arguments dropped or changed (FAB's link_* filters,
    without a url_for per link)."""
    args = {k: v for k, v in request.args.items() if k not in drop and k not in changes}
    args.update(changes)
    q = urlencode(args)
    return f"{request.path}?{q}" if q else request.path


def keyset_links(state: dict | None) -> dict:
    """Newest / newer / older links of a keyset-paged list (see ClientInterface)."""
    if not state:
        return {}
    keys = ("after", "before")
    return {
        "newest": this_url(keys) if state.get("paged") else None,
        "newer": this_url(keys, before=state["prev"]) if state.get("prev") else None,
        "older": this_url(keys, after=state["next"]) if state.get("next") else None,
    }


def order_links(view_name: str, columns) -> dict:
    """Column → (link, 0 unsorted / 1 descending / 2 ascending), as FAB's list header."""
    oc, od = request.args.get(f"_oc_{view_name}"), request.args.get(f"_od_{view_name}")
    out = {}
    for col in columns:
        current = (2 if od == "asc" else 1) if oc == col else 0
        direction = "desc" if (oc is not None and od == "asc") else "asc"
        out[col] = (this_url(**{f"_oc_{view_name}": col, f"_od_{view_name}": direction}),
                    current)
    return out


def page_links(view_name: str, page: int | None, page_size: int, count: int,
               max_pages: int) -> list:
    """FAB's numbered pager (first, previous, seven around the current, next, last) as
    (text, link or None, "active" / "disabled" / ""); at most ``max_pages`` pages."""
    pages = min(-(-count // page_size), max_pages)
    if pages <= 1:
        return []
    page = page or 0
    low, high = page - 3, page + 4
    if low < 0:
        high -= low
    if high >= pages:
        low -= high - pages
    low, high = max(low, 0), min(high, pages)
    key = f"page_{view_name}"

    def at(p):
        return this_url(**{key: p})

    out = [("«", at(0) if low > 0 else None, "" if low > 0 else "disabled"),
           ("‹", at(page - 1) if page > 0 else None, "" if page > 0 else "disabled")]
    out += [(str(p + 1), None if p == page else at(p), "active" if p == page else "")
            for p in range(low, high)]
    out += [("›", at(page + 1) if page + 1 < pages else None,
             "" if page + 1 < pages else "disabled"),
            ("»", at(pages - 1) if high < pages else None, "" if high < pages else "disabled")]
    return out


def page_size_links(view_name: str, page_size: int, count: int) -> list:
    if count <= page_size:
        return []
    return [(size, this_url(**{f"psize_{view_name}": size}), size == page_size)
            for size in (25, 50, 75, 100)]


class YuelaoListWidget(ListWidget):
    template = "yuelao/widgets/list.html"

    def __call__(self, **kwargs):
        from flask import current_app

        args = {**self.template_args, **kwargs}
        sm = current_app.appbuilder.sm
        view = args["view"]
        resource = view.class_permission_name

        def can(method):
            return sm.has_access("can_" + view.get_method_permission(method), resource)

        actions = {}
        for key, action in (args.get("actions") or {}).items():
            perm = view.get_action_permission_name(action.name)
            if action.multiple and perm in view.base_permissions and \
                    sm.has_access(perm, resource):
                actions[key] = action
        can_show, can_edit, can_delete = can("show"), can("edit"), can("delete")
        args.update(
            actions=actions,
            add_url=_add_url(args["modelview_name"], can("add"), args.get("filters")),
            back_url=url_for("UtilView.back"),
            action_url=_safe_url(f"{args['modelview_name']}.action_post"),
            with_buttons=can_show or can_edit or can_delete,
            keyset=keyset_links(args.get("keyset_state")),
            pages=page_links(args["modelview_name"], args.get("page"),
                             args.get("page_size") or 25, args.get("count") or 0,
                             args.get("max_pages") or 100),
            order_links=order_links(args["modelview_name"], [
                c for c in args["include_columns"] if c in (args.get("order_columns") or ())]),
            page_sizes=page_size_links(args["modelview_name"], args.get("page_size") or 25,
                                       args.get("count") or 0),
            rows=render_rows(
                modelview_name=args["modelview_name"], pks=args["pks"],
                value_columns=args["value_columns"], include_columns=args["include_columns"],
                formatters_columns=args.get("formatters_columns") or {},
                filters=args.get("filters"), can_show=can_show, can_edit=can_edit,
                can_delete=can_delete, with_checkbox=bool(actions)),
        )
        return current_app.jinja_env.get_template(self.template).render(args)

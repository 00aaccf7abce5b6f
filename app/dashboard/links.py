"""Drill-down links: the list behind a number, as the list view's own FAB filter URL.

``list_url("ClientView", status=("FilterEqual", "active"))`` finds the filter's index among
the view's search filters of that column (FAB's ``_flt_<index>_<column>``), so the link opens
the same list a user would get by filtering by hand — scoped like every list.
"""
from __future__ import annotations

from flask import current_app, url_for
from werkzeug.routing import BuildError


def _views() -> dict:
    appbuilder = current_app.appbuilder
    found = getattr(appbuilder, "_yl_views_by_name", None)
    if found is None or len(found) != len(appbuilder.baseviews):
        found = {type(v).__name__: v for v in appbuilder.baseviews}
        appbuilder._yl_views_by_name = found
    return found


def view_named(name: str):
    return _views().get(name)


def _filter_index(view, column: str, filter_name: str) -> int | None:
    try:
        filters = view._filters.get_search_filters().get(column) or []
    except Exception:  # noqa: BLE001  a view without search filters: no link
        return None
    for i, flt in enumerate(filters):
        if type(flt).__name__ == filter_name:
            return i
    return None


def list_url(view_name: str, *triples: tuple[str, str, object],
             **filters: tuple[str, object]) -> str | None:
    """The URL of ``view_name``'s list with ``column=(filter class name, value)`` filters
    (or ``(column, filter class name, value)`` triples, for two filters on one column); None
    when the view is not registered (module not installed) or a filter is unknown."""
    view = view_named(view_name)
    if view is None:
        return None
    wanted = list(triples) + [(c, f, v) for c, (f, v) in filters.items()]
    args = {}
    for column, filter_name, value in wanted:
        idx = _filter_index(view, column, filter_name)
        if idx is None:
            return None
        args[f"_flt_{idx}_{column}"] = value
    try:
        return url_for(f"{view_name}.list", **args)
    except BuildError:
        return None


def page_url(endpoint: str, **values) -> str | None:
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None

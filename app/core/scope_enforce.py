"""The data scope applied to statements: loader criteria per scoped model, built once per scope
value, added to every ORM SELECT / UPDATE / DELETE inside a request (app/core/scope.py says
what a scope is; importing it imports this module, which registers the listener).
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session, with_loader_criteria

from app.core.scope import (
    _FILTERED,
    SCOPED_MODELS,
    SOFT_DELETE_MODELS,
    UserScope,
    _unscoped_depth,
    current_scope,
)


def criteria_options(scope: UserScope, *, include_archived: bool = False) -> list:
    """The loader criteria that scope (and the archive) add to a statement."""
    options = []
    if not include_archived:
        # Archived records leave lists, dropdowns and gets; their rows and history stay.
        # A lambda, so that an aliased join (FAB's "custodian.name" joins employee AS …)
        # gets the criterion on the alias, not on the table.
        options += [
            with_loader_criteria(model, lambda cls: cls.archived_at.is_(None),
                                 include_aliases=True, propagate_to_loaders=False)
            for model in SOFT_DELETE_MODELS
        ]
    if not scope.is_all:
        options += [
            with_loader_criteria(model, model.scope_criteria(scope), include_aliases=True,
                                 propagate_to_loaders=False)
            for model in SCOPED_MODELS
        ]
    return options


# Options per scope, shared by requests: building them for ~20 models costs more than the
# page's data query. Keyed by the registries' sizes too (tests map models late).
_OPTIONS_CACHE: dict[tuple, list] = {}
_OPTIONS_CACHE_SIZE = 2048
_REACH: dict[frozenset, frozenset] = {}


def reachable_models(classes: frozenset) -> frozenset:
    """The statement's models and those their relationships lead to, two steps out: the
    models an eager load or a join along a relationship can bring into the statement."""
    found = _REACH.get(classes)
    if found is None:
        from sqlalchemy import inspect as sa_inspect

        seen, frontier = set(classes), list(classes)
        for _ in range(2):
            nxt = []
            for cls in frontier:
                for rel in sa_inspect(cls).relationships:
                    target = rel.mapper.class_
                    if target not in seen:
                        seen.add(target)
                        nxt.append(target)
            frontier = nxt
        found = _REACH[classes] = frozenset(seen)
    return found


def _option_model(option):
    # A mapped class is held as its mapper (``entity``); ``root_entity`` is for bases.
    return option.root_entity or option.entity.class_


def scope_options(scope: UserScope, *, include_archived: bool = False,
                  models: frozenset | None = None) -> list:
    """criteria_options(scope), built once per scope value; only the options of ``models``
    (every scoped model when None). Options of models a statement cannot touch cost
    compile-cache time on every execution and change nothing."""
    key = (scope, include_archived, models, len(SCOPED_MODELS), len(SOFT_DELETE_MODELS))
    options = _OPTIONS_CACHE.get(key)
    if options is None:
        if len(_OPTIONS_CACHE) >= _OPTIONS_CACHE_SIZE:
            _OPTIONS_CACHE.clear()
        options = criteria_options(scope, include_archived=include_archived)
        if models is not None:
            reach = reachable_models(models)
            options = [o for o in options if _option_model(o) in reach]
        _OPTIONS_CACHE[key] = options
    return options


def _enforce_scope(state) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return
    if not has_request_context() or _unscoped_depth() or state.execution_options.get("unscoped"):
        return
    mappers = state.all_mappers
    if mappers and not any(m.class_ in _FILTERED for m in mappers):
        # Rooted on unscoped models only (FAB's users, roles, permissions: most statements of
        # a page). Statements with no top-level mapper, such as COUNT over a subquery, still
        # get the criteria.
        return
    if getattr(request, "_yuelao_computing_scope", False):
        return
    request._yuelao_computing_scope = True
    try:
        scope = current_scope()
    finally:
        request._yuelao_computing_scope = False
    options = scope_options(
        scope, include_archived=bool(state.execution_options.get("include_archived", False)),
        models=frozenset(m.class_ for m in mappers) if mappers else None)
    if options:
        state.statement = state.statement.options(*options)


if not event.contains(Session, "do_orm_execute", _enforce_scope):
    event.listen(Session, "do_orm_execute", _enforce_scope)

"""Answers kept for the rest of the request (the inbox asks the same question for every row:
who the current employee is, who heads a store's front line, who submitted each record).

Only in a request context: jobs, the shell and tests outside a request compute every time.
A kept value is shared by every caller of the request, so callers must not change it.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import has_request_context, request

T = TypeVar("T")
_MISSING = object()


def _store() -> dict | None:
    if not has_request_context():
        return None
    store = getattr(request, "_yuelao_memo", None)
    if store is None:
        store = request._yuelao_memo = {}
    return store


def remembered(name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per request for (name, key)."""
    store = _store()
    if store is None:
        return compute()
    value = store.get((name, key), _MISSING)
    if value is _MISSING:
        value = store[(name, key)] = compute()
    return value


def remember(name: str, values: dict) -> None:
    """Keep answers computed in one batch (``{key: value}``) for later ``remembered`` calls."""
    store = _store()
    if store is not None:
        for key, value in values.items():
            store[(name, key)] = value


def forget() -> None:
    """Drop what the request kept (after a change the rest of the request must see)."""
    store = _store()
    if store is not None:
        store.clear()

"""The people machinery the core needs: departments as a tree, stores, current employee."""
from __future__ import annotations

from sqlalchemy import select

from app.core.scope import unscoped


def department_tree() -> dict[int, tuple[int | None, str, int | None]]:
    """{department id: (parent id, kind, recorded head id)}, read once per request (the
    inbox and the write checks ask for every row)."""
    from flask import has_request_context, request

    from app.extensions import db
    from app.org.models import Department

    cached = getattr(request, "_yuelao_departments", None) if has_request_context() else None
    if cached is None:
        with unscoped():
            cached = {d: (p, k, h) for d, p, k, h in db.session.execute(
                select(Department.id, Department.parent_id, Department.kind,
                       Department.head_id))}
        if has_request_context():
            request._yuelao_departments = cached
    return cached


def _tree() -> dict[int, tuple[int | None, str]]:
    return {d: (p, k) for d, (p, k, _h) in department_tree().items()}


def store_of(department_id: int | None) -> int | None:
    """The store a department belongs to (itself, or its nearest ancestor of kind 'store');
    None for departments outside any store (headquarters)."""
    tree, node, seen = _tree(), department_id, set()
    while node is not None and node not in seen:
        seen.add(node)
        parent, kind = tree.get(node, (None, None))
        if kind == "store":
            return node
        node = parent
    return None


def store_subtree(department_id: int | None) -> set[int]:
    """Every department of the store that ``department_id`` belongs to; outside any store,
    the whole company (headquarters staff serve every store)."""
    if department_id is None:
        return set()
    store = store_of(department_id)
    if store is None:
        return set(_tree())
    # From the unscoped tree: a writer of "own" scope sees few departments, yet forwards to
    # any of their store's (Department.subtree_ids reads through the writer's scope).
    children: dict[int | None, list[int]] = {}
    for d, (parent, _kind) in _tree().items():
        children.setdefault(parent, []).append(d)
    out, stack = set(), [store]
    while stack:
        d = stack.pop()
        if d not in out:
            out.add(d)
            stack.extend(children.get(d, ()))
    return out

"""The people machinery the core needs: departments as a tree, stores, current employee."""
from __future__ import annotations

from sqlalchemy import select

from app.core.scope import unscoped


def _tree() -> dict[int, tuple[int | None, str]]:
    from app.extensions import db
    from app.org.models import Department

    with unscoped():
        return {d: (p, k) for d, p, k in db.session.execute(
            select(Department.id, Department.parent_id, Department.kind))}


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
    from app.org.models import Department

    if department_id is None:
        return set()
    store = store_of(department_id)
    if store is None:
        return set(_tree())
    return Department.subtree_ids(store)

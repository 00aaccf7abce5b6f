"""A user's data scope, resolved from their roles to concrete ids (app/core/scope.py).

The widest scope of the user's roles wins; ``store`` becomes the department subtree of the
user's store. current_scope() (app/core/scope.py) caches the result per request and, under the
security version, across requests (app/core/authz_cache.py).
"""
from __future__ import annotations

from sqlalchemy import select

from app.core.scope import (
    _RANK,
    NOTHING,
    SCOPE_ALL,
    SCOPE_DEPARTMENT,
    SCOPE_NONE,
    SCOPE_OWN,
    SCOPE_STORE,
    SCOPED_MODELS,
    UserScope,
    unscoped,
)


def _compute_scope(user) -> UserScope:
    """Widest role scope of ``user``, resolved to concrete ids."""
    from app.core.models import RoleScope
    from app.org.models import Department, Employee

    if user is None or not getattr(user, "is_authenticated", False):
        return NOTHING
    with unscoped():
        from app.extensions import db
        from app.security import user_role_ids_query

        roles = user_role_ids_query(user.id).subquery()
        rows = db.session.execute(
            select(roles.c.role_id, RoleScope.scope, RoleScope.kind)
            .outerjoin(RoleScope, RoleScope.role_id == roles.c.role_id)).all()
        # A role without a declared scope sees its own rows only.
        kinds = {k or SCOPE_OWN for (_, k, _rk) in rows}
        role_kinds = frozenset(rk for (_, _k, rk) in rows if rk)
        kind = max(kinds or {SCOPE_NONE}, key=_RANK.__getitem__)
        if kind == SCOPE_ALL:
            return UserScope(SCOPE_ALL, user_id=user.id)
        emp = db.session.execute(
            select(Employee.id, Employee.department_id).where(Employee.user_id == user.id)
        ).first()
        emp_id, dept_id = (emp[0], emp[1]) if emp else (None, None)
        store_root = None
        if kind == SCOPE_STORE:
            from app.core.people import store_of

            store_root = store_of(dept_id) if dept_id is not None else None
            if dept_id is not None and store_root is None:
                return UserScope(SCOPE_ALL, user_id=user.id)
            kind = SCOPE_DEPARTMENT if store_root is not None else SCOPE_OWN
        dept_ids: frozenset[int] = frozenset()
        home = frozenset(Department.subtree_ids(dept_id)) if dept_id is not None else frozenset()
        if kind == SCOPE_DEPARTMENT and dept_id is not None:
            dept_ids = home
        elif dept_id is not None:
            dept_ids = frozenset({dept_id})
        if store_root is not None:
            dept_ids = frozenset(Department.subtree_ids(store_root))
        store: frozenset[int] = frozenset()
        if dept_id is not None and any(m.scope_store_kinds for m in SCOPED_MODELS):
            from app.core.people import store_subtree

            store = frozenset(store_subtree(dept_id))
        return UserScope(kind, user_id=user.id, employee_id=emp_id, department_id=dept_id,
                         department_ids=dept_ids, home_department_ids=home, kinds=role_kinds,
                         store_department_ids=store)

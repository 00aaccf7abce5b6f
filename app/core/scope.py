"""Data scope: which rows the current user may see or change.

One place decides it. Every ORM statement (SELECT, and bulk UPDATE / DELETE) that runs inside a
request is given loader criteria for every scoped model, so list, count, show, edit, delete,
actions, related lists, REST, dropdown choices, exports and charts all see the same rows without
any view doing anything. Code that must see across scope (the audit writer, login, the
company-wide candidate pool) asks for it explicitly with ``unscoped()``.

Scopes, widest first: ``all`` > ``department`` (the user's department and all below it) >
``own`` (rows assigned to or created by the user) > ``none``. A user with several roles gets the
widest of them.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import has_request_context, request
from sqlalchemy import and_, false, or_, select, true

SCOPE_ALL = "all"
SCOPE_DEPARTMENT = "department"
SCOPE_OWN = "own"
SCOPE_NONE = "none"
# The user's store (its departments); headquarters staff, outside any store, see everything
# (003: a store's 財務專員 manages that store's finances). A profile gives it to a role kind.
SCOPE_STORE = "store"
SCOPE_CHOICES = (SCOPE_ALL, SCOPE_STORE, SCOPE_DEPARTMENT, SCOPE_OWN, SCOPE_NONE)
_RANK = {SCOPE_NONE: 0, SCOPE_OWN: 1, SCOPE_DEPARTMENT: 2, SCOPE_STORE: 3, SCOPE_ALL: 4}

# Models that carry scope, registered by ScopedMixin subclasses as they are mapped.
SCOPED_MODELS: list[type] = []
# Models whose rows are archived rather than deleted (SoftDeleteMixin registers them).
SOFT_DELETE_MODELS: list[type] = []


class _FilteredModels:
    """Membership test over both registries (they grow as modules are imported)."""

    def __contains__(self, cls) -> bool:
        return cls in SCOPED_MODELS or cls in SOFT_DELETE_MODELS


_FILTERED = _FilteredModels()


@dataclass(frozen=True)
class UserScope:
    kind: str
    user_id: int | None = None
    employee_id: int | None = None
    department_id: int | None = None
    department_ids: frozenset[int] = field(default_factory=frozenset)
    # The user's own department and everything below it: "created by" reaches no further.
    home_department_ids: frozenset[int] = field(default_factory=frozenset)
    # The user's role kinds and every department of the user's store, for models that let
    # some kinds see their whole store (``scope_store_kinds``).
    kinds: frozenset[str] = field(default_factory=frozenset)
    store_department_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_all(self) -> bool:
        return self.kind == SCOPE_ALL


UNRESTRICTED = UserScope(SCOPE_ALL)
NOTHING = UserScope(SCOPE_NONE)


class ScopedMixin:
    """Mixin for models whose rows belong to a department and, optionally, to people.

    ``scope_department_column``: the column holding the owning department id.
    ``scope_department_columns``: several such columns (e.g. a match between clients of two
    stores, a complaint's receiving and responsible departments); a row is in a department
    scope when any of them is. When set it replaces ``scope_department_column``.
    ``scope_owner_employee_columns``: columns holding an employee id that makes a row "own".
    ``scope_owner_user_columns``: columns holding a FAB user id that makes a row "own" (the
    creator) — only while the row lies in the user's home department subtree: a row moved to
    another store leaves its creator's view unless another rule gives it.
    ``scope_parent``: derived scope — a many-to-one relationship whose row decides (a meeting is
    in scope exactly when its match is, an answer when its survey is). Such models have no
    department columns of their own.
    """

    scope_department_column: str | None = "department_id"
    scope_department_columns: tuple[str, ...] = ()
    scope_owner_employee_columns: tuple[str, ...] = ()
    scope_owner_user_columns: tuple[str, ...] = ("created_by_id",)
    # Own scope also covers rows of the user's own department (the organisation tree itself).
    scope_own_department: bool = False
    scope_parent: str | None = None
    # Role kinds that see every row of their store on this model, whatever their scope
    # (customer service answers for the store's clients).
    scope_store_kinds: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Mapped classes only: a shared base of several models (no table) is not a model.
        mapped = "__tablename__" in dir(cls) or "__table__" in dir(cls)
        if not cls.__dict__.get("__abstract__", False) and mapped and cls not in SCOPED_MODELS:
            SCOPED_MODELS.append(cls)

    @classmethod
    def scope_department_attrs(cls) -> tuple[str, ...]:
        """The department columns that place a row in a department scope."""
        if cls.scope_parent:
            return ()
        if cls.scope_department_columns:
            return tuple(cls.scope_department_columns)
        return (cls.scope_department_column,) if cls.scope_department_column else ()

    @classmethod
    def store_widened(cls, scope: UserScope) -> frozenset[int]:
        """The store's departments when one of the user's kinds sees the whole store here."""
        if cls.scope_store_kinds and scope.kinds.intersection(cls.scope_store_kinds):
            return scope.store_department_ids
        return frozenset()

    @classmethod
    def scope_criteria(cls, scope: UserScope):
        """The WHERE clause that keeps only the rows ``scope`` may see."""
        if scope.kind == SCOPE_ALL:
            return true()
        if cls.scope_parent:
            parent, fk = cls.scope_parent_link()
            pk = parent.__mapper__.primary_key[0]
            return fk.in_(select(pk).where(parent.scope_criteria(scope)))
        own = []
        dept_cols = cls.scope_department_attrs()
        if scope.employee_id is not None:
            own += [getattr(cls, c) == scope.employee_id for c in cls.scope_owner_employee_columns]
        if scope.user_id is not None:
            home = sorted(scope.home_department_ids)
            for c in cls.scope_owner_user_columns:
                created = getattr(cls, c) == scope.user_id
                if dept_cols:
                    created = and_(created, or_(*(getattr(cls, d).in_(home) for d in dept_cols)))
                own.append(created)
        store = cls.store_widened(scope)
        if store and dept_cols:
            own += [getattr(cls, d).in_(sorted(store)) for d in dept_cols]
        if scope.kind == SCOPE_DEPARTMENT and dept_cols and scope.department_ids:
            ids = sorted(scope.department_ids)
            return or_(*(getattr(cls, c).in_(ids) for c in dept_cols), *own)
        if cls.scope_own_department and scope.department_id is not None:
            own += [getattr(cls, c) == scope.department_id for c in dept_cols]
        if scope.kind in (SCOPE_DEPARTMENT, SCOPE_OWN) and own:
            return or_(*own)
        return false()

    def in_scope(self, scope: UserScope) -> bool:
        """The same rule as scope_criteria, for an object already in memory."""
        return type(self).row_in_scope(self, scope)

    def in_write_scope(self, scope: UserScope) -> bool:
        """May ``scope`` save or delete this row? The read rule, unless a model narrows it
        (a shared event's organiser sees other stores' sign-ups but may not change them)."""
        return self.in_scope(scope)

    @classmethod
    def scope_parent_link(cls):
        """(parent model, foreign-key column) of a derived-scope model."""
        from sqlalchemy import inspect as sa_inspect

        rel = sa_inspect(cls).relationships[cls.scope_parent]
        return rel.mapper.class_, getattr(cls, next(iter(rel.local_columns)).key)

    @classmethod
    def row_in_scope(cls, row, scope: UserScope) -> bool:
        """scope_criteria's rule for any object with this model's scope columns as
        attributes (a loaded model, or a result row of a column query)."""
        if scope.kind == SCOPE_ALL:
            return True
        if cls.scope_parent:
            parent_cls, fk = cls.scope_parent_link()
            parent = getattr(row, cls.scope_parent, None)
            if parent is None and getattr(row, fk.key, None) is not None:
                from app.extensions import db

                with unscoped():
                    parent = db.session.get(parent_cls, getattr(row, fk.key))
            return parent is not None and parent.in_scope(scope)
        dept_cols = cls.scope_department_attrs()
        for c in cls.scope_owner_employee_columns:
            if scope.employee_id is not None and _column_value(row, c) == scope.employee_id:
                return True
        for c in cls.scope_owner_user_columns:
            if scope.user_id is not None and _column_value(row, c) == scope.user_id and (
                    not dept_cols or any(_column_value(row, d) in scope.home_department_ids
                                         for d in dept_cols)):
                return True
        store = cls.store_widened(scope)
        if store and any(_column_value(row, d) in store for d in dept_cols):
            return True
        if scope.kind == SCOPE_DEPARTMENT:
            return any(_column_value(row, c) in scope.department_ids for c in dept_cols)
        if cls.scope_own_department and scope.department_id is not None:
            return any(_column_value(row, c) == scope.department_id for c in dept_cols)
        return False


def _column_value(row, column: str):
    """A row's column value; for a model instance not yet flushed, the id of the object its
    relationship holds (forms set the relationship, not the column)."""
    value = getattr(row, column, None)
    if not hasattr(row, "_sa_instance_state"):
        return value
    from app.core.interface import relationship_of

    state = row._sa_instance_state
    rel = relationship_of(state.mapper, column)
    if rel is not None and rel.key in state.dict and (
            value is None or state.attrs[rel.key].history.has_changes()):
        related = state.dict[rel.key]
        return getattr(related, "id", None) if related is not None else None
    return value


def current_scope() -> UserScope:
    """The scope of the user of this request (cached for the request); everything outside one."""
    if not has_request_context():
        return UNRESTRICTED
    cached = getattr(request, "_yuelao_scope", None)
    if cached is None:
        user = _request_user()
        if user is not None and getattr(user, "is_authenticated", False):
            from app.core import authz_cache

            cached = authz_cache.cached("scope", user.id,
                                        lambda: _scope_resolve._compute_scope(user))
        else:
            cached = _scope_resolve._compute_scope(user)
        # Anonymous is not cached: a JWT may be verified later in the same request.
        if cached.kind != SCOPE_NONE:
            request._yuelao_scope = cached
    return cached


def _request_user():
    from flask import current_app

    try:
        return current_app.appbuilder.sm.current_user
    except RuntimeError:  # no JWT verified in this request (yet)
        return None


def reset_scope_cache() -> None:
    if has_request_context() and hasattr(request, "_yuelao_scope"):
        del request._yuelao_scope


# State lives on the request object, not on ``g``: ``g`` belongs to the app context, which
# nested request contexts (tests, internal dispatch) may share.
def _unscoped_depth() -> int:
    return getattr(request, "_yuelao_unscoped", 0) if has_request_context() else 0


@contextmanager
def unscoped():
    """Run a block that deliberately sees across scope (audit writer, login, candidate pool)."""
    if not has_request_context():
        yield
        return
    request._yuelao_unscoped = _unscoped_depth() + 1
    try:
        yield
    finally:
        request._yuelao_unscoped -= 1


def scoped_get(model, pk):
    """The row with primary key ``pk`` if the current user may see it, else None.

    A SELECT, never ``session.get``: that answers from the identity map, where an unscoped
    load earlier in the request (the other side of a match) may have left the row."""
    from app.extensions import db

    key = model.__mapper__.primary_key[0]
    return db.session.scalar(select(model).where(key == pk))


# The scope of a user, resolved from roles (app/core/scope_resolve.py), and the criteria every
# statement gets (app/core/scope_enforce.py). Both import names defined above, so they come
# last; importing the enforcing module registers the ORM listener. Callers keep importing
# these names from here (PEP 562 hands them over).
from app.core import scope_enforce as _scope_enforce  # noqa: E402
from app.core import scope_resolve as _scope_resolve  # noqa: E402

_MOVED = {"criteria_options": _scope_enforce, "reachable_models": _scope_enforce,
          "scope_options": _scope_enforce, "_compute_scope": _scope_resolve}


def __getattr__(name):
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(module, name)

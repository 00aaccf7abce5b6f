"""Proposed core changes, applied in-process by the benchmark only (``--core-patches``).

Measured, not shipped: app/core and app/security.py belong to the core. Two per-request costs
dominate every page at any table size (see bench/RESULTS.md):

1. ``scope._enforce_scope`` builds loader criteria for *every* scoped model on *every* ORM
   statement, including FAB's permission and menu queries that touch no scoped table.
   Fix: return early when the statement involves no scoped model.
2. FAB checks each menu entry / button permission with its own query (~40 per page).
   Fix: load the user's permissions once per request and answer from that set.
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session


def apply() -> None:
    from app.core import scope
    from app.security import YuelaoSecurityManager

    original = scope._enforce_scope

    def enforce_scope_if_scoped(state):
        scoped = scope.SCOPED_MODELS
        if not any(m.class_ in scoped for m in state.all_mappers):
            return
        original(state)

    if event.contains(Session, "do_orm_execute", original):
        event.remove(Session, "do_orm_execute", original)
    event.listen(Session, "do_orm_execute", enforce_scope_if_scoped)

    fab_has_view_access = YuelaoSecurityManager._has_view_access

    def has_view_access_cached(self, user, permission_name, view_name):
        if not has_request_context() or not getattr(user, "is_authenticated", False):
            return fab_has_view_access(self, user, permission_name, view_name)
        perms = getattr(request, "_yuelao_perms", None)
        if perms is None:
            if any(r.name in self.builtin_roles for r in self.get_user_roles(user)):
                return fab_has_view_access(self, user, permission_name, view_name)
            perms = request._yuelao_perms = self.get_user_permissions(user)
        return (permission_name, view_name) in perms

    YuelaoSecurityManager._has_view_access = has_view_access_cached

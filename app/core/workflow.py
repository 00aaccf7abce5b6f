"""Workflow engine: states and transitions declared once, as data.

A model's workflow names its states and transitions (from, to, permission, guards, comment
required, separation of duties, extra fields). From that declaration the core derives a FAB
permission per transition (``can_<name>`` on the resource), the show-page buttons, the bulk list
actions, the REST endpoint, the transition log row, and the "待我審批" inbox. ``run`` is the
only way a state changes: scope, permission, state, separation of duties, guards, then a
compare-and-set UPDATE on the state column, the audit row and the commit.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.core import audit
from app.core.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from app.core.models import AuditLog
from app.core.request_memo import remember, remembered
from app.extensions import db

ANY = "*"


@dataclass(frozen=True)
class Field:
    """An input a transition asks for, stored on the record (e.g. satisfaction 1–5)."""

    name: str
    label: Any
    # text | int | date | datetime | choice. A datetime comes from the browser's picker as
    # "YYYY-MM-DDTHH:MM" (typed or from REST "YYYY-MM-DD HH:MM"): kept as text for the
    # module's guard to read, so its refusal can quote the rule.
    kind: str = "text"
    required: bool = True
    min: int | None = None
    max: int | None = None
    choices: tuple[tuple[str, Any], ...] = ()

    def clean(self, raw):
        if raw is None or raw == "":
            if self.required:
                raise Invalid(str(_l("%(field)s is required", field=self.label)), field=self.name)
            return None
        if self.kind == "int":
            try:
                value = int(raw)
            except (TypeError, ValueError):
                raise Invalid(str(_l("%(field)s must be a whole number", field=self.label)),
                              field=self.name) from None
            if (self.min is not None and value < self.min) or (
                self.max is not None and value > self.max
            ):
                raise Invalid(
                    str(_l("%(field)s must be between %(min)s and %(max)s", field=self.label,
                           min=self.min, max=self.max)),
                    field=self.name,
                )
            return value
        if self.kind == "date":
            import datetime as dt

            try:
                return dt.date.fromisoformat(str(raw))
            except ValueError:
                raise Invalid(str(_l("%(field)s must be a date (YYYY-MM-DD)", field=self.label)),
                              field=self.name) from None
        if self.kind == "choice" and str(raw) not in {c for c, _ in self.choices}:
            raise Invalid(str(_l("%(field)s: not a valid choice", field=self.label)),
                          field=self.name)
        return str(raw)


# A guard takes (record, context) and raises Forbidden / Invalid when the step may not be taken.
Guard = Callable[[Any, "Context"], None]


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    label: Any
    comment_required: bool = False
    # Separation of duties: the actor may not be whoever took any of these transitions last.
    not_by: tuple[str, ...] = ()
    guards: tuple[Guard, ...] = ()
    fields: tuple[Field, ...] = ()
    # Extra changes on the record once the state has moved (timestamps, derived fields).
    effect: Callable[[Any, Context], None] | None = None
    style: str = "primary"
    # Shown in the "待我審批" inbox (approval steps), or only as a button (e.g. pause).
    inbox: bool = True
    # The code of the rule-book rule this step enforces (app/core/rules.py): the show page
    # quotes its clause next to the button (the running profile's book: "<book>.<topic>").
    rule: str | None = None
    # After this step: (record, context) → the name of a transition the engine then takes as
    # the actor "system" in the same transaction (e.g. a return visit closes or reopens), or None.
    then: Callable[[Any, Context], str | None] | None = None

    @property
    def permission(self) -> str:
        return f"can_{self.name}"

    @property
    def bulk(self) -> bool:
        """Offered as a bulk list action: only when it needs no per-record input."""
        return not self.comment_required and not any(f.required for f in self.fields)

    def allowed_from(self, state: str) -> bool:
        return ANY in self.source or state in self.source


@dataclass
class Context:
    user: Any
    comment: str
    data: dict = field(default_factory=dict)
    transition: Transition | None = None
    from_state: str | None = None


@dataclass
class Workflow:
    resource: str
    model: type
    states: dict[str, Any]
    transitions: list[Transition]
    initial: str
    state_field: str = "status"
    title: Any = None
    # Returns loader options for the inbox's rows (what their titles read: a match's two
    # clients), so a section of 50 rows costs one query more, not 100. A callable: options
    # built at import would configure the mappers before every model is defined.
    inbox_load: Callable[[], tuple] = tuple

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.resource}: duplicate transition names")
        for t in self.transitions:
            for s in (*t.source, t.target):
                if s != ANY and s not in self.states:
                    raise ValueError(f"{self.resource}.{t.name}: unknown state {s}")
        REGISTRY[self.resource] = self

    def get(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise NotFound(str(_l("No such transition: %(name)s", name=name)))

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def state_label(self, state: str):
        return self.states.get(state, state)

    def available(self, obj, user=None) -> list[Transition]:
        """Transitions the current user may start from the record's state (for buttons): the
        permission, separation of duties and the guards ``run`` applies — a step a guard
        forbids this user is not offered (one that lacks input still is: it says why)."""
        state = self.state_of(obj)
        user = user or current_app.appbuilder.sm.current_user
        out = []
        for t in self.transitions:
            if not (t.allowed_from(state) and self.permitted(t)):
                continue
            ctx = Context(user=user, comment="", transition=t, from_state=state)
            try:
                self._check_separation(obj, t, user)
            except Forbidden:
                continue
            if not self._no_guard_forbids(obj, ctx, t):
                continue
            out.append(t)
        return out

    @staticmethod
    def _no_guard_forbids(obj, ctx, t: Transition) -> bool:
        """Every guard runs: one that only lacks input (a comment, an owner) must not hide a
        later guard that forbids this user the step."""
        lacking = False
        for guard in t.guards:
            try:
                guard(obj, ctx)
            except Forbidden:
                return False
            except ServiceError:
                lacking = True
            except (AttributeError, KeyError, TypeError, ValueError):
                if not lacking:  # a real bug, not a guard reading input an earlier one lacked
                    raise
        return True

    def permitted(self, t: Transition) -> bool:
        return current_app.appbuilder.sm.has_access(t.permission, self.resource)

    # --- running a transition -------------------------------------------------------------

    def run(self, pk, name: str, *, comment: str = "", data: dict | None = None,
            commit: bool = True, system: bool = False):
        """Take transition ``name`` on record ``pk`` for the current user; commits or raises.

        ``system=True``: a job or a cross-module effect (公海 return, escalation, a match
        marking its clients, seeding) takes the step as the actor "system": no user's
        permission or separation of duties applies, every other check and the log do."""
        t = self.get(name)
        pk_col = self.model.__mapper__.primary_key[0]
        if system:
            from app.core.scope import unscoped

            with unscoped():
                obj = db.session.scalars(select(self.model).where(pk_col == pk)).one_or_none()
        else:
            obj = db.session.scalars(select(self.model).where(pk_col == pk)).one_or_none()
        if obj is None:
            raise NotFound(str(_l("Record not found")))
        if not system and not self.permitted(t):
            raise Forbidden(str(_l("You are not permitted to %(action)s", action=t.label)))
        current = self.state_of(obj)
        if not t.allowed_from(current):
            raise Conflict(str(_l("Cannot %(action)s from state %(state)s", action=t.label,
                                  state=self.state_label(current))), state=current)
        user = None if system else current_app.appbuilder.sm.current_user
        comment = (comment or "").strip()
        if t.comment_required and not comment:
            raise Invalid(str(_l("A comment is required to %(action)s", action=t.label)),
                          field="comment")
        data = data or {}
        cleaned = {f.name: f.clean(data.get(f.name)) for f in t.fields}
        ctx = Context(user=user, comment=comment, data=cleaned, transition=t, from_state=current)
        self._check_separation(obj, t, user)
        for guard in t.guards:
            try:
                guard(obj, ctx)
            except ServiceError as err:
                # A refusal names the clause of the transition's rule (制度依據).
                if t.rule and "依據《" not in err.message:
                    from app.core.rules import cited

                    err.message = cited(err.message, t.rule)
                    err.args = (err.message,)
                raise
        # Compare-and-set: only one of two concurrent requests sees the old state.
        result = db.session.execute(
            update(self.model)
            .where(pk_col == pk, getattr(self.model, self.state_field) == current)
            .values({self.state_field: t.target})
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            db.session.rollback()
            raise Conflict(str(_l("The record was changed by someone else; reload and retry")))
        set_committed_value(obj, self.state_field, t.target)
        for fname, value in cleaned.items():
            if hasattr(obj, fname):
                setattr(obj, fname, value)
        if cleaned:
            from app.core.write_scope import check_foreign_keys

            try:
                check_foreign_keys(obj, is_new=False, columns=set(cleaned),
                                   labels={f.name: f.label for f in t.fields})
            except Invalid:
                db.session.rollback()
                raise
        if t.effect:
            t.effect(obj, ctx)
        actor = {"actor_id": None, "actor_name": "system"} if system else {}
        audit.write(db.session, audit.ACTION_TRANSITION, self.resource, pk, **actor,
                    from_state=current, to_state=t.target, comment=comment or None,
                    changes={"transition": t.name, **{k: audit._plain(v) for k, v in
                                                      cleaned.items()}})
        follow = t.then(obj, ctx) if t.then else None
        if follow:
            self.run(pk, follow, comment=str(self.get(follow).label), commit=False, system=True)
        if commit:
            try:
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
        return obj

    def _check_separation(self, obj, t: Transition, user) -> None:
        if not t.not_by or user is None:
            return
        pk = obj.__mapper__.primary_key_from_instance(obj)[0]
        seen = set()
        for actor_id, tname in self.transition_history(pk):
            if tname in t.not_by and tname not in seen:
                seen.add(tname)
                if actor_id == user.id:
                    from app.core.rules import cited

                    message = _l("Separation of duties: you cannot %(action)s a record you "
                                 "handled yourself", action=t.label)
                    raise Forbidden(cited(message, t.rule) if t.rule else str(message))

    def transition_history(self, pk) -> list[tuple[int | None, str | None]]:
        """(actor id, transition name) of the record's transitions, newest first; kept for
        the request (every button and inbox row asks; an audit write forgets it)."""
        key = (self.resource, str(pk))
        return remembered("transitions", key, lambda: self._load_history([pk])[key[1]])

    def remember_history(self, pks) -> None:
        """Load the transition history of many records in one query (an inbox section)."""
        found = self._load_history(pks)
        remember("transitions", {(self.resource, k): v for k, v in found.items()})

    def _load_history(self, pks) -> dict[str, list]:
        ids = [str(p) for p in pks]
        out: dict[str, list] = {i: [] for i in ids}
        if not ids:
            return out
        rows = db.session.execute(
            select(AuditLog.record_id, AuditLog.actor_id, AuditLog.changes)
            .where(AuditLog.resource == self.resource, AuditLog.record_id.in_(ids),
                   AuditLog.action == audit.ACTION_TRANSITION)
            .order_by(AuditLog.id.desc())).all()
        for record_id, actor_id, changes in rows:
            out[record_id].append((actor_id, (changes or {}).get("transition")))
        return out


REGISTRY: dict[str, Workflow] = {}


def workflow_for(resource: str) -> Workflow:
    try:
        return REGISTRY[resource]
    except KeyError:
        raise NotFound(str(_l("No workflow for %(resource)s", resource=resource))) from None

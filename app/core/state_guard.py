"""Only the workflow engine writes states (issue 9): a flush that changes a declared state
column of an existing row through the ORM is refused.

The engine moves a state with a compare-and-set UPDATE and records it with
``set_committed_value``, so its changes never show as attribute history; any other code that
assigns ``record.status = ...`` on a persistent row is a bypass of permissions, guards and the
transition log. New rows may start in any state their service gives them.
"""
from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.core.errors import Conflict


class StateWriteRefused(Conflict):
    """A declared state column was changed outside the workflow engine: a bug in the code
    that tried, answered 409 (never a 500) where a request reached it."""


def _before_flush(session, flush_context, instances) -> None:
    from app.core.workflow import REGISTRY

    if not session.dirty:
        return
    by_model = {wf.model: wf for wf in REGISTRY.values()}
    for obj in session.dirty:
        wf = by_model.get(type(obj))
        if wf is None:
            continue
        hist = inspect(obj).attrs[wf.state_field].history
        # An expired attribute keeps no old value: any assignment counts as a change.
        if hist.added and (not hist.deleted or hist.added[0] != hist.deleted[0]):
            old = hist.deleted[0] if hist.deleted else "?"
            raise StateWriteRefused(
                f"{wf.resource}.{wf.state_field}: {old} → {hist.added[0]} outside "
                f"the workflow engine; take a transition (app/core/workflow.py)")


if not event.contains(Session, "before_flush", _before_flush):
    event.listen(Session, "before_flush", _before_flush)

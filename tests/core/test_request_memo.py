"""Answers kept for the request (app/core/request_memo.py): the inbox asks who the current
employee is, who reviews each client and who handled each record once per request, not once
per row — and an audited change within the request makes it ask again."""
from __future__ import annotations

from app.clients.models import Client
from app.core import audit, inbox
from app.core.request_memo import forget, remember, remembered
from app.core.scope import unscoped
from app.extensions import db
from tests.clients.conftest import new_client
from tests.core.test_perf_request_cost import _statements


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_request_computes_once_per_key(app):
    calls, compute = _counter()
    with app.test_request_context("/"):
        assert remembered("x", 1, compute) == 1
        assert remembered("x", 1, compute) == 1
        assert remembered("x", 2, compute) == 2
        remember("x", {3: "batch"})
        assert remembered("x", 3, compute) == "batch"
        forget()
        assert remembered("x", 1, compute) == 3
    with app.test_request_context("/"):  # the next request starts empty
        assert remembered("x", 1, compute) == 4


def test_outside_a_request_nothing_is_kept(app, monkeypatch):
    # pytest-flask wraps each test in a request context: act as a job or the shell would.
    monkeypatch.setattr("app.core.request_memo.has_request_context", lambda: False)
    calls, compute = _counter()
    with app.app_context():
        remembered("x", 1, compute)
        remembered("x", 1, compute)
    assert len(calls) == 2


def test_an_audit_row_makes_the_request_ask_again(app):
    calls, compute = _counter()
    with app.test_request_context("/"):
        remembered("x", 1, compute)
        audit.write(db.session, "export", "client", None)
        db.session.rollback()
        remembered("x", 1, compute)
    assert len(calls) == 2


def _inbox_statements(app, c) -> int:
    resp, seen = _statements(app, c, "/inbox/")
    assert resp.status_code == 200
    return len(seen)


def test_the_review_inbox_costs_the_same_for_2_or_12_clients(app, client_as):
    """Before: four statements per client (its submitter, the store's front line, the
    reviewer's employee id, its transition history) and two more per owner select."""
    c = client_as("th_mm_head")
    with app.app_context():
        first = [new_client(status="pending_review", matchmaker=None) for _ in range(2)]
    c.get("/inbox/")
    few = _inbox_statements(app, c)
    with app.app_context():
        more = [new_client(status="pending_review", matchmaker=None) for _ in range(10)]
    html = c.get("/inbox/").get_data(as_text=True)
    for pk in first + more:
        assert f'/clientview/transition/{pk}/approve' in html
    assert _inbox_statements(app, c) == few
    with app.app_context(), unscoped():
        for pk in first + more:
            db.session.delete(db.session.get(Client, pk))
        db.session.commit()


def test_separation_of_duties_still_holds_within_one_request(app, as_user):
    """The history kept for the request is forgotten when the request takes a step: a head
    who submits a client is not offered its review afterwards, in the same request."""
    from app.clients.workflows import CLIENT_WORKFLOW as wf

    with app.app_context():
        pk = new_client(status="lead", matchmaker="th_mm1")
    with as_user("th_mm_head"):
        before = wf.transition_history(pk)
        wf.run(pk, "submit")
        assert len(wf.transition_history(pk)) == len(before) + 1
        offered = {i.pk for s in inbox.pending() if s.resource == "client" for i in s.items}
    assert pk not in offered

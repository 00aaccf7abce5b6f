"""Client transitions, table-driven (DESIGN §1), and mark_matched for the match lifecycle."""
import pytest
from flask_babel import gettext
from sqlalchemy import select

from app.clients.models import Client
from app.clients.workflows import CLIENT_WORKFLOW as WF
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.models import AuditLog
from app.core.scope import unscoped
from app.extensions import db
from tests.clients.conftest import new_client

CASES = [
    # user, start, transition, comment, expected new state or error
    ("th_mm1", "lead", "submit", "", "pending_review"),
    ("th_cs1", "lead", "submit", "", "pending_review"),  # 客服 pass their store's forms on
    ("yx_cs1", "lead", "submit", "", NotFound),          # another store's client
    ("th_mm1", "active", "submit", "", Conflict),
    ("th_mm_head", "pending_review", "approve", "", "active"),
    ("th_mm1", "pending_review", "approve", "", Forbidden),  # matchmakers do not approve
    ("th_mm_head", "lead", "approve", "", Conflict),
    ("th_mm_head", "pending_review", "reject", "缺少照片", "lead"),
    ("th_mm_head", "pending_review", "reject", "", Invalid),  # comment required
    ("th_mm1", "active", "pause", "出差三個月", "paused"),
    ("th_mm1", "active", "pause", "", Invalid),
    ("th_mm1", "paused", "resume", "", "active"),
    ("th_mm1", "paused", "close", "客戶退會", "closed"),
    ("th_mm1", "matched", "close", "結婚", "closed"),
    ("th_mm1", "closed", "close", "x", Conflict),
    ("th_mm1", "lead", "close", "", Invalid),
    ("yx_mm_head", "pending_review", "approve", "", NotFound),  # other store
    ("boss", "pending_review", "approve", "", Forbidden),        # reads all, approves none
    ("th_mm1", "active", "match", "", NotFound),                 # matched is not a transition
]


@pytest.mark.rule("000.clients.review_approval")
@pytest.mark.parametrize("user,start,name,comment,expected", CASES)
def test_transition_table(app, as_user, user, start, name, comment, expected):
    with app.app_context():
        pk = new_client(status=start)
    with as_user(user):
        if isinstance(expected, str):
            obj = WF.run(pk, name, comment=comment)
            assert obj.status == expected
        else:
            with pytest.raises(expected):
                WF.run(pk, name, comment=comment)
            db.session.rollback()
            with unscoped():
                assert db.session.get(Client, pk).status == start


@pytest.mark.rule("000.clients.review_complete")
def test_submit_lists_missing_fields(app, as_user):
    with app.app_context():
        pk = new_client(status="lead", height_cm=None, education=None)
    with as_user("th_mm1"):
        with pytest.raises(Invalid) as err:
            WF.run(pk, "submit")
        assert err.value.details["missing"] == [gettext("Height (cm)"), gettext("Education")]


@pytest.mark.rule("000.clients.review_approval")
def test_approve_not_by_submitter(app, as_user):
    with app.app_context():
        pk = new_client(status="lead", matchmaker="th_mm_head")
    with as_user("th_mm_head"):
        WF.run(pk, "submit")
    with as_user("th_mm_head"):
        with pytest.raises(Forbidden):
            WF.run(pk, "approve")
    with as_user("th_manager"):
        assert WF.run(pk, "approve").status == "active"


def test_transition_via_rest_returns_state_and_409(app, api_as):
    pk = new_client(status="lead")
    api = api_as("th_mm1")
    resp = api.post(f"/api/v1/client/{pk}/transition/submit", json={})
    assert resp.status_code == 200 and resp.json["state"] == "pending_review"
    assert api.post(f"/api/v1/client/{pk}/transition/submit", json={}).status_code == 409
    assert api.post(f"/api/v1/client/{pk}/transition/pause", json={}).status_code == 409


def test_state_is_read_only_in_rest(app, api_as, db_session):
    pk = new_client(status="lead")
    api_as("th_mm1").put(f"/api/v1/client/{pk}", json={"status": "active"})
    db_session.expire_all()
    assert db_session.get(Client, pk).status == "lead"


def test_mark_matched(app, db_session):
    from app.clients.services import mark_matched

    a, b, closed = new_client(), new_client(gender="M"), new_client(status="closed")
    assert sorted(mark_matched([a, b, closed])) == sorted([a, b])
    db_session.commit()
    assert db_session.get(Client, a).status == "matched"
    assert db_session.get(Client, closed).status == "closed"
    assert mark_matched([a]) == []  # idempotent
    row = db_session.scalars(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(a),
        AuditLog.to_state == "matched")).one()
    assert row.from_state == "active"


def test_inbox_shows_pending_review_to_the_head(app, as_user):
    from app.core import inbox

    with app.app_context():
        pk = new_client(status="pending_review")
    with as_user("th_mm_head"):
        # Other modules may add sections about clients too (e.g. follow-ups due).
        pending = {i.pk for s in inbox.pending() if s.resource == "client" for i in s.items}
        assert pk in pending

"""The workflow engine, table-driven on the test-only Widget model."""
import pytest
from sqlalchemy import select

from app.core import audit
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.models import AuditLog
from app.core.scope import unscoped
from app.extensions import db
from tests import factories
from tests.core.widget import WIDGET_WORKFLOW as WF
from tests.core.widget import Widget


def make_widget(dept="TH-MM", status="draft", amount=10, created_by="th_mm1"):
    w = Widget(name=f"w{factories.nextval()}", amount=amount, status=status,
               department_id=factories.department(dept).id,
               created_by_id=factories.user(created_by).id)
    db.session.add(w)
    db.session.commit()
    return w.id


# (user, start state, transition, data, expected outcome: new state or error type)
CASES = [
    ("th_mm1", "draft", "submit", {}, "submitted"),
    ("th_mm_head", "draft", "submit", {}, "submitted"),
    ("th_mm1", "submitted", "submit", {}, Conflict),
    ("th_mm1", "submitted", "approve", {"comment": "ok"}, Forbidden),   # no permission
    ("th_mm_head", "submitted", "approve", {"comment": "同意"}, "approved"),
    ("th_mm_head", "submitted", "approve", {}, Invalid),               # comment required
    ("th_mm_head", "draft", "approve", {"comment": "x"}, Conflict),    # wrong state
    ("th_mm_head", "submitted", "reject", {"comment": "資料不全"}, "rejected"),
    ("th_mm1", "rejected", "revise", {}, "draft"),
    ("th_mm_head", "approved", "rate", {"rating": "4"}, "approved"),
    ("th_mm_head", "approved", "rate", {"rating": "9"}, Invalid),       # out of range
    ("th_mm_head", "approved", "rate", {"rating": "abc"}, Invalid),
    ("th_mm_head", "approved", "cancel", {}, Conflict),
    ("th_mm_head", "submitted", "cancel", {}, "cancelled"),
    ("yx_mm_head", "submitted", "approve", {"comment": "x"}, NotFound),  # other store
    ("hr", "draft", "submit", {}, Forbidden),                         # all scope, no perm
    ("th_mm_head", "draft", "no_such_step", {}, NotFound),
]


@pytest.mark.parametrize("username,start,name,data,expected", CASES)
def test_transition_table(app, as_user, username, start, name, data, expected):
    with app.app_context():
        pk = make_widget(status=start)
    with as_user(username):
        comment = data.pop("comment", "") if isinstance(data, dict) else ""
        if isinstance(expected, str):
            obj = WF.run(pk, name, comment=comment, data=dict(data))
            assert obj.status == expected
            row = db.session.scalars(select(AuditLog).where(
                AuditLog.resource == "widget", AuditLog.record_id == str(pk),
                AuditLog.action == audit.ACTION_TRANSITION)).all()[-1]
            assert (row.from_state, row.to_state) == (start, expected)
            assert row.actor_name == username
        else:
            with pytest.raises(expected):
                WF.run(pk, name, comment=comment, data=dict(data))
            db.session.rollback()
            with unscoped():
                assert db.session.get(Widget, pk).status == start  # nothing half-written


def test_guard_blocks_and_writes_nothing(app, as_user):
    with app.app_context():
        pk = make_widget(amount=0)
    with as_user("th_mm1"):
        with pytest.raises(Invalid):
            WF.run(pk, "submit")
        db.session.rollback()
        assert db.session.get(Widget, pk).status == "draft"


def test_separation_of_duties_not_by_submitter(app, as_user):
    with app.app_context():
        pk = make_widget()
    with as_user("th_mm_head"):
        WF.run(pk, "submit")
    with as_user("th_mm_head"):
        with pytest.raises(Forbidden):
            WF.run(pk, "approve", comment="自己審批")
    with as_user("th_manager"):  # heads the store: another person may approve
        assert WF.run(pk, "approve", comment="同意").status == "approved"


def test_transition_fields_are_stored(app, as_user):
    with app.app_context():
        pk = make_widget(status="approved")
    with as_user("th_mm_head"):
        WF.run(pk, "rate", data={"rating": 5})
        assert db.session.get(Widget, pk).rating == 5


def test_declaration_rejects_unknown_states():
    from app.core.workflow import Transition, Workflow

    with pytest.raises(ValueError):
        Workflow(resource="bad", model=Widget, initial="a", states={"a": "A"},
                 transitions=[Transition("go", ("a",), "nowhere", "Go")])


def test_inbox_lists_only_what_user_may_take(app, as_user):
    from app.core import inbox

    with app.app_context():
        mine = make_widget(status="submitted", dept="TH-MM")
        other_store = make_widget(status="submitted", dept="YX-MM", created_by="yx_mm1")
    with as_user("th_mm_head"):
        sections = {s.resource: s for s in inbox.pending()}
        ids = {i.pk for i in sections["widget"].items}
        assert mine in ids and other_store not in ids
    with as_user("th_mm1"):  # may submit, not approve: submitted widgets are not theirs to act on
        sections = {s.resource: s for s in inbox.pending()}
        ids = {i.pk for i in sections["widget"].items} if "widget" in sections else set()
        assert mine not in ids

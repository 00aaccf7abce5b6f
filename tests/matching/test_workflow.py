"""Match transitions, table-driven; the candidate's side answers; a race gives one 409."""
import threading

import pytest
from sqlalchemy import select

from app.clients.models import Client
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.scope import unscoped
from app.extensions import db
from app.matching.models import Match, Meeting
from app.matching.workflows import MATCH_WORKFLOW as WF
from tests.matching.helpers import make_match, make_meeting, pair

# (user, start, transition, data, expected). The match: th_mm1's client × yx_mm1's client.
CASES = [
    ("th_mm1", "proposed", "contact", {}, "contacted"),
    ("th_mm1", "contacted", "contact", {}, Conflict),
    ("yx_mm1", "contacted", "accept", {}, "accepted"),
    ("th_mm1", "contacted", "accept", {}, Forbidden),           # not the candidate's side
    ("yx_mm_head", "contacted", "accept", {}, "accepted"),      # head covering the candidate
    ("th_mm_head", "contacted", "accept", {}, Forbidden),       # head of the other side
    ("yx_mm1", "contacted", "decline", {}, Invalid),            # comment required
    ("yx_mm1", "contacted", "decline", {"comment": "對方暫不考慮"}, "declined"),
    ("yx_mm1", "proposed", "accept", {}, Conflict),
    ("th_mm1", "accepted", "schedule", {}, Invalid),            # no meeting, no time/place
    ("th_mm1", "accepted", "schedule", {"meeting_time": "明天", "place": "x"}, Invalid),
    ("th_mm1", "accepted", "schedule",
     {"meeting_time": "2026-05-01 19:30", "place": "天河城星巴克"}, "meeting_scheduled"),
    ("th_mm1", "meeting_scheduled", "meet", {}, "met"),
    ("th_mm1", "met", "date", {}, "dating"),
    ("th_mm1", "dating", "commit", {}, "relationship"),
    ("th_mm1", "relationship", "marry", {}, "married"),
    ("th_mm1", "married", "end", {"comment": "x"}, Conflict),
    ("th_mm1", "dating", "end", {}, Invalid),
    ("th_mm1", "dating", "end", {"comment": "雙方性格不合"}, "ended"),
    ("th_cs1", "proposed", "contact", {}, NotFound),            # out of scope
    ("th_mm2", "proposed", "contact", {}, NotFound),
    ("boss", "proposed", "contact", {}, Forbidden),             # sees all, may not act
]


@pytest.mark.rule("000.matching.candidate_consent", "000.matching.meeting_time_place")
@pytest.mark.parametrize("username,start,name,data,expected", CASES)
def test_match_transitions(app, as_user, username, start, name, data, expected):
    with app.app_context():
        pk = make_match(status=start).id
    data = dict(data)
    comment = data.pop("comment", "")
    with as_user(username):
        if isinstance(expected, str):
            assert WF.run(pk, name, comment=comment, data=data).status == expected
        else:
            with pytest.raises(expected):
                WF.run(pk, name, comment=comment, data=data)
            db.session.rollback()
            with unscoped():
                assert db.session.get(Match, pk).status == start


@pytest.mark.rule("000.matching.meeting_time_place")
def test_schedule_creates_meeting_and_meet_marks_it_held(app, as_user):
    with app.app_context():
        pk = make_match(status="accepted").id
    with as_user("th_mm1"):
        WF.run(pk, "schedule", data={"meeting_time": "2026-05-01T19:30", "place": "正佳廣場"})
        WF.run(pk, "meet")
    meetings = db.session.scalars(select(Meeting).where(Meeting.match_id == pk)).all()
    assert [(m.place, m.status) for m in meetings] == [("正佳廣場", "held")]


def test_schedule_with_an_existing_meeting(app, as_user):
    with app.app_context():
        m = make_match(status="accepted")
        make_meeting(m)
        pk = m.id
    with as_user("th_mm1"):
        assert WF.run(pk, "schedule").status == "meeting_scheduled"


def test_commit_marks_both_clients_matched(app, as_user):
    with app.app_context():
        m = make_match(status="dating")
        pk, ids = m.id, (m.client_id, m.candidate_id)
    with as_user("th_mm1"):
        WF.run(pk, "commit")
    db.session.expire_all()
    assert [db.session.get(Client, i).status for i in ids] == ["matched", "matched"]


def test_ending_a_relationship_returns_both_clients_to_matching(app, as_user):
    with app.app_context():
        m = make_match(status="dating")
        pk, ids = m.id, (m.client_id, m.candidate_id)
    with as_user("th_mm1"):
        WF.run(pk, "commit")
        WF.run(pk, "end", comment="分手")
    db.session.expire_all()
    with unscoped():
        assert [db.session.get(Client, i).status for i in ids] == ["active", "active"]


def test_ending_one_match_keeps_a_client_held_by_another_relationship(app, as_user):
    with app.app_context():
        first = make_match(status="dating")
        client_id = first.client_id
        with unscoped():
            client = db.session.get(Client, client_id)
        second = make_match(client, pair()[1], status="dating")
        pks = first.id, second.id
    with as_user("th_mm1"):
        WF.run(pks[0], "commit")
        WF.run(pks[1], "commit")
        WF.run(pks[1], "end", comment="分手")
    db.session.expire_all()
    with unscoped():
        assert db.session.get(Client, client_id).status == "matched"


@pytest.mark.rule("000.matching.candidate_consent")
def test_rest_transition_and_candidate_side(app, api_as):
    with app.app_context():
        pk = make_match(status="contacted").id
    r = api_as("th_mm1").post(f"/api/v1/match/{pk}/transition/accept", json={})
    assert r.status_code == 403
    r = api_as("yx_mm1").post(f"/api/v1/match/{pk}/transition/accept", json={})
    assert r.status_code == 200 and r.json["state"] == "accepted"


def test_two_accepts_at_once_one_wins(app, api_as):
    with app.app_context():
        pk = make_match(status="contacted").id
    clients = [api_as("yx_mm1"), api_as("yx_mm_head")]  # both may answer for the candidate
    barrier = threading.Barrier(len(clients))
    results = []

    def accept(api):
        barrier.wait()
        r = api.post(f"/api/v1/match/{pk}/transition/accept", json={})
        results.append(r.status_code)

    threads = [threading.Thread(target=accept, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [200, 409]

"""Follow-ups move last_followup_at; the overdue list; event capacity, duplicates, attendance."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from app.clients.models import Client
from app.extensions import db
from app.matching.models_event import Event, EventSignup
from app.matching.models_followup import FollowUp
from tests import factories
from tests.matching.helpers import make_followup


def test_rest_followup_updates_last_followup_at(app, api_as):
    with app.app_context():
        c = factories.make_client(matchmaker="th_mm1")
        cid = c.id
    r = api_as("th_mm1").post("/api/v1/followup/", json={
        "client_id": cid, "channel": "wechat", "content": "微信回訪：見面感覺不錯",
        "next_due": (dt.date.today() + dt.timedelta(days=7)).isoformat()})
    assert r.status_code == 201, r.json
    db.session.expire_all()
    client = db.session.get(Client, cid)
    f = db.session.get(FollowUp, r.json["id"])
    assert client.last_followup_at == f.followed_at
    assert f.department_id == client.department_id and f.matchmaker_id == client.matchmaker_id


def test_ui_followup_updates_last_followup_at(app, client_as):
    with app.app_context():
        cid = factories.make_client(matchmaker="th_mm1").id
    r = client_as("th_mm1").post("/followupview/add", data={
        "client": cid, "channel": "phone", "content": "電話回訪",
        "next_due": (dt.date.today() + dt.timedelta(days=7)).isoformat()})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    db.session.expire_all()
    assert db.session.get(Client, cid).last_followup_at is not None


def test_bad_followups_are_422_and_write_nothing(app, api_as):
    with app.app_context():
        mine = factories.make_client(matchmaker="th_mm1").id
        other = factories.make_client("YX-MM", matchmaker="yx_mm1").id
        before = db.session.scalar(select(func.count(FollowUp.id)))
    api = api_as("th_mm1")
    for body in ({"client_id": mine, "channel": "fax", "content": "x"},
                 {"client_id": mine, "channel": "phone", "content": " "},
                 {"client_id": other, "channel": "phone", "content": "越權"},
                 {"client_id": mine, "channel": "phone", "content": "x",
                  "next_due": "2000-01-01"}):
        r = api.post("/api/v1/followup/", json=body)
        assert r.status_code == 422, (body, r.json)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(FollowUp.id))) == before
    assert db.session.get(Client, mine).last_followup_at is None


@pytest.mark.rule("000.matching.followup_due", "002.matching.followup_due")
def test_overdue_list_per_matchmaker(app, api_as, client_as):
    today = dt.date.today()
    with app.app_context():
        late = factories.make_client(matchmaker="th_mm1")
        done = factories.make_client(matchmaker="th_mm1")
        yx = factories.make_client("YX-MM", matchmaker="yx_mm1")
        overdue = make_followup(late, days_ago=20, next_due=today - dt.timedelta(days=5)).id
        make_followup(done, days_ago=20, next_due=today - dt.timedelta(days=5))
        make_followup(done, days_ago=1, next_due=today + dt.timedelta(days=10))
        other = make_followup(yx, days_ago=20, next_due=today - dt.timedelta(days=5)).id
        done_id = done.id
    body = api_as("th_mm1").get("/api/v1/followup/overdue").json
    ids = {r["id"] for r in body["result"]}
    assert overdue in ids and other not in ids
    assert not any(r["client_id"] == done_id for r in body["result"])
    assert other in {r["id"] for r in api_as("yx_mm_head").get(
        "/api/v1/followup/overdue").json["result"]}
    assert client_as("th_mm1").get("/overduefollowupview/list/").status_code == 200


def _event(capacity=2, status="open"):
    e = Event(title=f"相親會{factories.nextval()}", kind="matchmaking_party", capacity=capacity,
              place="珠江夜遊", department_id=factories.department("MKT").id, status=status,
              starts_at=dt.datetime.now() + dt.timedelta(days=10))
    db.session.add(e)
    db.session.commit()
    return e


def test_event_capacity_duplicates_and_attendance(app, api_as):
    with app.app_context():
        eid = _event(capacity=2).id
        c1, c2, c3 = (factories.make_client(matchmaker="th_mm1").id for _ in range(3))
        closed = _event(status="closed").id
    api = api_as("th_mm1")
    r1 = api.post("/api/v1/event_signup/", json={"event_id": eid, "client_id": c1})
    assert r1.status_code == 201, r1.json
    r = api.post("/api/v1/event_signup/", json={"event_id": eid, "client_id": c1})
    assert r.status_code == 422 and r.json["message"]
    assert api.post("/api/v1/event_signup/",
                    json={"event_id": eid, "client_id": c2}).status_code == 201
    r = api.post("/api/v1/event_signup/", json={"event_id": eid, "client_id": c3})
    assert r.status_code == 422 and r.json["message"]
    assert api.post("/api/v1/event_signup/",
                    json={"event_id": closed, "client_id": c3}).status_code == 422
    assert db.session.scalar(select(func.count(EventSignup.id))
                             .where(EventSignup.event_id == eid)) == 2
    # Attendance is marked by the organiser's side (Marketing / heads), not by matchmakers.
    sid = r1.json["id"]
    assert api.post(f"/api/v1/event_signup/{sid}/transition/attend").status_code == 403
    r = api_as("mkt_head").post(f"/api/v1/event_signup/{sid}/transition/attend", json={})
    assert r.status_code == 200 and r.json["state"] == "attended"
    # Events are listed company-wide; only the organiser's side may change them.
    assert api_as("yx_mm1").get(f"/api/v1/event/{eid}").status_code == 200
    r = api_as("th_mm_head").put(f"/api/v1/event/{eid}", json={"capacity": 50})
    assert r.status_code == 422

"""Meetings and follow-up true to rule book 000 (issue 10 item 4): briefing each side before
the meeting, feedback after it, how a meeting ends, feedback missing after N days, the head's
review (never of their own records), a next follow-up date for every active client."""
from __future__ import annotations

import datetime as dt

import pytest

from app.extensions import db
from app.matching.models import Match, Meeting
from tests import factories
from tests.matching.helpers import make_followup, make_match, make_meeting, pair

SOON = dt.datetime.now() + dt.timedelta(days=2)
LONG_AGO = dt.datetime.now() - dt.timedelta(days=10)


def _meeting(status="scheduled", when=SOON, **kw) -> int:
    match = make_match(*pair(), status="meeting_scheduled")
    mt = Meeting(match_id=match.id, time=when, place="天河城星巴克", status=status, **kw)
    db.session.add(mt)
    db.session.commit()
    return mt.id


def _get(mt) -> Meeting:
    db.session.expire_all()
    return db.session.get(Meeting, mt)


# --- briefing (000 客戶匹配與約見 3) -----------------------------------------------------------

@pytest.mark.rule("000.matching.briefing")
@pytest.mark.parametrize("user, body, status, expect", [
    ("th_mm1", {"side": "client", "note": "提醒準時、穿著得體"}, 200, "client"),
    ("yx_mm1", {"side": "candidate", "note": "告知見面注意事項"}, 200, "candidate"),
    ("th_mm1", {"side": "client", "note": "  "}, 422, None),
    ("th_mm1", {"side": "mother", "note": "x"}, 422, None),
    ("th_cs1", {"side": "client", "note": "x"}, 403, None),
    ("th_mm2", {"side": "client", "note": "x"}, 404, None),
])
def test_briefing_each_side(app, api_as, user, body, status, expect):
    with app.app_context():
        mt = _meeting()
    r = api_as(user).post(f"/api/v1/meeting/{mt}/brief", json=body)
    assert r.status_code == status, r.json
    m = _get(mt)
    briefed = {s for s in ("client", "candidate") if getattr(m, f"{s}_briefed_at")}
    assert briefed == ({expect} if expect else set())
    if expect:
        assert getattr(m, f"{expect}_briefing") == body["note"]


@pytest.mark.rule("000.matching.briefing")
def test_a_held_meeting_is_not_briefed(app, api_as):
    with app.app_context():
        mt = _meeting(status="held", when=LONG_AGO)
    r = api_as("th_mm1").post(f"/api/v1/meeting/{mt}/brief",
                              json={"side": "client", "note": "x"})
    assert r.status_code == 409


@pytest.mark.rule("000.matching.briefing")
def test_unbriefed_upcoming_meetings_are_listed_until_both_sides_are_briefed(app, client_as,
                                                                            api_as):
    with app.app_context():
        mt = _meeting()
    page = client_as("th_mm1")
    listed = page.get("/unbriefedmeetingview/list/").get_data(as_text=True)
    assert f"/show/{mt}\"" in listed and "在約見前" in listed
    inbox = page.get("/inbox/").get_data(as_text=True)
    assert f"/meetingview/brief/{mt}" in inbox
    # Briefing from the inbox form returns to the inbox.
    r = page.post(f"/meetingview/brief/{mt}", data={"side": "client", "note": "注意事項",
                                                    "next": "/inbox/"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/inbox/")
    api_as("yx_mm1").post(f"/api/v1/meeting/{mt}/brief",
                          json={"side": "candidate", "note": "注意事項"})
    listed = page.get("/unbriefedmeetingview/list/").get_data(as_text=True)
    assert f"/show/{mt}\"" not in listed


# --- feedback after the meeting (見面服務與跟進 3, 4) -------------------------------------------

FEEDBACK = {"client_feedback": "對方談吐得體", "client_rating": 4, "client_wishes_continue": True,
            "candidate_feedback": "感覺不錯", "candidate_rating": 5,
            "candidate_wishes_continue": False, "guidance": "建議下次約在戶外，多聊興趣"}


@pytest.mark.rule("000.matching.meeting_feedback")
@pytest.mark.rule("000.matching.guidance")
def test_feedback_records_impression_wishes_and_guidance(app, api_as):
    with app.app_context():
        future = _meeting()
        held = _meeting(status="held", when=LONG_AGO)
    api = api_as("th_mm1")
    r = api.put(f"/api/v1/meeting/{future}", json=FEEDBACK)
    assert r.status_code == 422, r.json  # not before the meeting
    r = api.put(f"/api/v1/meeting/{held}", json=FEEDBACK)
    assert r.status_code == 200, r.json
    m = _get(held)
    assert (m.client_wishes_continue, m.candidate_wishes_continue) == (True, False)
    assert m.guidance == FEEDBACK["guidance"] and m.feedback_complete


@pytest.mark.rule("000.matching.meeting_feedback")
@pytest.mark.parametrize("fields, flagged", [
    ({}, True),
    ({"client_feedback": "好", "client_wishes_continue": True}, True),
    ({k: v for k, v in FEEDBACK.items() if k != "guidance"}, False),
])
def test_meetings_missing_feedback_after_n_days_are_flagged(app, client_as, fields, flagged):
    with app.app_context():
        mt = _meeting(status="held", when=LONG_AGO, **fields)
        recent = _meeting(status="held", when=dt.datetime.now() - dt.timedelta(hours=5))
    page = client_as("th_mm1")
    listed = page.get("/missingfeedbackmeetingview/list/").get_data(as_text=True)
    assert (f"/show/{mt}\"" in listed) is flagged
    assert f"/show/{recent}\"" not in listed  # inside the N days
    inbox = page.get("/inbox/").get_data(as_text=True)
    assert (f"/meetingview/edit/{mt}" in inbox) is flagged


# --- how a meeting ends: held / no-show / cancelled (a declared workflow) ------------------

@pytest.mark.parametrize("name, body, code, state", [
    ("hold", {}, 200, "held"),
    ("no_show", {}, 422, "scheduled"),
    ("no_show", {"comment": "男方未到"}, 200, "no_show"),
    ("cancel", {}, 422, "scheduled"),
    ("cancel", {"comment": "女方出差"}, 200, "cancelled"),
    ("marry", {}, 404, "scheduled"),
])
def test_a_meeting_ends_held_no_show_or_cancelled(app, api_as, name, body, code, state):
    with app.app_context():
        mt = _meeting()
    r = api_as("th_mm1").post(f"/api/v1/meeting/{mt}/transition/{name}", json=body)
    assert r.status_code == code, r.json
    assert _get(mt).status == state


# --- the head's review (紅娘主管 審核紅娘服務流程) ---------------------------------------------

@pytest.mark.rule("000.matching.supervisor_review")
@pytest.mark.parametrize("user, comment, own, code", [
    ("th_mm_head", "流程完整，跟進及時", False, 200),
    ("th_mm_head", "", False, 422),
    ("th_mm_head", "自己的記錄", True, 403),
    ("th_mm1", "紅娘不能審核", False, 403),
    ("yx_mm_head", "別店主管", False, 200),
])
@pytest.mark.parametrize("resource", ["match", "meeting"])
def test_head_reviews_a_match_or_meeting_never_their_own(app, api_as, user, comment, own,
                                                         code, resource):
    with app.app_context():
        left = ("TH-MM", "th_mm_head") if own else ("TH-MM", "th_mm1")
        match = make_match(*pair(left=left), status="meeting_scheduled")
        pk = match.id if resource == "match" else make_meeting(match).id
    r = api_as(user).post(f"/api/v1/{resource}/{pk}/review", json={"comment": comment})
    assert r.status_code == code, r.json
    model = Match if resource == "match" else Meeting
    db.session.expire_all()
    row = db.session.get(model, pk)
    assert (row.review_comment == comment) is (code == 200)
    if code == 200:
        assert row.reviewed_by_id == factories.employee_of(user).id
    if own:
        assert "審核紅娘服務流程" in r.json["message"]


@pytest.mark.rule("000.matching.supervisor_review")
def test_review_form_is_offered_only_to_whoever_may_take_it(app, client_as):
    with app.app_context():
        theirs = make_match(*pair()).id
        own = make_match(*pair(left=("TH-MM", "th_mm_head"))).id
    head = client_as("th_mm_head")
    assert "yl-review-form" in head.get(f"/matchview/show/{theirs}").get_data(as_text=True)
    assert "yl-review-form" not in head.get(f"/matchview/show/{own}").get_data(as_text=True)
    mm = client_as("th_mm1").get(f"/matchview/show/{theirs}").get_data(as_text=True)
    assert "yl-review-form" not in mm


# --- every active client has a next follow-up date ---------------------------------------

@pytest.mark.rule("000.matching.next_followup")
def test_a_follow_up_of_an_active_client_names_the_next_date(app, api_as):
    with app.app_context():
        c = factories.make_client("TH-MM", matchmaker="th_mm1").id
    api = api_as("th_mm1")
    body = {"client_id": c, "channel": "phone", "content": "電話回訪"}
    r = api.post("/api/v1/followup/", json=body)
    assert r.status_code == 422 and "定期回訪" in r.json["message"], r.json
    past = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    assert api.post("/api/v1/followup/", json={**body, "next_due": past}).status_code == 422
    soon = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    assert api.post("/api/v1/followup/", json={**body, "next_due": soon}).status_code == 201


@pytest.mark.rule("000.matching.next_followup")
def test_active_clients_without_a_next_follow_up_are_listed(app, client_as):
    with app.app_context():
        none = factories.make_client("TH-MM", matchmaker="th_mm1")
        past = factories.make_client("TH-MM", matchmaker="th_mm1")
        make_followup(past, next_due=dt.date.today() - dt.timedelta(days=1))
        planned = factories.make_client("TH-MM", matchmaker="th_mm1")
        make_followup(planned, next_due=dt.date.today() + dt.timedelta(days=7))
        paused = factories.make_client("TH-MM", matchmaker="th_mm1", status="paused")
        ids = none.id, past.id, planned.id, paused.id
    body = client_as("th_mm1").get("/nonextfollowup/").get_data(as_text=True)
    shown = {pk for pk in ids if f'data-pk="{pk}"' in body}
    assert shown == {ids[0], ids[1]}


@pytest.mark.rule("000.matching.next_followup")
def test_the_list_and_inbox_open_the_follow_up_form_with_the_client_chosen(app, client_as):
    with app.app_context():
        c = factories.make_client("TH-MM", matchmaker="th_mm1")
        pk, no = c.id, c.client_no
        other = factories.make_client("YX-MM", matchmaker="yx_mm1").id
    page = client_as("th_mm1")
    assert f"/followupview/add?client_id={pk}" in page.get("/nonextfollowup/").get_data(
        as_text=True)
    form = page.get(f"/followupview/add?client_id={pk}").get_data(as_text=True)
    assert f'<option value="{pk}" selected>{no}' in form
    # Another store's client is not chosen (read through scope).
    form = page.get(f"/followupview/add?client_id={other}").get_data(as_text=True)
    assert f'<option value="{other}" selected>' not in form

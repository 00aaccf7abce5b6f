"""Steps of book 000 a user could not take by clicking (found by tests/browser/
test_book000_walk.py): the accepted match is in the inbox with its time and place form; a
meeting held on its own page moves the match on; the meeting page offers the feedback form
and its match; a briefed side is not offered again."""
from __future__ import annotations

import re

from app.core.scope import unscoped
from app.extensions import db
from app.matching.models import Match, Meeting
from tests.matching.helpers import make_match, make_meeting, pair


def _inbox_row(html: str, resource: str, pk: int) -> str:
    found = re.search(rf'<table[^>]*data-resource="{resource}"[^>]*>(?:(?!</table>).)*?'
                      rf'(<tr class="yl-inbox-item" data-pk="{pk}">.*?</tr>)', html, flags=re.S)
    return found.group(1) if found else ""


def _status(model, pk) -> str:
    with unscoped():
        db.session.expire_all()
        return db.session.get(model, pk).status


def test_accepted_match_is_arranged_from_the_inbox(app, client_as):
    with app.app_context():
        match_id = make_match(*pair(), status="accepted").id
    page = client_as("th_mm1")
    html = page.get("/inbox/").get_data(as_text=True)
    row = _inbox_row(html, "match", match_id)
    assert f'action="/matchview/transition/{match_id}/schedule"' in row, "not in the inbox"
    assert 'name="meeting_time"' in row and 'name="place"' in row
    # The time is picked with the browser's date-time picker, labelled in the user's words.
    assert re.search(r'<input type="datetime-local"[^>]*name="meeting_time"[^>]*title="约见时间"',
                     row), row
    r = page.post(f"/matchview/transition/{match_id}/schedule",
                  data={"meeting_time": "2030-13-01T19:30", "place": "天河城咖啡馆",
                        "next": "/inbox/"})
    assert r.status_code == 302  # refused with the reason, nothing written
    assert "约见时间格式应如" in page.get("/inbox/").get_data(as_text=True)
    assert "待安排的约见" in html
    r = page.post(f"/matchview/transition/{match_id}/schedule",
                  data={"meeting_time": "2030-05-01 19:30", "place": "天河城咖啡馆",
                        "next": "/inbox/"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/inbox/")
    assert _status(Match, match_id) == "meeting_scheduled"
    html = page.get("/inbox/").get_data(as_text=True)
    assert f"/matchview/transition/{match_id}/schedule" not in html


def test_schedule_is_not_offered_to_outsiders(app, client_as):
    with app.app_context():
        match_id = make_match(*pair(), status="accepted").id
    for user in ("th_mm2", "th_cs1"):
        html = client_as(user).get("/inbox/").get_data(as_text=True)
        assert f"/matchview/transition/{match_id}/schedule" not in html, user


def test_meeting_held_on_its_page_moves_the_match(app, client_as):
    with app.app_context():
        match = make_match(*pair(), status="meeting_scheduled")
        match_id, meeting_id = match.id, make_meeting(match).id
    r = client_as("th_mm1").post(f"/meetingview/transition/{meeting_id}/hold",
                                 data={"comment": "准时见面"})
    assert r.status_code == 302
    assert _status(Meeting, meeting_id) == "held"
    assert _status(Match, match_id) == "met"


def test_they_met_on_the_match_still_holds_the_meeting(app, client_as):
    with app.app_context():
        match = make_match(*pair(), status="meeting_scheduled")
        match_id, meeting_id = match.id, make_meeting(match).id
    client_as("th_mm1").post(f"/matchview/transition/{match_id}/meet", data={"comment": "x"})
    assert _status(Match, match_id) == "met" and _status(Meeting, meeting_id) == "held"


def test_meeting_page_offers_feedback_form_and_its_match(app, client_as):
    with app.app_context():
        match = make_match(*pair(), status="met")
        match_id, meeting_id = match.id, make_meeting(match, status="held").id
    html = client_as("th_mm1").get(f"/meetingview/show/{meeting_id}").get_data(as_text=True)
    edit = re.search(r'<a href="([^"]+)" class="[^"]*yl-edit">(.*?)</a>', html, re.S)
    assert edit and edit.group(1).endswith(f"/meetingview/edit/{meeting_id}"), html[:200]
    assert "登记见面反馈" in edit.group(2)
    assert f'href="/matchview/show/{match_id}"' in html
    # Read-only users get no edit button.
    html = client_as("auditor").get(f"/meetingview/show/{meeting_id}").get_data(as_text=True)
    assert "yl-edit" not in html


def test_briefed_side_is_not_offered_again(app, client_as):
    import datetime as dt

    with app.app_context():
        match = make_match(*pair(), status="meeting_scheduled")
        meeting_id = make_meeting(match, client_briefing="提醒准时",
                                  client_briefed_at=dt.datetime.now()).id
    html = client_as("th_mm1").get(f"/meetingview/show/{meeting_id}").get_data(as_text=True)
    form = re.search(r'<form[^>]*class="form-inline yl-brief".*?</form>', html, re.S).group(0)
    assert 'value="candidate"' in form and 'value="client"' not in form


def test_match_history_speaks_in_words(app, client_as):
    """Issue 10 item 7: History shows no raw ids, English column names or Python lists."""
    with app.app_context():
        a, b = pair()
        match_id = make_match(a, b).id
        full_name, other_mm = b.name, b.matchmaker.name
    html = client_as("th_mm1").get(f"/matchview/show/{match_id}").get_data(as_text=True)
    history = re.search(r'<table[^>]*yl-history.*?</table>', html, re.S).group(0)
    history = re.sub(r"<[^>]+>", " ", history)
    for english in ("Pair Low", "Pair High", "Candidate", "Reasons", "['"):
        assert english not in history, english
    assert "配对客户一" in history and "推荐理由" in history
    assert other_mm in history, "the other side's matchmaker by name"
    assert full_name not in history, "the candidate's full name leaks into History"


def test_feedback_form_does_not_rewrite_the_etiquette(app, client_as):
    """A browser sends the etiquette textarea back with CRLF line breaks: saving the
    feedback must not log the unchanged reminder as a change."""
    from sqlalchemy import select

    from app.core.models import AuditLog
    from app.matching.models import ETIQUETTE_DEFAULT

    with app.app_context():
        match = make_match(*pair(), status="met")
        meeting_id = make_meeting(match, status="held", etiquette=ETIQUETTE_DEFAULT).id
    r = client_as("th_mm1").post(f"/meetingview/edit/{meeting_id}", data={
        "time": "2026-05-01 19:30:00", "place": "天河城星巴克",
        "etiquette": ETIQUETTE_DEFAULT.replace("\n", "\r\n"),
        "client_feedback": "印象不错", "client_wishes_continue": "1"})
    assert r.status_code == 302, r.get_data(as_text=True)[:1000]
    with unscoped():
        db.session.expire_all()
        m = db.session.get(Meeting, meeting_id)
        assert m.client_feedback == "印象不错" and m.etiquette == ETIQUETTE_DEFAULT
        changes = db.session.scalars(select(AuditLog.changes).where(
            AuditLog.resource == "meeting", AuditLog.record_id == str(meeting_id),
            AuditLog.action == "update")).all()
    assert changes and not any("etiquette" in (c or {}) for c in changes), changes

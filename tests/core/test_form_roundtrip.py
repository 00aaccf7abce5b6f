"""Edit forms round-trip their own values: saving an untouched form changes nothing and is
accepted (issue 8: meeting times with microseconds, masked contact fields)."""
from __future__ import annotations

import datetime as dt
import re
from html import unescape

from sqlalchemy import select

from app.clients.models import Client
from app.extensions import db
from app.matching.models import Meeting
from tests import factories
from tests.matching.helpers import make_match, make_meeting, pair

_INPUT = re.compile(r'<input[^>]*?name="([^"]+)"[^>]*?>', re.S)
_VALUE = re.compile(r'value="([^"]*)"')
_TEXTAREA = re.compile(r'<textarea[^>]*?name="([^"]+)"[^>]*>(.*?)</textarea>', re.S)
_SELECT = re.compile(r'<select[^>]*?name="([^"]+)"[^>]*>(.*?)</select>', re.S)
_SELECTED = re.compile(r'<option[^>]*?selected[^>]*?value="([^"]*)"|'
                       r'<option[^>]*?value="([^"]*)"[^>]*?selected', re.S)


def form_values(html: str) -> dict[str, list[str]]:
    """What a browser would submit for an untouched form."""
    out: dict[str, list[str]] = {}
    for m in _INPUT.finditer(html):
        tag, name = m.group(0), m.group(1)
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        if 'type="submit"' in tag:
            continue
        v = _VALUE.search(tag)
        out.setdefault(name, []).append(unescape(v.group(1)) if v else "")
    for name, body in _TEXTAREA.findall(html):
        out.setdefault(name, []).append(unescape(body.strip("\n")))
    for name, body in _SELECT.findall(html):
        chosen = [a or b for a, b in _SELECTED.findall(body)]
        if chosen:
            out.setdefault(name, []).extend(unescape(c) for c in chosen)
    return out


def test_meeting_edit_form_round_trips_its_time(app, client_as):
    with app.app_context():
        match = make_match(*pair(), status="meeting_scheduled")
        meeting = make_meeting(match)
        meeting.time = dt.datetime(2026, 11, 20, 19, 30, 15, 123456)  # held: feedback is due
        db.session.commit()
        mt = meeting.id
    c = client_as("th_mm1")
    page = c.get(f"/meetingview/edit/{mt}")
    assert page.status_code == 200
    data = form_values(page.get_data(as_text=True))
    data["client_feedback"] = ["印象很好，希望繼續交往"]
    resp = c.post(f"/meetingview/edit/{mt}", data=data)
    assert resp.status_code == 302, (data, re.findall(
        r'(?:help-block|alert-danger)[^>]*>(.*?)</', resp.get_data(as_text=True), re.S))
    row = db.session.execute(select(Meeting.client_feedback, Meeting.time)
                             .where(Meeting.id == mt)).one()
    assert row.client_feedback == "印象很好，希望繼續交往"
    assert row.time.replace(microsecond=0) == dt.datetime(2026, 11, 20, 19, 30, 15)


def test_client_edit_form_keeps_the_masked_phone(app, client_as):
    with app.app_context():
        cid = factories.make_client("TH-MM", matchmaker="th_mm1", phone="13812345678").id
    c = client_as("th_mm1")
    page = c.get(f"/clientview/edit/{cid}")
    html = page.get_data(as_text=True)
    assert "138****5678" in html and "13812345678" not in html
    data = form_values(html)
    data["notes"] = ["已核實資料"]
    resp = c.post(f"/clientview/edit/{cid}", data=data)
    assert resp.status_code == 302, re.findall(r'alert-danger.*?</div>', resp.get_data(
        as_text=True), re.S)[:3]
    row = db.session.execute(select(Client.phone, Client.notes).where(Client.id == cid)).one()
    assert row.phone == "13812345678" and row.notes == "已核實資料"


def test_a_refused_meeting_edit_keeps_what_was_typed(app, client_as):
    """Feedback before the meeting is refused on the form itself, with the user's text kept."""
    with app.app_context():
        match = make_match(*pair(), status="meeting_scheduled")
        meeting = make_meeting(match)
        meeting.time = dt.datetime(2099, 12, 20, 19, 30)
        db.session.commit()
        mt = meeting.id
    c = client_as("th_mm1")
    data = form_values(c.get(f"/meetingview/edit/{mt}").get_data(as_text=True))
    data["client_feedback"] = ["還沒見面先寫的印象"]
    resp = c.post(f"/meetingview/edit/{mt}", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "還沒見面先寫的印象" in html
    row = db.session.execute(select(Meeting.client_feedback).where(Meeting.id == mt)).one()
    assert row.client_feedback is None

"""The navbar counter matches the inbox; e-mail through a local SMTP server, sent once."""
from __future__ import annotations

import datetime as dt
import re
import socket
import threading
from email import message_from_bytes, policy

import pytest

from app.dashboard import notices
from tests import factories


def _total(page: str) -> int:
    """The navbar counter of a page."""
    total = re.search(r'yl-notice-count[^"]*" data-count="(\d+)"', page)
    assert total, "no counter in the navbar"
    return int(total.group(1))


def _inbox_rows(page: str) -> int:
    """Rows of the inbox page: one state label per waiting record."""
    body = page.split('class="table table-condensed table-hover yl-inbox"')
    return sum(part.split("</table>", 1)[0].count('<span class="label label-info">')
               for part in body[1:])


@pytest.fixture(scope="module")
def overdue_work(app):
    """Overdue work in Tianhe: a follow-up of th_mm1's client (whose client also has no next
    follow-up date: the matching module's section lists it too) and a complaint past its
    deadline."""
    from app.core.scope import unscoped
    from app.extensions import db
    from app.service.models import Complaint
    from tests.matching.helpers import make_followup
    from tests.service.conftest import make_complaint

    with app.test_request_context("/"), unscoped():
        client = factories.make_client("TH-MM", matchmaker="th_mm1")
        make_followup(client, days_ago=9, next_due=dt.date.today() - dt.timedelta(days=2))
        old = dt.datetime.now() - dt.timedelta(days=40)
        complaint = make_complaint("th_cs1", status="assigned", dept="TH-MM", received_at=old)
        return {"client": client.name,
                "complaint": db.session.get(Complaint, complaint).complaint_no}


@pytest.mark.parametrize("username", ["th_mm1", "th_cs_head", "th_manager", "hr", "finance",
                                      "th_cs1", "yx_manager", "boss"])
def test_navbar_counter_equals_the_inbox(client_as, overdue_work, username):
    """The counter is the inbox's own count: on the inbox page itself, and on any other page
    (computed there or cached), whatever the role."""
    notices.clear_cache()
    c = client_as(username)
    home = _total(c.get("/").get_data(as_text=True))
    page = c.get("/inbox/").get_data(as_text=True)
    rows = _inbox_rows(page)
    assert _total(page) == rows == home
    # Every counted item is on the page without a click: no collapsed section.
    assert "collapse" not in page.split('id="yl-inbox', 1)[-1].split("</table>")[0] or rows == 0


def test_overdue_work_is_listed_once_and_only_in_scope(client_as, overdue_work):
    notices.clear_cache()
    mm1 = client_as("th_mm1").get("/inbox/").get_data(as_text=True)
    assert mm1.count(overdue_work["client"]) == 1  # its client section or the overdue one
    manager = client_as("th_manager").get("/inbox/").get_data(as_text=True)
    assert overdue_work["client"] in manager
    assert overdue_work["complaint"] in manager
    for other in ("yx_manager", "yx_mm1"):
        page = client_as(other).get("/inbox/").get_data(as_text=True)
        assert overdue_work["client"] not in page
    assert overdue_work["complaint"] not in client_as("yx_manager").get(
        "/inbox/").get_data(as_text=True)


def test_counter_rises_with_new_overdue_work_in_scope_and_links_to_the_inbox(client_as):
    """The executive reads follow-ups without writing them: no "clients without a next
    follow-up" section, the overdue one only (below its limit)."""
    from tests.matching.helpers import make_followup

    client = factories.make_client("TH-MM", matchmaker="th_mm2")
    notices.clear_cache()
    before = _total(client_as("boss").get("/").get_data(as_text=True))
    make_followup(client, days_ago=9, next_due=dt.date.today() - dt.timedelta(days=2))
    notices.clear_cache()
    page = client_as("boss").get("/").get_data(as_text=True)
    assert _total(page) == before + 1
    assert 'href="/inbox/"' in page.split('id="yl-notices"', 1)[1][:600]
    assert 'href="/inbox/#yl-inbox-' in page.split('id="yl-notices"', 1)[1]
    assert client.name in client_as("boss").get("/inbox/").get_data(as_text=True)


def test_a_full_section_says_so_and_links_to_its_list(app, as_user, monkeypatch):
    from app.core import inbox
    from app.dashboard import overdue
    from tests.matching.helpers import make_followup

    for _ in range(3):
        c = factories.make_client("TH-MM", matchmaker="th_mm1")
        make_followup(c, days_ago=9, next_due=dt.date.today() - dt.timedelta(days=3))
    monkeypatch.setattr(overdue, "LIMIT", 2)
    with as_user("boss"):
        waiting = inbox.waiting()
        section = next(s for s in waiting.sections if s.resource == "followup")
        assert len(section.items) == 2 and section.more_url
        assert waiting.more and notices.of(waiting).more


def test_counter_is_cached_per_user_for_a_few_seconds(client_as, monkeypatch):
    calls = []
    real = notices.compute
    monkeypatch.setattr(notices, "compute", lambda: calls.append(1) or real())
    notices.clear_cache()
    c = client_as("th_cs1")
    c.get("/")
    c.get("/clientview/list/")
    assert len(calls) == 1
    c.get("/inbox/")  # the inbox page counts its own rows
    assert len(calls) == 1
    notices.clear_cache()
    c.get("/")
    assert len(calls) == 2


def test_an_expired_count_is_recounted_by_one_request_at_a_time(app, client_as, monkeypatch):
    """When the TTL runs out, one request recounts; a request arriving meanwhile shows the last
    count instead of recounting too (no burst of slow pages every NOTICE_TTL seconds)."""
    notices.clear_cache()
    c = client_as("th_cs1")
    c.get("/")
    (key, (stamp, value)), = notices._CACHE.items()
    notices._CACHE[key] = (stamp - 3600, value)  # expired
    calls = []
    real = notices.compute
    monkeypatch.setattr(notices, "compute", lambda: calls.append(1) or real())
    lock = notices._LOCKS.setdefault(key, threading.Lock())
    with lock:  # another thread of this worker is recounting
        c.get("/clientview/list/")
    assert calls == []
    assert notices._CACHE[key][0] == stamp - 3600
    c.get("/clientview/list/")  # nobody recounting: this request does
    assert calls == [1] and notices._CACHE[key][0] > stamp


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp(app, monkeypatch):
    from aiosmtpd.controller import Controller

    sink = _Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    try:
        yield sink
    finally:
        controller.stop()


def _to(sink, address: str) -> list:
    return [m for m in sink.messages if address in m["To"]]


def test_mail_is_off_by_default(app):
    from app.dashboard.models import SentNotification
    from app.extensions import db

    assert app.config["MAIL_SERVER"] == ""
    before = db.session.query(SentNotification).count()
    result = app.test_cli_runner().invoke(args=["notify", "send"])
    assert result.exit_code == 0 and "mail is off" in result.output
    assert db.session.query(SentNotification).count() == before


def test_notify_send_mails_each_item_once(app, smtp):
    from app.dashboard.mail import send_all
    from tests.matching.helpers import make_followup

    client = factories.make_client("TH-MM", matchmaker="th_mm1")
    make_followup(client, days_ago=9, next_due=dt.date.today() - dt.timedelta(days=2))
    name = client.name
    report = send_all(app)
    assert any(line.startswith("th_mm1:") for line in report), report
    mine = _to(smtp, "th_mm1@yuelao.example")
    assert len(mine) == 1
    body = mine[0].get_content()
    assert name in body and str(mine[0]["Subject"])
    assert not _to(smtp, "yx_mm1@yuelao.example") or name not in \
        _to(smtp, "yx_mm1@yuelao.example")[0].get_content()

    # Safe to run twice: nothing new, nothing sent.
    sent = len(smtp.messages)
    assert send_all(app) == ["nothing new to send"]
    assert len(smtp.messages) == sent

    # New overdue work is mailed on the next run, alone.
    other = factories.make_client("TH-MM", matchmaker="th_mm1")
    make_followup(other, days_ago=5, next_due=dt.date.today() - dt.timedelta(days=1))
    other_name = other.name
    send_all(app)
    again = _to(smtp, "th_mm1@yuelao.example")
    assert len(again) == 2
    assert other_name in again[1].get_content() and name not in again[1].get_content()


def test_cli_send_reports_through_the_local_server(app, smtp):
    result = app.test_cli_runner().invoke(args=["notify", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.strip()

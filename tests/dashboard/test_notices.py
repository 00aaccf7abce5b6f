"""The navbar counter matches the inbox; e-mail through a local SMTP server, sent once."""
from __future__ import annotations

import datetime as dt
import re
import socket
from email import message_from_bytes, policy

import pytest

from app.dashboard import notices
from tests import factories

BADGE = r'class="{cls}">[^<]*<span class="badge"[^>]*data-count="(\d+)"'


def _counts(page: str) -> dict:
    total = re.search(r'yl-notice-count[^"]*" data-count="(\d+)"', page)
    assert total, "no counter in the navbar"
    out = {"total": int(total.group(1))}
    for key, cls in (("inbox", "yl-notice-inbox"), ("followups", "yl-notice-followups"),
                     ("complaints", "yl-notice-complaints")):
        m = re.search(BADGE.format(cls=cls), page)
        out[key] = int(m.group(1)) if m else 0
    return out


def _inbox_rows(page: str) -> int:
    """Rows of the inbox page: one state label per waiting record."""
    body = page.split('class="table table-condensed table-hover yl-inbox"')
    return sum(part.split("</table>", 1)[0].count('<span class="label label-info">')
               for part in body[1:])


@pytest.mark.parametrize("username", ["th_manager", "yx_manager", "th_mm1", "th_cs1", "hr",
                                      "finance", "boss"])
def test_navbar_counter_equals_the_inbox(client_as, username):
    notices.clear_cache()
    c = client_as(username)
    counts = _counts(c.get("/").get_data(as_text=True))
    assert counts["inbox"] == _inbox_rows(c.get("/inbox/").get_data(as_text=True))
    assert counts["total"] == counts["inbox"] + counts["followups"] + counts["complaints"]


def test_counter_counts_overdue_work_in_scope_and_links_to_the_inbox(client_as):
    from tests.matching.helpers import make_followup

    client = factories.make_client("TH-MM", matchmaker="th_mm1")
    notices.clear_cache()
    before = _counts(client_as("th_mm1").get("/").get_data(as_text=True))
    yx_before = _counts(client_as("yx_mm1").get("/").get_data(as_text=True))
    make_followup(client, days_ago=9, next_due=dt.date.today() - dt.timedelta(days=2))
    notices.clear_cache()
    page = client_as("th_mm1").get("/").get_data(as_text=True)
    after = _counts(page)
    assert after["followups"] == before["followups"] + 1
    assert after["total"] == before["total"] + 1
    assert 'href="/inbox/"' in page.split('id="yl-notices"', 1)[1][:400]
    notices.clear_cache()
    assert _counts(client_as("yx_mm1").get("/").get_data(as_text=True)) == yx_before


def test_counter_is_cached_per_user_for_a_few_seconds(client_as, monkeypatch):
    calls = []
    real = notices.compute
    monkeypatch.setattr(notices, "compute", lambda: calls.append(1) or real())
    notices.clear_cache()
    c = client_as("th_cs1")
    c.get("/")
    c.get("/inbox/")
    assert len(calls) == 1
    notices.clear_cache()
    c.get("/")
    assert len(calls) == 2


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

"""E-mail of what waits for each user: new inbox items and overdue work (optional).

Off unless MAIL_SERVER is set (config.py). ``flask notify send`` looks, for each active user
with an e-mail address, at what waits for them exactly as the inbox and the navbar counter
show it (approvals, overdue follow-ups, overdue complaints, in their scope), and mails the
items not mailed before. Each item sent is recorded (``sent_notification``, unique per user
and item) in the same transaction as the send: a second run, or a second server running at
the same time, sends nothing twice; a failed send records nothing and is tried again next run.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formataddr

from flask import current_app, g, url_for
from flask_babel import gettext
from flask_login import login_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import BuildError

from app.core import inbox
from app.dashboard.models import SentNotification
from app.extensions import db


def enabled(app=None) -> bool:
    return bool((app or current_app).config.get("MAIL_SERVER"))


def _link(endpoint: str | None, pk) -> str:
    if not endpoint:
        return ""
    try:
        path = url_for(f"{endpoint}.show", pk=pk)
    except BuildError:
        return ""
    return current_app.config.get("MAIL_BASE_URL", "").rstrip("/") + path


def waiting_items() -> list[tuple[str, str]]:
    """(key, line) of everything waiting for the current user (request context): the inbox's
    own entries (app/core/inbox.py ``waiting``), as the navbar counter counts them."""
    if not current_app.appbuilder.sm.has_access("can_read", "inbox"):
        return []
    out: list[tuple[str, str]] = []
    for section in inbox.pending():
        for item in section.items:
            link = _link(inbox.SHOW_ENDPOINTS.get(item.resource), item.pk)
            out.append((f"inbox:{item.resource}:{item.pk}:{item.state}",
                        f"{section.title}：{item.title}（{item.state_label}）{link}"))
    return out


def _message(user, lines: list[str]) -> EmailMessage:
    cfg = current_app.config
    msg = EmailMessage()
    msg["Subject"] = gettext("Yuelao: %(n)d new item(s) waiting for you", n=len(lines))
    msg["From"] = cfg.get("MAIL_DEFAULT_SENDER") or "yuelao@localhost"
    msg["To"] = formataddr((user.get_full_name(), user.email))
    body = [gettext("Hello %(name)s,", name=user.get_full_name()), "",
            gettext("These items wait for you:"), ""]
    body += [f"- {line}" for line in lines]
    msg.set_content("\n".join(body) + "\n")
    return msg


def _smtp():
    cfg = current_app.config
    cls = smtplib.SMTP_SSL if cfg.get("MAIL_USE_SSL") else smtplib.SMTP
    conn = cls(cfg["MAIL_SERVER"], int(cfg.get("MAIL_PORT") or 25), timeout=30)
    if cfg.get("MAIL_USE_TLS") and not cfg.get("MAIL_USE_SSL"):
        conn.starttls()
    if cfg.get("MAIL_USERNAME"):
        conn.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
    return conn


def _send_to(user, conn) -> int:
    """Mail ``user`` their unsent items; returns how many were sent."""
    items = waiting_items()
    if not items:
        return 0
    sent = set(db.session.scalars(select(SentNotification.item_key)
                                  .where(SentNotification.user_id == user.id)))
    new = [(k, line) for k, line in dict(items).items() if k not in sent]
    if not new:
        return 0
    try:
        db.session.add_all(SentNotification(user_id=user.id, item_key=k[:200]) for k, _ in new)
        db.session.flush()  # a concurrent run that recorded these first: skip them
    except IntegrityError:
        db.session.rollback()
        return 0
    try:
        conn.send_message(_message(user, [line for _, line in new]))
    except (smtplib.SMTPException, OSError):
        db.session.rollback()
        raise
    db.session.commit()
    return len(new)


def send_all(app) -> list[str]:
    """One mail per user with new items; lines of a report."""
    if not enabled(app):
        return ["mail is off: set MAIL_SERVER (and MAIL_PORT …) to send notifications"]
    sm = app.appbuilder.sm
    with app.app_context():
        users = [(u.id, u.username) for u in db.session.scalars(
            select(sm.user_model).where(sm.user_model.active.is_(True),
                                        sm.user_model.email.is_not(None))
            .order_by(sm.user_model.id))]
    report, conn = [], None
    try:
        for user_id, username in users:
            with app.test_request_context("/"):
                g.pop("_login_user", None)
                user = db.session.get(sm.user_model, user_id)
                email = user.email
                if not email or "@" not in email:
                    continue
                login_user(user)
                g.user = user
                try:
                    if conn is None:
                        conn = _smtp()
                    n = _send_to(user, conn)
                except (smtplib.SMTPException, OSError) as err:
                    report.append(f"{username}: not sent ({err.__class__.__name__}); "
                                  "will try again next run")
                    conn = None
                    continue
                finally:
                    db.session.remove()
                if n:
                    report.append(f"{username}: {n} item(s) sent to {email}")
    finally:
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
    return report or ["nothing new to send"]

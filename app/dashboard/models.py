"""What the notification job has sent: one row per (user, item), so a second run sends
nothing twice."""
from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, UniqueConstraint

from app.core.models import utcnow


class SentNotification(Model):
    __tablename__ = "sent_notification"
    __table_args__ = (UniqueConstraint("user_id", "item_key", name="uq_sent_notification"),)

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False,
                     index=True)
    # "<kind>:<resource>:<pk>[:<state>]": a record waiting again in another state is new.
    item_key = Column(String(200), nullable=False)
    sent_at = Column(DateTime, nullable=False, default=utcnow)

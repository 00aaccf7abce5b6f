"""Follow-ups (回訪): who called whom, how, what was said, and when the next one is due."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import relationship

from app.core.errors import Invalid
from app.core.models import AuditedMixin, utcnow
from app.core.scope import ScopedMixin

CHANNELS = ("phone", "wechat", "visit", "other")
CHANNEL_LABELS = {"phone": _l("Phone"), "wechat": _l("WeChat"), "visit": _l("Visit"),
                  "other": _l("Other")}


class FollowUp(ScopedMixin, AuditedMixin, Model):
    __tablename__ = "followup"
    __resource__ = "followup"
    # The client's department at the time; own scope: the matchmaker or whoever recorded it.
    scope_owner_employee_columns = ("matchmaker_id",)
    scope_owner_user_columns = ("created_by_id",)
    __table_args__ = (
        Index("ix_followup_client_time", "client_id", "followed_at"),
        Index("ix_followup_mm_due", "matchmaker_id", "next_due"),
        # The lists' orders: (column, id), so a page reads 25 index entries, not a whole day.
        Index("ix_followup_followed_at_id", "followed_at", "id"),
        Index("ix_followup_next_due_id", "next_due", "id"),
    )

    id = Column(Integer, primary_key=True)
    client_id = Column(Integer, ForeignKey("client.id"), nullable=False, index=True)
    matchmaker_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    channel = Column(String(16), nullable=False, default="phone", index=True)
    content = Column(Text, nullable=False)
    followed_at = Column(DateTime, nullable=False, default=utcnow)
    next_due = Column(Date, nullable=True)

    client = relationship("Client", foreign_keys=[client_id])
    matchmaker = relationship("Employee", foreign_keys=[matchmaker_id])
    department = relationship("Department", foreign_keys=[department_id])

    def __repr__(self) -> str:
        return f"{self.followed_at:%Y-%m-%d} {self.channel}" if self.followed_at else "—"

    @property
    def client_label(self) -> str:
        from app.matching.profile import client_label

        return client_label(self, "client", self.client_id)

    def validate(self) -> None:
        if self.channel not in CHANNELS:
            raise Invalid(str(_l("Channel must be one of: %(c)s", c=", ".join(CHANNELS))),
                          field="channel")
        if not (self.content or "").strip():
            raise Invalid(str(_l("Content is required")), field="content")
        followed = self.followed_at or utcnow()
        if self.next_due is not None and self.next_due < followed.date():
            raise Invalid(str(_l("The next follow-up cannot be due before this one")),
                          field="next_due")
        if followed > utcnow() + dt.timedelta(days=1):
            raise Invalid(str(_l("A follow-up cannot be recorded in the future")),
                          field="followed_at")

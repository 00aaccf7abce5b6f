"""Matches (匹配) and meetings (約見): the pair, both matchmakers, the lifecycle, both feedbacks.

A match belongs to two departments and two matchmakers: the proposing client's and the
candidate's (the candidate's matchmaker asks the candidate, 征求對方意見). Either side sees it.
A meeting is seen by whoever sees its match.
"""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from app.core.errors import Invalid
from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin
from app.matching.profile import client_label

MATCH_STATES = ("proposed", "contacted", "accepted", "declined", "meeting_scheduled", "met",
                "dating", "relationship", "married", "ended")
OPEN_STATES = ("proposed", "contacted", "accepted", "meeting_scheduled", "met", "dating",
               "relationship")
MEETING_STATUSES = ("scheduled", "held", "cancelled", "no_show")

# 見面禮儀提醒 (rule book 000, 客戶匹配與約見 3 / 見面服務與跟進), in the UI's default script
ETIQUETTE_DEFAULT = (
    "见面礼仪提醒：\n"
    "1. 准时到达，如有变动请提前告知红娘；\n"
    "2. 穿着得体、整洁大方；\n"
    "3. 尊重对方隐私，初次见面不追问收入、前任等敏感话题；\n"
    "4. 言谈礼貌，认真倾听，不使用手机冷落对方；\n"
    "5. 见面后请及时向红娘反馈感受与意见。"
)


class Match(ScopedMixin, AuditedMixin, Model):
    __tablename__ = "match"
    __resource__ = "match"
    scope_department_columns = ("department_id", "candidate_department_id")
    # The candidate pool is company-wide (candidates outside scope show a limited profile);
    # the candidate's side is copied from the candidate by the propose service.
    foreign_key_scope = {"candidate_id": "exists", "candidate_matchmaker_id": "exists",
                         "candidate_department_id": "exists"}
    scope_owner_employee_columns = ("matchmaker_id", "candidate_matchmaker_id")
    scope_owner_user_columns = ("created_by_id",)
    __table_args__ = (
        # One match per unordered pair, whoever proposed it: a race gives one row.
        UniqueConstraint("pair_low", "pair_high", name="uq_match_pair"),
        Index("ix_match_status_created", "status", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    client_id = Column(Integer, ForeignKey("client.id"), nullable=False, index=True)
    candidate_id = Column(Integer, ForeignKey("client.id"), nullable=False, index=True)
    pair_low = Column(Integer, nullable=False)
    pair_high = Column(Integer, nullable=False)
    matchmaker_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    candidate_matchmaker_id = Column(Integer, ForeignKey("employee.id"), nullable=True,
                                     index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    candidate_department_id = Column(Integer, ForeignKey("department.id"), nullable=False,
                                     index=True)
    score = Column(Float, nullable=False, default=0, index=True)
    reasons = Column(JSON, nullable=True)
    status = Column(String(20), nullable=False, default="proposed", index=True)
    contacted_at = Column(DateTime, nullable=True)
    accepted_at = Column(DateTime, nullable=True)
    declined_at = Column(DateTime, nullable=True)
    relationship_at = Column(DateTime, nullable=True)
    ended_at = Column(DateTime, nullable=True)
    notes = Column(Text, nullable=True)
    # 紅娘主管 審核紅娘服務流程: reviewed with a comment, never by one of its own matchmakers.
    reviewed_at = Column(DateTime, nullable=True)
    reviewed_by_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    review_comment = Column(Text, nullable=True)

    client = relationship("Client", foreign_keys=[client_id])
    candidate = relationship("Client", foreign_keys=[candidate_id])
    matchmaker = relationship("Employee", foreign_keys=[matchmaker_id])
    candidate_matchmaker = relationship("Employee", foreign_keys=[candidate_matchmaker_id])
    department = relationship("Department", foreign_keys=[department_id])
    candidate_department = relationship("Department", foreign_keys=[candidate_department_id])
    reviewed_by = relationship("Employee", foreign_keys=[reviewed_by_id])

    def __repr__(self) -> str:
        # Cheap on purpose (dropdowns, related columns); labels are separate columns.
        return f"#{self.id}"

    # Full name only when the user may see that client; else the limited profile (DESIGN §3).
    @property
    def client_label(self) -> str:
        return client_label(self, "client", self.client_id)

    @property
    def candidate_label(self) -> str:
        return client_label(self, "candidate", self.candidate_id)

    @property
    def client_profile(self) -> dict:
        from app.matching.profile import client_profile

        return client_profile(self, "client", self.client_id)

    @property
    def candidate_profile(self) -> dict:
        from app.matching.profile import client_profile

        return client_profile(self, "candidate", self.candidate_id)

    @property
    def pair_label(self) -> str:
        """Both clients, as this user may see them (the inbox and lists name the pair)."""
        return f"{self.client_label} × {self.candidate_label}"

    inbox_title = pair_label

    @property
    def reasons_text(self) -> str:
        return "；".join(str(r) for r in (self.reasons or []))


class Meeting(ScopedMixin, AuditedMixin, Model):
    """約見: time, place, etiquette reminder, outcome and both sides' feedback."""

    __tablename__ = "meeting"
    __resource__ = "meeting"
    scope_parent = "match"
    __table_args__ = (Index("ix_meeting_status_time", "status", "time"),)

    id = Column(Integer, primary_key=True)
    match_id = Column(Integer, ForeignKey("match.id", ondelete="CASCADE"), nullable=False,
                      index=True)
    time = Column(DateTime, nullable=False, index=True)
    place = Column(String(200), nullable=False)
    etiquette = Column(Text, nullable=True, default=ETIQUETTE_DEFAULT)
    status = Column(String(16), nullable=False, default="scheduled")
    client_feedback = Column(Text, nullable=True)
    client_rating = Column(Integer, nullable=True)
    candidate_feedback = Column(Text, nullable=True)
    candidate_rating = Column(Integer, nullable=True)
    recorded_by_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    # 在約見前紅娘應與客戶和匹配對象分別溝通: one briefing per side, stamped by the service.
    client_briefed_at = Column(DateTime, nullable=True)
    client_briefing = Column(Text, nullable=True)
    candidate_briefed_at = Column(DateTime, nullable=True)
    candidate_briefing = Column(Text, nullable=True)
    # 見面結束后 … 了解見面感受和意見: impression (the feedback texts) and whether to go on.
    client_wishes_continue = Column(Boolean, nullable=True)
    candidate_wishes_continue = Column(Boolean, nullable=True)
    guidance = Column(Text, nullable=True)  # 紅娘為客戶提供個性化的情感指導和建議
    reviewed_at = Column(DateTime, nullable=True)
    reviewed_by_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    review_comment = Column(Text, nullable=True)

    match = relationship("Match", backref="meetings")
    recorded_by = relationship("Employee", foreign_keys=[recorded_by_id])
    reviewed_by = relationship("Employee", foreign_keys=[reviewed_by_id])

    def __repr__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.place}" if self.time else self.place or ""

    @property
    def pair_label(self) -> str:
        match = self.match
        when = f"{self.time:%Y-%m-%d %H:%M} " if self.time else ""
        return f"{when}{match.pair_label}" if match is not None else str(self)

    inbox_title = pair_label

    @property
    def feedback_complete(self) -> bool:
        return bool((self.client_feedback or "").strip() and (self.candidate_feedback or "")
                    .strip() and self.client_wishes_continue is not None
                    and self.candidate_wishes_continue is not None)

    def validate(self) -> None:
        if self.status not in MEETING_STATUSES:
            raise Invalid(str(_l("Status must be one of: %(c)s", c=", ".join(MEETING_STATUSES))))
        for name in ("client_rating", "candidate_rating"):
            value = getattr(self, name)
            if value is not None and not 1 <= int(value) <= 5:
                raise Invalid(str(_l("Ratings are from 1 to 5")), field=name)
        if not (self.place or "").strip():
            raise Invalid(str(_l("Place is required")), field="place")
        from app.core.models import utcnow

        given = [n for n in FEEDBACK_FIELDS if getattr(self, n) not in (None, "")]
        if given and self.status == "scheduled" and self.time is not None \
                and self.time > utcnow():
            raise Invalid(str(_l("Feedback is recorded after the meeting")), field=given[0])


FEEDBACK_FIELDS = ("client_feedback", "client_rating", "client_wishes_continue",
                   "candidate_feedback", "candidate_rating", "candidate_wishes_continue",
                   "guidance")

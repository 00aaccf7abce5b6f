"""Events (相親會, 交友派對): company-wide listings, sign-ups of clients, attendance."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    or_,
    select,
    true,
)
from sqlalchemy.orm import relationship

from app.core.errors import Invalid
from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin

# 相親會, 交友派對 (市場部 組織策劃市場活動), 會員聯誼會 (客戶答謝活動), salons and outings.
EVENT_KINDS = ("matchmaking_party", "social_party", "member_party", "salon", "outdoor")
EVENT_KIND_LABELS = {"matchmaking_party": _l("Matchmaking party"),
                     "social_party": _l("Social party"), "member_party": _l("Member gathering"),
                     "salon": _l("Salon"), "outdoor": _l("Outdoor activity")}
EVENT_STATUSES = ("planned", "open", "closed", "done", "cancelled")
SIGNUP_STATUSES = ("signed_up", "attended", "no_show", "cancelled")


class Event(AuditedMixin, Model):
    """Not scoped for reading: every store signs its clients up. Writes stay in scope."""

    __tablename__ = "event"
    __resource__ = "event"
    __table_args__ = (Index("ix_event_status_starts", "status", "starts_at"),)

    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    kind = Column(String(20), nullable=False, default="matchmaking_party")
    starts_at = Column(DateTime, nullable=False, index=True)
    place = Column(String(200), nullable=False)
    capacity = Column(Integer, nullable=False, default=30)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    status = Column(String(16), nullable=False, default="planned")
    description = Column(Text, nullable=True)
    cost = Column(Numeric(14, 2), nullable=True)  # money: Decimal

    department = relationship("Department", foreign_keys=[department_id])

    def __repr__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} {self.title}" if self.starts_at else self.title

    def in_scope(self, scope) -> bool:
        """Who may change the event: its organising department (and below), or its creator."""
        if scope.is_all:
            return True
        if scope.user_id is not None and self.created_by_id == scope.user_id:
            return True
        return scope.kind == "department" and self.department_id in scope.department_ids

    def validate(self) -> None:
        if self.status is None and self.id is None:
            self.status = EVENT_STATUSES[0]  # a new event starts planned (EVENT_WORKFLOW)
        if self.kind not in EVENT_KINDS:
            raise Invalid(str(_l("Choose a kind from the list")), field="kind")
        if self.status not in EVENT_STATUSES:
            raise Invalid(str(_l("Status must be one of: %(c)s", c=", ".join(EVENT_STATUSES))))
        if self.capacity is None or int(self.capacity) < 1:
            raise Invalid(str(_l("Capacity must be at least 1")), field="capacity")
        if self.cost is not None and self.cost < 0:
            raise Invalid(str(_l("Cost cannot be negative")), field="cost")


class EventSignup(ScopedMixin, AuditedMixin, Model):
    """A client's sign-up. Seen by the client's side (department, matchmaker) and the organiser."""

    __tablename__ = "event_signup"
    __resource__ = "event_signup"
    scope_owner_employee_columns = ("matchmaker_id",)
    scope_owner_user_columns = ("created_by_id",)
    __table_args__ = (
        UniqueConstraint("event_id", "client_id", name="uq_event_signup_client"),
        Index("ix_event_signup_event_status", "event_id", "status"),
    )

    id = Column(Integer, primary_key=True)
    event_id = Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False,
                      index=True)
    client_id = Column(Integer, ForeignKey("client.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    matchmaker_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    status = Column(String(16), nullable=False, default="signed_up", index=True)
    note = Column(String(200), nullable=True)

    event = relationship("Event", backref="signups")
    client = relationship("Client", foreign_keys=[client_id])
    matchmaker = relationship("Employee", foreign_keys=[matchmaker_id])

    def __repr__(self) -> str:
        return f"#{self.id}"

    @property
    def client_label(self) -> str:
        from app.matching.profile import client_label

        return client_label(self, "client", self.client_id)

    @classmethod
    def scope_criteria(cls, scope):
        base = super().scope_criteria(scope)
        if scope.is_all:
            return true()
        organiser = []
        if scope.user_id is not None:
            organiser.append(Event.created_by_id == scope.user_id)
        if scope.kind == "department" and scope.department_ids:
            organiser.append(Event.department_id.in_(sorted(scope.department_ids)))
        if not organiser:
            return base
        return or_(base, cls.event_id.in_(select(Event.id).where(or_(*organiser))))

    def in_scope(self, scope) -> bool:
        if super().in_scope(scope):
            return True
        event = self.event
        return event is not None and event.in_scope(scope)

    def in_write_scope(self, scope) -> bool:
        """The organiser of a shared event sees every store's sign-ups and takes attendance
        (a transition); editing or deleting a sign-up is for the client's own side."""
        return type(self).row_in_scope(self, scope)

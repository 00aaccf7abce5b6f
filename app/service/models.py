"""Complaints (投訴) and their SLA categories. Evidence files are core attachments
(app/core/attachments.py, resource ``complaint``)."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import relationship

from app.core.models import AuditedMixin, utcnow
from app.core.scope import ScopedMixin

CHANNELS = ("phone", "wechat", "email", "store", "online")
STATES = ("received", "assigned", "investigating", "resolved", "followed_up", "closed")
# The investigation's finding (調查結論): the complaint is upheld (成立) or not (不成立).
FINDINGS = ("upheld", "not_upheld")
# Escalation of an overdue complaint: 1 = the responsible department's recorded head,
# 2 = the store manager (app/service/sla.py).
ESCALATION_LEVELS = (0, 1, 2)
# Not yet resolved: the resolution deadline still runs.
OPEN_STATES = ("received", "assigned", "investigating")
# Not yet taken up by anyone: the first-response deadline still runs.
UNANSWERED_STATES = ("received",)
DONE_STATES = ("resolved", "followed_up", "closed")


class ComplaintCategory(AuditedMixin, Model):
    """投訴類別 with its SLA: hours to first response and to resolution."""

    __tablename__ = "complaint_category"
    __resource__ = "complaint_category"

    id = Column(Integer, primary_key=True)
    code = Column(String(32), nullable=False, unique=True)
    name = Column(String(100), nullable=False, unique=True)
    sla_response_hours = Column(Integer, nullable=False, default=24)
    sla_resolve_hours = Column(Integer, nullable=False, default=72)
    description = Column(Text, nullable=True)

    def __repr__(self) -> str:
        return self.name

    def validate(self) -> None:
        from app.service.complaints import validate_category

        validate_category(self)


class Complaint(ScopedMixin, AuditedMixin, Model):
    """One complaint, from receipt to closing. ``department_id`` is the responsible department;
    the receiving customer-service department and the store above both keep seeing it."""

    __tablename__ = "complaint"
    __resource__ = "complaint"
    scope_department_columns = ("department_id", "received_department_id", "store_id")
    # 客服 forwards a complaint to the store's responsible department (000 客戶投訴處理 1).
    foreign_key_scope = {"department_id": "store", "store_id": "store"}
    scope_owner_employee_columns = ("received_by_id", "handler_id")
    scope_owner_user_columns = ("created_by_id",)
    audit_masked_columns = ("complainant_phone",)
    __table_args__ = (
        Index("ix_complaint_status_deadline", "status", "deadline"),
        Index("ix_complaint_status_response_deadline", "status", "response_deadline"),
    )

    id = Column(Integer, primary_key=True)
    complaint_no = Column(String(32), nullable=False, unique=True)
    # Complainant: a client, or anyone else by name and phone.
    client_id = Column(Integer, ForeignKey("client.id"), nullable=True, index=True)
    complainant_name = Column(String(100), nullable=True)
    complainant_phone = Column(String(32), nullable=True)
    channel = Column(String(16), nullable=False, default="phone", index=True)
    category = Column(String(32), ForeignKey("complaint_category.code"), nullable=False,
                      index=True)
    content = Column(Text, nullable=False)
    # 重大投訴: routed by the 客服 head (000 客服主管: 處理客戶重大投訴和疑難問題).
    major = Column(Boolean, nullable=False, default=False, index=True)
    # Receipt (受理)
    received_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    received_by_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    received_department_id = Column(Integer, ForeignKey("department.id"), nullable=True,
                                    index=True)
    response_deadline = Column(DateTime, nullable=True, index=True)
    deadline = Column(DateTime, nullable=True, index=True)  # promised resolution
    # Routing and handling
    department_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    store_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    handler_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    status = Column(String(16), nullable=False, default="received", index=True)
    assigned_at = Column(DateTime, nullable=True)
    investigating_at = Column(DateTime, nullable=True)
    resolved_at = Column(DateTime, nullable=True, index=True)
    followed_up_at = Column(DateTime, nullable=True)
    closed_at = Column(DateTime, nullable=True)
    evidence = Column(Text, nullable=True)
    plan = Column(Text, nullable=True)  # 處理方案: measures
    result = Column(Text, nullable=True)  # the response given to the client
    finding = Column(String(16), nullable=True)  # upheld | not_upheld (FINDINGS)
    satisfaction = Column(Integer, nullable=True)
    satisfied = Column(Boolean, nullable=True)  # the last return visit's answer
    reopen_count = Column(Integer, nullable=False, default=0)
    # SLA escalation: level 1 to the responsible department's recorded head, 2 to the store
    # manager; escalated_at is the time of the last level reached.
    escalated_at = Column(DateTime, nullable=True, index=True)
    escalated_to_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    escalation_level = Column(Integer, nullable=False, default=0)

    client = relationship("Client", foreign_keys=[client_id])
    category_ref = relationship(ComplaintCategory, foreign_keys=[category])
    received_by = relationship("Employee", foreign_keys=[received_by_id])
    received_department = relationship("Department", foreign_keys=[received_department_id])
    department = relationship("Department", foreign_keys=[department_id])
    store = relationship("Department", foreign_keys=[store_id])
    handler = relationship("Employee", foreign_keys=[handler_id])
    escalated_to = relationship("Employee", foreign_keys=[escalated_to_id])

    def __repr__(self) -> str:
        return f"{self.complaint_no} {self.complainant or ''}".strip()

    @property
    def complainant(self) -> str | None:
        if self.client_id and self.client is not None:
            return self.client.name
        return self.complainant_name

    # --- SLA ------------------------------------------------------------------------------
    @classmethod
    def resolve_overdue_clause(cls, now: dt.datetime):
        return and_(cls.status.in_(OPEN_STATES), cls.deadline.is_not(None), cls.deadline < now)

    @classmethod
    def response_overdue_clause(cls, now: dt.datetime):
        return and_(cls.status.in_(UNANSWERED_STATES), cls.response_deadline.is_not(None),
                    cls.response_deadline < now)

    @classmethod
    def overdue_clause(cls, now: dt.datetime):
        return or_(cls.resolve_overdue_clause(now), cls.response_overdue_clause(now))

    def is_resolve_overdue(self, now: dt.datetime) -> bool:
        return self.status in OPEN_STATES and self.deadline is not None and self.deadline < now

    def is_response_overdue(self, now: dt.datetime) -> bool:
        return (self.status in UNANSWERED_STATES and self.response_deadline is not None
                and self.response_deadline < now)

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.is_resolve_overdue(now) or self.is_response_overdue(now)

    @hybrid_property
    def overdue(self) -> bool:
        """Read-only: the promised deadline (or first-response deadline) has passed."""
        return self.is_overdue(utcnow())

    @overdue.expression
    def overdue(cls):
        return cls.overdue_clause(utcnow())

    def validate(self) -> None:
        from app.service.complaints import validate_complaint

        validate_complaint(self)

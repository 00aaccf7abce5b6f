"""Training (培訓, books 000 / 002 / 004): sessions of the annual plan, and each employee's
record — attendance, exam / practical score, pass — with re-tests until passed (002)."""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin

TRAINING_KINDS = ("internal", "external", "online")
TRAINING_STATUSES = ("planned", "held", "cancelled")


class Training(AuditedMixin, Model):
    """A session of the annual training plan. Company-wide (everyone may read the plan)."""

    __tablename__ = "training"
    __resource__ = "training"
    __table_args__ = (Index("ix_training_year_starts", "plan_year", "starts_at"),)

    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    plan_year = Column(Integer, nullable=False)
    kind = Column(String(16), nullable=False, default="internal")
    goal = Column(Text, nullable=True)
    content = Column(Text, nullable=True)
    trainer = Column(String(100), nullable=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    starts_at = Column(DateTime, nullable=False, index=True)
    pass_score = Column(Numeric(6, 2), nullable=False, default=60)
    status = Column(String(16), nullable=False, default="planned", index=True)

    department = relationship("Department", foreign_keys=[department_id])

    def __repr__(self) -> str:
        return self.title

    def validate(self) -> None:
        from app.appraisal.training import validate_training

        validate_training(self)


class TrainingRecord(ScopedMixin, AuditedMixin, Model):
    """One employee's attempt at one training: attended, score, passed (re-test: attempt 2…)."""

    __tablename__ = "training_record"
    __resource__ = "training_record"
    scope_owner_employee_columns = ("employee_id",)
    scope_owner_user_columns = ()
    __table_args__ = (
        UniqueConstraint("training_id", "employee_id", "attempt", name="uq_training_attempt"),
        Index("ix_training_record_employee_training", "employee_id", "training_id"),
    )

    id = Column(Integer, primary_key=True)
    training_id = Column(Integer, ForeignKey("training.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    attempt = Column(Integer, nullable=False, default=1)
    attended = Column(Boolean, nullable=False, default=False)
    score = Column(Numeric(6, 2), nullable=True)
    passed = Column(Boolean, nullable=True, index=True)
    certificate = Column(String(100), nullable=True)
    note = Column(Text, nullable=True)

    training = relationship(Training, foreign_keys=[training_id])
    employee = relationship("Employee", foreign_keys=[employee_id])
    department = relationship("Department", foreign_keys=[department_id])

    def __repr__(self) -> str:
        return f"#{self.id}"

    def validate(self) -> None:
        from app.appraisal.training import validate_record

        validate_record(self)


KIND_LABELS = {"internal": _l("Internal"), "external": _l("External"), "online": _l("Online")}
STATUS_LABELS = {"planned": _l("Planned"), "held": _l("Training held"),
                 "cancelled": _l("Cancelled")}

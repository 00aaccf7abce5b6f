"""Appraisals (績效考核): KPI templates, cycles, one appraisal per employee and cycle, and the
indicator lines (value, source, score) behind each appraisal's score.

Templates and cycles are company-wide catalogues (not scoped). An appraisal is its employee's
(own scope) and its department's (heads see their subtree); HR sees all. Its lines are seen by
whoever sees the appraisal.
"""
from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import relationship

from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin

PERIODS = ("monthly", "quarterly", "annual")
RULES = ("linear", "linear_lower", "bands", "deduction")
PUBLICITY = ("company", "private")
CYCLE_STATES = ("draft", "open", "closed")
STATES = ("self_review", "supervisor_review", "hr_review", "approved", "published",
          "appealed", "final")
# States in which computed values may still be refreshed (before HR consolidates).
REFRESHABLE = ("self_review", "supervisor_review", "hr_review")
# States after publication (the 公示 window and after).
PUBLISHED = ("published", "appealed", "final")

DEFAULT_GRADE_BANDS = [[90, "優秀"], [75, "良好"], [60, "合格"], [0, "不合格"]]
DEFAULT_BONUS_TABLE = [[0, 0], [60, 300], [75, 800], [90, 1500]]


class KpiTemplate(AuditedMixin, Model):
    """考核模板: the indicators of a department or position for one period.

    ``indicators``: [{"code", "name", "weight", "target", "rule", "source", "bands",
    "per_event"}] — weights sum to 100; ``source`` is a metric code or ``manual``."""

    __tablename__ = "kpi_template"
    __resource__ = "kpi_template"
    __table_args__ = (Index("ix_kpi_template_fit", "period", "active"),)

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    profile = Column(String(32), nullable=True, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    position_id = Column(Integer, ForeignKey("position.id"), nullable=True, index=True)
    period = Column(String(16), nullable=False, default="monthly")
    indicators = Column(JSON, nullable=False, default=list)
    active = Column(Boolean, nullable=False, default=True)
    description = Column(Text, nullable=True)

    department = relationship("Department", foreign_keys=[department_id])
    position = relationship("Position", foreign_keys=[position_id])

    def __repr__(self) -> str:
        return self.name

    def validate(self) -> None:
        from app.appraisal.scoring import validate_template

        validate_template(self)


class AppraisalCycle(AuditedMixin, Model):
    """考核週期: opening it creates one appraisal per active employee with a fitting template."""

    __tablename__ = "appraisal_cycle"
    __resource__ = "appraisal_cycle"
    __table_args__ = (Index("ix_appraisal_cycle_period_end", "period", "end_date"),)

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    period = Column(String(16), nullable=False, default="monthly")
    start_date = Column(Date, nullable=False)
    end_date = Column(Date, nullable=False, index=True)
    publish_days = Column(Integer, nullable=False, default=3)
    status = Column(String(16), nullable=False, default="draft", index=True)
    # 公示 to the company (000) or fed back to each employee privately (002).
    publicity = Column(String(16), nullable=False, default="company")
    grade_bands = Column(JSON, nullable=True)  # [[min score, grade], ...] highest first
    bonus_table = Column(JSON, nullable=True)  # [[min score, amount], ...] non-decreasing
    pass_score = Column(Numeric(6, 2), nullable=False, default=60)
    restrict_after = Column(Integer, nullable=False, default=3)  # 業務限制 after N months
    opened_at = Column(DateTime, nullable=True)
    computed_at = Column(DateTime, nullable=True)

    def __repr__(self) -> str:
        return self.name

    def validate(self) -> None:
        from app.appraisal.scoring import validate_cycle

        validate_cycle(self)


class Appraisal(ScopedMixin, AuditedMixin, Model):
    __tablename__ = "appraisal"
    __resource__ = "appraisal"
    scope_owner_employee_columns = ("employee_id",)
    scope_owner_user_columns = ()
    __table_args__ = (
        UniqueConstraint("cycle_id", "employee_id", name="uq_appraisal_cycle_employee"),
        Index("ix_appraisal_employee_status", "employee_id", "status"),
    )

    id = Column(Integer, primary_key=True)
    cycle_id = Column(Integer, ForeignKey("appraisal_cycle.id", ondelete="CASCADE"),
                      nullable=False, index=True)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    template_id = Column(Integer, ForeignKey("kpi_template.id"), nullable=True, index=True)
    status = Column(String(20), nullable=False, default="self_review", index=True)
    score = Column(Numeric(6, 2), nullable=True, index=True)
    grade = Column(String(16), nullable=True, index=True)
    bonus = Column(Numeric(14, 2), nullable=True)
    publish_until = Column(Date, nullable=True, index=True)
    public = Column(Boolean, nullable=False, default=False)
    self_assessment = Column(Text, nullable=True)  # 自評表
    submitted_at = Column(DateTime, nullable=True)
    review_comment = Column(Text, nullable=True)  # 評價表 + 績效溝通
    reviewed_at = Column(DateTime, nullable=True)
    reviewer_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    hr_comment = Column(Text, nullable=True)
    appeal_text = Column(Text, nullable=True)
    appealed_at = Column(DateTime, nullable=True)
    appeal_answer = Column(Text, nullable=True)
    finalized_at = Column(DateTime, nullable=True)
    computed_at = Column(DateTime, nullable=True)
    below_target = Column(Boolean, nullable=False, default=False)
    # 業務限制 (003): below target N months running; HR records the decision.
    restriction_flag = Column(Boolean, nullable=False, default=False, index=True)
    restriction_decision = Column(Text, nullable=True)

    cycle = relationship(AppraisalCycle, foreign_keys=[cycle_id])
    employee = relationship("Employee", foreign_keys=[employee_id])
    department = relationship("Department", foreign_keys=[department_id])
    template = relationship(KpiTemplate, foreign_keys=[template_id])
    reviewer = relationship("Employee", foreign_keys=[reviewer_id])
    lines = relationship("AppraisalLine", back_populates="appraisal",
                         order_by="AppraisalLine.position", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"#{self.id}"


class AppraisalLine(ScopedMixin, AuditedMixin, Model):
    """One indicator of one appraisal: the template's terms (copied when the cycle opened),
    the value (computed from the records, or the supervisor's rating) and its score."""

    __tablename__ = "appraisal_line"
    __resource__ = "appraisal_line"
    scope_department_column = None
    scope_owner_user_columns = ()
    __table_args__ = (UniqueConstraint("appraisal_id", "code", name="uq_appraisal_line_code"),)

    id = Column(Integer, primary_key=True)
    appraisal_id = Column(Integer, ForeignKey("appraisal.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    position = Column(Integer, nullable=False, default=1)
    code = Column(String(64), nullable=False)
    name = Column(String(100), nullable=False)
    weight = Column(Numeric(6, 2), nullable=False)
    source = Column(String(64), nullable=False, default="manual")
    target = Column(Numeric(14, 4), nullable=True)
    rule = Column(String(16), nullable=False, default="linear")
    params = Column(JSON, nullable=True)
    value = Column(Numeric(14, 4), nullable=True)
    score = Column(Numeric(6, 2), nullable=True)

    appraisal = relationship(Appraisal, back_populates="lines")

    def __repr__(self) -> str:
        return f"{self.name}"

    @classmethod
    def scope_criteria(cls, scope):
        if scope.is_all:
            return Appraisal.scope_criteria(scope)
        return cls.appraisal_id.in_(select(Appraisal.id).where(Appraisal.scope_criteria(scope)))

    def in_scope(self, scope) -> bool:
        return scope.is_all or (self.appraisal is not None and self.appraisal.in_scope(scope))

"""Return visits and satisfaction surveys (回訪, 滿意度調查): templates, questions, answers."""
from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin

QUESTION_KINDS = ("rating", "choice", "text")
SURVEY_PURPOSES = ("return_visit", "satisfaction", "complaint")
SURVEY_CHANNELS = ("phone", "wechat", "questionnaire", "store")
SURVEY_STATUSES = ("scheduled", "done", "cancelled")


class SurveyTemplate(AuditedMixin, Model):
    """A questionnaire (問卷). Company-wide catalogue: not scoped."""

    __tablename__ = "survey_template"
    __resource__ = "survey_template"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    description = Column(Text, nullable=True)
    active = Column(Boolean, nullable=False, default=True)

    questions = relationship("SurveyQuestion", back_populates="template",
                             order_by="SurveyQuestion.position")

    def __repr__(self) -> str:
        return self.name


class SurveyQuestion(AuditedMixin, Model):
    __tablename__ = "survey_question"
    __resource__ = "survey_template"
    __table_args__ = (UniqueConstraint("template_id", "position"),)

    id = Column(Integer, primary_key=True)
    template_id = Column(Integer, ForeignKey("survey_template.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    position = Column(Integer, nullable=False, default=1)
    kind = Column(String(16), nullable=False, default="rating")  # rating | choice | text
    text = Column(String(500), nullable=False)
    choices = Column(JSON, nullable=True)  # list of options for kind "choice"
    required = Column(Boolean, nullable=False, default=True)

    template = relationship(SurveyTemplate, back_populates="questions")

    def __repr__(self) -> str:
        return f"{self.position}. {self.text}"

    def validate(self) -> None:
        from app.service.surveys import validate_question

        validate_question(self)


class Survey(ScopedMixin, AuditedMixin, Model):
    """A return visit or satisfaction survey of one client (or complainant): scheduled, done."""

    __tablename__ = "survey"
    __resource__ = "survey"
    scope_owner_employee_columns = ("assignee_id",)
    scope_owner_user_columns = ("created_by_id",)

    id = Column(Integer, primary_key=True)
    purpose = Column(String(16), nullable=False, default="return_visit", index=True)
    channel = Column(String(16), nullable=False, default="phone")
    template_id = Column(Integer, ForeignKey("survey_template.id"), nullable=True, index=True)
    client_id = Column(Integer, ForeignKey("client.id"), nullable=True, index=True)
    complaint_id = Column(Integer, ForeignKey("complaint.id"), nullable=True, index=True)
    respondent_name = Column(String(100), nullable=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    assignee_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    scheduled_for = Column(DateTime, nullable=False, index=True)
    done_at = Column(DateTime, nullable=True, index=True)
    status = Column(String(16), nullable=False, default="scheduled", index=True)
    satisfaction = Column(Integer, nullable=True)  # overall 1–5
    result = Column(Text, nullable=True)

    template = relationship(SurveyTemplate)
    client = relationship("Client", foreign_keys=[client_id])
    complaint = relationship("Complaint", foreign_keys=[complaint_id])
    department = relationship("Department", foreign_keys=[department_id])
    assignee = relationship("Employee", foreign_keys=[assignee_id])
    answers = relationship("SurveyAnswer", back_populates="survey",
                           order_by="SurveyAnswer.question_id")

    def __repr__(self) -> str:
        who = self.client.name if self.client_id and self.client else self.respondent_name
        return f"#{self.id} {who or ''}".strip()

    def validate(self) -> None:
        from app.service.surveys import validate_survey

        validate_survey(self)


class SurveyAnswer(ScopedMixin, AuditedMixin, Model):
    """One answer of a survey: audited under its own name, in scope exactly when its survey is."""

    __tablename__ = "survey_answer"
    __resource__ = "survey_answer"
    scope_parent = "survey"
    __table_args__ = (UniqueConstraint("survey_id", "question_id"),)

    id = Column(Integer, primary_key=True)
    survey_id = Column(Integer, ForeignKey("survey.id", ondelete="CASCADE"), nullable=False,
                       index=True)
    question_id = Column(Integer, ForeignKey("survey_question.id"), nullable=False, index=True)
    rating = Column(Integer, nullable=True)
    choice = Column(String(200), nullable=True)
    text = Column(Text, nullable=True)

    survey = relationship(Survey, back_populates="answers")
    question = relationship(SurveyQuestion)

    def __repr__(self) -> str:
        value = self.rating if self.rating is not None else (self.choice or self.text or "")
        return f"{self.question_id}: {value}"

"""Honours, discipline and the post-evaluation action (the personnel file's other records).

- ``honour`` (榮譽, 000 榮譽激勵): 優秀員工 / 服務之星 / 業務標兵 given to an employee.
- ``discipline`` (處罰, 001 泄露客戶隱私、夸大服務效果 … 警告、罰款甚至辭退; 003 降級或解雇):
  a warning or a fine takes effect when HR records it; a demotion or a dismissal only once
  management approves it (workflow ``discipline``).
- ``appraisal_action`` (000 服務反饋與評估 3: 獎勵 / 培訓指導 / 處理): what follows an
  appraisal; 處理 only after a recorded 培訓指導 that did not help.

Each is its employee's (own scope) and their department's (heads see their subtree); HR all.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import relationship

from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin

HONOUR_TITLES = ("excellent_employee", "service_star", "business_pacesetter")
HONOUR_LABELS = {"excellent_employee": _l("Excellent employee"),
                 "service_star": _l("Service star"),
                 "business_pacesetter": _l("Business pacesetter")}
OFFENCES = ("privacy_leak", "exaggeration", "rule_violation", "ethics", "other")
OFFENCE_LABELS = {"privacy_leak": _l("Leaking a client's private data"),
                  "exaggeration": _l("Exaggerating the effect of the service"),
                  "rule_violation": _l("Serious breach of the company's rules"),
                  "ethics": _l("Breach of professional ethics"), "other": _l("Other")}
PENALTIES = ("warning", "fine", "demotion", "dismissal")
PENALTY_LABELS = {"warning": _l("Warning"), "fine": _l("Fine"), "demotion": _l("Demotion"),
                  "dismissal": _l("Dismissal")}
# Penalties that take effect only once management approves them (003 降級或解雇).
NEEDS_APPROVAL = ("demotion", "dismissal")
DISCIPLINE_STATES = ("draft", "pending_approval", "effective", "rejected")
ACTION_KINDS = ("reward", "coaching", "sanction")
ACTION_LABELS = {"reward": _l("Reward"), "coaching": _l("Training and coaching"),
                 "sanction": _l("Disciplinary handling")}
OUTCOMES = ("pending", "improved", "not_improved")
OUTCOME_LABELS = {"pending": _l("Not assessed yet"), "improved": _l("Improved"),
                  "not_improved": _l("Not improved")}


class Honour(ScopedMixin, AuditedMixin, Model):
    scope_owner_employee_columns = ("employee_id",)
    scope_owner_user_columns = ()
    __tablename__ = "honour"
    __resource__ = "honour"
    __table_args__ = (Index("ix_honour_employee_awarded", "employee_id", "awarded_on"),)

    id = Column(Integer, primary_key=True)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    title = Column(String(32), nullable=False, info={"choices": HONOUR_TITLES})
    awarded_on = Column(Date, nullable=False, index=True, default=dt.date.today)
    cycle_id = Column(Integer, ForeignKey("appraisal_cycle.id"), nullable=True, index=True)
    reason = Column(Text, nullable=True)
    certificate = Column(String(100), nullable=True)

    employee = relationship("Employee", foreign_keys=[employee_id])
    department = relationship("Department", foreign_keys=[department_id])
    cycle = relationship("AppraisalCycle", foreign_keys=[cycle_id])

    def __repr__(self) -> str:
        return str(HONOUR_LABELS.get(self.title, self.title or ""))

    def validate(self) -> None:
        from app.appraisal.people import validate_honour

        validate_honour(self)


class Discipline(ScopedMixin, AuditedMixin, Model):
    scope_owner_employee_columns = ("employee_id",)
    scope_owner_user_columns = ()
    __tablename__ = "discipline"
    __resource__ = "discipline"
    __table_args__ = (Index("ix_discipline_employee_occurred", "employee_id", "occurred_on"),)

    id = Column(Integer, primary_key=True)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    offence = Column(String(32), nullable=False, info={"choices": OFFENCES})
    description = Column(Text, nullable=False)
    occurred_on = Column(Date, nullable=False, index=True)
    penalty = Column(String(16), nullable=False, info={"choices": PENALTIES})
    fine_amount = Column(Numeric(12, 2), nullable=True)  # money: Decimal
    status = Column(String(20), nullable=False, default="draft", index=True)
    decided_at = Column(DateTime, nullable=True)
    approver_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    decision_note = Column(Text, nullable=True)

    employee = relationship("Employee", foreign_keys=[employee_id])
    department = relationship("Department", foreign_keys=[department_id])
    approver = relationship("Employee", foreign_keys=[approver_id])

    def __repr__(self) -> str:
        return f"{PENALTY_LABELS.get(self.penalty, self.penalty)} #{self.id}"

    def validate(self) -> None:
        from app.appraisal.people import validate_discipline

        validate_discipline(self)


class AppraisalAction(ScopedMixin, AuditedMixin, Model):
    scope_owner_employee_columns = ("employee_id",)
    scope_owner_user_columns = ()
    __tablename__ = "appraisal_action"
    __resource__ = "appraisal_action"
    __table_args__ = (Index("ix_appraisal_action_employee_kind", "employee_id", "kind"),)

    id = Column(Integer, primary_key=True)
    appraisal_id = Column(Integer, ForeignKey("appraisal.id", ondelete="CASCADE"),
                          nullable=False, index=True)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    kind = Column(String(16), nullable=False, info={"choices": ACTION_KINDS})
    note = Column(Text, nullable=False)
    outcome = Column(String(16), nullable=False, default="pending",
                     info={"choices": OUTCOMES})
    decided_on = Column(Date, nullable=False, index=True, default=dt.date.today)
    # The coaching that did not help (a sanction's precondition, 000).
    after_action_id = Column(Integer, ForeignKey("appraisal_action.id"), nullable=True,
                             index=True)

    appraisal = relationship("Appraisal", foreign_keys=[appraisal_id])
    employee = relationship("Employee", foreign_keys=[employee_id])
    department = relationship("Department", foreign_keys=[department_id])
    after_action = relationship("AppraisalAction", remote_side=[id],
                                foreign_keys=[after_action_id])

    def __repr__(self) -> str:
        return f"{ACTION_LABELS.get(self.kind, self.kind)} #{self.id}"

    def validate(self) -> None:
        from app.appraisal.people import validate_action

        validate_action(self)

"""客戶信息登記表: the client record, its mate preferences (擇偶要求) and membership."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import relationship

from app.core.models import AuditedMixin, SoftDeleteMixin
from app.core.scope import ScopedMixin

GENDERS = ("M", "F")
EDUCATION_LEVELS = ("junior_high", "high_school", "associate", "bachelor", "master", "doctorate")
MARITAL_STATUSES = ("never_married", "divorced", "widowed")
TIERS = ("standard", "premium", "private")
INTAKE_CHANNELS = ("phone", "web", "store", "referral", "event")
CLIENT_STATUSES = ("lead", "pending_review", "active", "paused", "matched", "closed")


def education_rank(level: str | None) -> int:
    """Position of an education level, for "at least" comparisons (-1 when unknown)."""
    return EDUCATION_LEVELS.index(level) if level in EDUCATION_LEVELS else -1


class Client(ScopedMixin, AuditedMixin, SoftDeleteMixin, Model):
    __tablename__ = "client"
    __resource__ = "client"
    # Own scope: the client's matchmaker, or whoever registered the client.
    scope_owner_employee_columns = ("matchmaker_id",)
    scope_owner_user_columns = ("created_by_id",)
    audit_masked_columns = ("phone", "wechat", "id_number")

    id = Column(Integer, primary_key=True)
    client_no = Column(String(32), nullable=False, unique=True)
    # Basic facts
    name = Column(String(100), nullable=False)
    gender = Column(String(1), nullable=False)
    birth_date = Column(Date, nullable=False)
    height_cm = Column(Integer, nullable=True)
    weight_kg = Column(Integer, nullable=True)
    education = Column(String(16), nullable=True)
    city = Column(String(50), nullable=True)
    hukou = Column(String(50), nullable=True)  # 戶籍
    marital_status = Column(String(16), nullable=False, default="never_married")
    has_children = Column(Boolean, nullable=False, default=False)
    occupation = Column(String(100), nullable=True)
    employer = Column(String(200), nullable=True)
    income_monthly = Column(Integer, nullable=True)  # 月收入 (元)
    # Contact (masked unless permitted; every reveal audited)
    phone = Column(String(32), nullable=True, unique=True)
    wechat = Column(String(64), nullable=True)
    id_number = Column(String(32), nullable=True)
    email = Column(String(120), nullable=True)
    # Background
    family_background = Column(Text, nullable=True)
    hobbies = Column(Text, nullable=True)
    marital_history = Column(Text, nullable=True)
    self_description = Column(Text, nullable=True)
    photo = Column(String(255), nullable=True)
    # Mate preferences (擇偶要求); empty lists mean "any"
    pref_age_min = Column(Integer, nullable=True)
    pref_age_max = Column(Integer, nullable=True)
    pref_height_min = Column(Integer, nullable=True)
    pref_height_max = Column(Integer, nullable=True)
    pref_education_min = Column(String(16), nullable=True)
    pref_cities = Column(JSON, nullable=True)
    pref_marital_statuses = Column(JSON, nullable=True)
    pref_income_min = Column(Integer, nullable=True)
    pref_notes = Column(Text, nullable=True)
    # Intake and membership
    intake_channel = Column(String(16), nullable=False, default="store")
    referral_source = Column(String(100), nullable=True)
    tier = Column(String(16), nullable=False, default="standard")
    contract_no = Column(String(32), nullable=True)
    contract_fee = Column(Numeric(12, 2), nullable=True)
    # Ownership and lifecycle
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False)
    matchmaker_id = Column(Integer, ForeignKey("employee.id"), nullable=True)
    status = Column(String(16), nullable=False, default="lead")
    last_followup_at = Column(DateTime, nullable=True)
    pool_since = Column(DateTime, nullable=True)  # returned to the unassigned pool (公海)
    notes = Column(Text, nullable=True)

    department = relationship("Department", foreign_keys=[department_id])
    matchmaker = relationship("Employee", foreign_keys=[matchmaker_id])

    def __repr__(self) -> str:
        return f"{self.client_no} {self.name}"

    def age_on(self, day: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        day = day or dt.date.today()
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def age(self) -> int | None:
        return self.age_on()

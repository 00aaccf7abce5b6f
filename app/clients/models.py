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
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
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
# States in which the client is still served (a matchmaker is responsible for them).
OPEN_STATUSES = ("lead", "pending_review", "active", "paused")
ASSIGNMENT_STATUSES = ("pending", "confirmed", "declined")

# Partial-index predicate of the candidate pool; candidate queries repeat it literally so the
# planner can prove the index applies.
ACTIVE_POOL_SQL = "status = 'active' AND archived_at IS NULL"
_LIVE_SQL = "archived_at IS NULL"
# What the candidate search reads besides the index keys (its windows' preferences on both
# sides and the candidates' profile): included in ix_client_candidates on PostgreSQL.
CANDIDATE_INDEX_INCLUDE = [
    "height_cm", "education", "city", "marital_status", "pref_age_min", "pref_age_max",
    "pref_height_min", "pref_height_max", "pref_education_min", "pref_cities",
    "pref_marital_statuses", "name", "income_monthly", "tier", "department_id",
    "matchmaker_id", "created_by_id", "pref_income_min"]


_EDUCATION_RANK = {level: i for i, level in enumerate(EDUCATION_LEVELS)}


def education_rank(level: str | None) -> int:
    """Position of an education level, for "at least" comparisons (-1 when unknown)."""
    return _EDUCATION_RANK.get(level, -1)


def _partial(sql: str) -> dict:
    return {"postgresql_where": text(sql), "sqlite_where": text(sql)}


class Client(ScopedMixin, AuditedMixin, SoftDeleteMixin, Model):
    __tablename__ = "client"
    __resource__ = "client"
    # Own scope: the client's matchmaker, or whoever registered the client.
    scope_owner_employee_columns = ("matchmaker_id",)
    scope_owner_user_columns = ("created_by_id",)
    # 客服 receive consultations, link complaints, make return visits and send greetings for
    # the store's clients (000, 001): they see them all, contacts still masked.
    scope_store_kinds = ("Customer service",)
    audit_masked_columns = ("phone", "wechat", "id_number", "email")
    # The column another module's export reads: no consent date, no sharing or export.
    export_consent_column = "share_consent_at"

    # Equality columns first, ranges / sort keys last; live rows only where lists never
    # show archived ones. Sized for the 10^6-client benchmark (bench/clients_bench.py).
    __table_args__ = (
        # Department-scoped lists: WHERE department_id IN (...) [AND status = ?] ORDER BY id.
        Index("ix_client_dept_status_id", "department_id", "status", "id", **_partial(_LIVE_SQL)),
        Index("ix_client_dept_id", "department_id", "id", **_partial(_LIVE_SQL)),
        # Own scope (matchmaker) lists and the 公海 return job.
        Index("ix_client_matchmaker_id", "matchmaker_id", "id"),
        Index("ix_client_matchmaker_followup", "matchmaker_id", "last_followup_at"),
        # Unfiltered list, newest first (admin / executives), and status filters.
        Index("ix_client_live_id", "id", **_partial(_LIVE_SQL)),
        Index("ix_client_status_id", "status", "id", **_partial(_LIVE_SQL)),
        # Sortable list columns: (column, id) as the list orders them, live rows only.
        Index("ix_client_created_at_id", "created_at", "id", **_partial(_LIVE_SQL)),
        Index("ix_client_name_id", "name", "id", **_partial(_LIVE_SQL)),
        Index("ix_client_birth_date_id", "birth_date", "id", **_partial(_LIVE_SQL)),
        Index("ix_client_city_id", "city", "id"),
        Index("ix_client_tier_id", "tier", "id"),
        # 公海: unassigned live clients per department.
        Index("ix_client_pool", "department_id", "id",
              **_partial("matchmaker_id IS NULL AND archived_at IS NULL")),
        # Candidate search: opposite gender, birth-date windows in (birth_date, id) order,
        # active pool only; on PostgreSQL it carries every column the search reads, so each
        # window is an index-only scan (migration 0022, app/clients/candidates.py).
        Index("ix_client_candidates", "gender", "birth_date", "id",
              postgresql_include=CANDIDATE_INDEX_INCLUDE, **_partial(ACTIVE_POOL_SQL)),
        Index("ix_client_candidates_city", "gender", "city", "birth_date",
              **_partial(ACTIVE_POOL_SQL)),
    )

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
    photo = Column(String(255), nullable=True)  # path under UPLOAD_ROOT
    # Mate preferences (擇偶要求); empty lists mean "any". SQL NULL, never JSON null.
    pref_age_min = Column(Integer, nullable=True)
    pref_age_max = Column(Integer, nullable=True)
    pref_height_min = Column(Integer, nullable=True)
    pref_height_max = Column(Integer, nullable=True)
    pref_education_min = Column(String(16), nullable=True)
    pref_cities = Column(JSON(none_as_null=True), nullable=True)
    pref_marital_statuses = Column(JSON(none_as_null=True), nullable=True)
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
    assigned_at = Column(DateTime, nullable=True)  # when the current matchmaker took over
    last_followup_at = Column(DateTime, nullable=True)
    pool_since = Column(DateTime, nullable=True)  # returned to the unassigned pool (公海)
    notes = Column(Text, nullable=True)
    # Data care (000: 未經客戶同意,不得向任何第三方泄露): when the client agreed to sharing,
    # and when the file was last checked with the client.
    share_consent_at = Column(DateTime, nullable=True)
    verified_at = Column(DateTime, nullable=True)

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

    @property
    def share_consent(self) -> bool:
        return self.share_consent_at is not None

    @share_consent.setter
    def share_consent(self, value) -> None:
        """A form's 是/否: agreeing stamps today's date once; withdrawing clears it."""
        if value and self.share_consent_at is None:
            self.share_consent_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        elif not value:
            self.share_consent_at = None

    @property
    def salutation(self) -> str:
        """Surname + 先生/女士: what a candidate outside one's scope is called."""
        surname = (self.name or "")[:1]
        return surname + ("先生" if self.gender == "M" else "女士")

    def validate(self) -> None:
        """Raise Invalid with a clear message when the record cannot be saved."""
        from app.clients.validation import validate_client

        validate_client(self)


class ClientAssignment(ScopedMixin, AuditedMixin, Model):
    """A head hands a client to a matchmaker; the matchmaker confirms (or declines) it."""

    __tablename__ = "client_assignment"
    __resource__ = "client_assignment"
    scope_owner_employee_columns = ("employee_id",)
    scope_owner_user_columns = ("created_by_id",)
    __table_args__ = (
        Index("ix_client_assignment_employee_status", "employee_id", "status", "id"),
        Index("ix_client_assignment_client_status", "client_id", "status"),
        Index("ix_client_assignment_dept_status", "department_id", "status", "id"),
    )

    id = Column(Integer, primary_key=True)
    client_id = Column(Integer, ForeignKey("client.id"), nullable=False)
    employee_id = Column(Integer, ForeignKey("employee.id"), nullable=False)
    # The client's department, copied so heads see the assignments of their subtree.
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False)
    status = Column(String(16), nullable=False, default="pending")
    decided_at = Column(DateTime, nullable=True)
    note = Column(Text, nullable=True)

    client = relationship("Client", foreign_keys=[client_id])
    employee = relationship("Employee", foreign_keys=[employee_id])
    department = relationship("Department", foreign_keys=[department_id])

    def __repr__(self) -> str:
        return f"#{self.id} {self.client_id} → {self.employee_id}"

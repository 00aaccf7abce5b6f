"""Shared tables and mixins: role scopes, the audit log, timestamps, soft delete."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import declared_attr, relationship

from app.core.scope import SCOPE_CHOICES, SOFT_DELETE_MODELS

# SQLite only auto-increments INTEGER PRIMARY KEY; elsewhere the audit log wants 64 bits.
BigId = BigInteger().with_variant(Integer, "sqlite")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class RoleScope(Model):
    """The data scope of a FAB role (DESIGN §3): all / department / own / none."""

    __tablename__ = "role_scope"
    id = Column(Integer, primary_key=True)
    role_id = Column(Integer, ForeignKey("ab_role.id", ondelete="CASCADE"), unique=True,
                     nullable=False)
    scope = Column(String(16), nullable=False, default="own")
    # The role kind (app/core/roles.py ROLES) this role is, whatever the profile names it;
    # None for roles made by hand on the Roles page.
    kind = Column(String(32), nullable=True, unique=True)
    role = relationship("Role")

    def __repr__(self) -> str:
        return f"{self.role} → {self.scope}"

    @staticmethod
    def choices():
        return SCOPE_CHOICES


class SecurityVersion(Model):
    """One row whose number goes up, in the same transaction, with every change to who may
    see or do what (roles, permissions, role scopes, people's departments). Caches of
    permissions and scopes are keyed by it (app/core/authz_cache.py)."""

    __tablename__ = "security_version"
    id = Column(Integer, primary_key=True)
    version = Column(BigInteger, nullable=False, default=0)


class AuditLog(Model):
    """Append-only trail of every change, transition, login and contact reveal."""

    __tablename__ = "auditlog"
    __table_args__ = (
        Index("ix_auditlog_record", "resource", "record_id", "id"),
        Index("ix_auditlog_actor_time", "actor_id", "created_at"),
        Index("ix_auditlog_action_time", "action", "created_at"),
    )
    id = Column(BigId, primary_key=True, autoincrement=True)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    actor_id = Column(Integer, nullable=True)
    actor_name = Column(String(256), nullable=True)
    ip = Column(String(64), nullable=True)
    action = Column(String(32), nullable=False)
    resource = Column(String(64), nullable=True)
    record_id = Column(String(64), nullable=True)
    changes = Column(JSON, nullable=True)
    from_state = Column(String(32), nullable=True)
    to_state = Column(String(32), nullable=True)
    comment = Column(Text, nullable=True)

    def __repr__(self) -> str:
        return f"#{self.id} {self.action} {self.resource}:{self.record_id}"


class AuditedMixin:
    """Timestamps and creator; rows of such models are written to the audit log."""

    __audited__ = True

    @declared_attr
    def created_at(cls):
        return Column(DateTime, nullable=False, default=utcnow)

    @declared_attr
    def updated_at(cls):
        return Column(DateTime, nullable=True, onupdate=utcnow)

    @declared_attr
    def created_by_id(cls):
        return Column(Integer, ForeignKey("ab_user.id"), nullable=True, index=True)

    @declared_attr
    def created_by(cls):
        return relationship("User", foreign_keys=[cls.created_by_id], lazy="select")


class SoftDeleteMixin:
    """Records others refer to are archived, not deleted: hidden from lists, history kept."""

    __soft_delete__ = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("__abstract__", False) and cls not in SOFT_DELETE_MODELS:
            SOFT_DELETE_MODELS.append(cls)

    @declared_attr
    def archived_at(cls):
        return Column(DateTime, nullable=True, index=True)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

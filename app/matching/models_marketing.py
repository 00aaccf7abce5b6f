"""Marketing (市場部): partner institutions (合作機構) and where a lead came from.

Rule book 000, 市場主管: 拓展業務渠道,與各類合作機構建立合作關系 — the partner registry; a lead
names the event or the partner it came from (LeadSource, keyed by the client: the client
record belongs to the clients module), so leads per event and per partner can be counted.
"""
from __future__ import annotations

from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from app.core.errors import Invalid
from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin

PARTNER_KINDS = ("dating_platform", "wedding_service", "community", "employer", "media",
                 "other")
PARTNER_KIND_LABELS = {
    "dating_platform": _l("Dating platform"), "wedding_service": _l("Wedding service"),
    "community": _l("Community organisation"), "employer": _l("Employer"),
    "media": _l("Media"), "other": _l("Other"),
}


class Partner(AuditedMixin, Model):
    """A partner institution. Read company-wide (every store names lead sources); changed by
    its department (marketing) or its creator."""

    __tablename__ = "partner"
    __resource__ = "partner"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False, unique=True)
    kind = Column(String(20), nullable=False, default="other",
                  info={"choices": PARTNER_KINDS})
    contact_person = Column(String(60), nullable=True)
    phone = Column(String(40), nullable=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    active = Column(Boolean, nullable=False, default=True)
    notes = Column(Text, nullable=True)

    department = relationship("Department", foreign_keys=[department_id])

    def __repr__(self) -> str:
        return self.name or ""

    def in_scope(self, scope) -> bool:
        if scope.is_all:
            return True
        if scope.user_id is not None and self.created_by_id == scope.user_id:
            return True
        return scope.kind == "department" and self.department_id in scope.department_ids

    def validate(self) -> None:
        if not (self.name or "").strip():
            raise Invalid(str(_l("Name is required")), field="name")
        if self.kind not in PARTNER_KINDS:
            raise Invalid(str(_l("Choose a kind from the list")), field="kind")


class LeadSource(ScopedMixin, AuditedMixin, Model):
    """Where one client (lead) came from: an event, a partner, or both. One row per client."""

    __tablename__ = "lead_source"
    __resource__ = "lead_source"
    scope_owner_user_columns = ("created_by_id",)
    # Events and partners are company-wide listings (a lead of one store may come from a
    # party another store organised).
    foreign_key_scope = {"event_id": "exists", "partner_id": "exists"}

    id = Column(Integer, primary_key=True)
    client_id = Column(Integer, ForeignKey("client.id"), nullable=False, unique=True)
    event_id = Column(Integer, ForeignKey("event.id"), nullable=True, index=True)
    partner_id = Column(Integer, ForeignKey("partner.id"), nullable=True, index=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    note = Column(String(200), nullable=True)

    client = relationship("Client", foreign_keys=[client_id])
    event = relationship("Event", foreign_keys=[event_id])
    partner = relationship("Partner", foreign_keys=[partner_id])
    department = relationship("Department", foreign_keys=[department_id])

    def __repr__(self) -> str:
        return str(self.partner or self.event or f"#{self.id}")

    @property
    def client_label(self) -> str:
        from app.matching.profile import client_label

        return client_label(self, "client", self.client_id)

    def validate(self) -> None:
        if self.event_id is None and self.event is None and self.partner_id is None \
                and self.partner is None:
            raise Invalid(str(_l("Name the event or the partner the lead came from")),
                          field="event")

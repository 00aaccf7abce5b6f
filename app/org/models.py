"""Department tree, positions and employees (linked 1:1 to FAB users)."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import relationship

from app.core.models import AuditedMixin, SoftDeleteMixin
from app.core.scope import ScopedMixin


class Department(ScopedMixin, AuditedMixin, Model):
    __tablename__ = "department"
    __resource__ = "department"
    # A department "belongs" to itself: heads see their subtree, staff their own department.
    scope_department_column = "id"
    scope_owner_user_columns = ()
    scope_own_department = True

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    code = Column(String(32), nullable=False, unique=True)
    kind = Column(String(16), nullable=False, default="dept")  # hq | store | dept
    parent_id = Column(Integer, ForeignKey("department.id"), nullable=True, index=True)
    head_id = Column(Integer, ForeignKey("employee.id", use_alter=True,
                                         name="fk_department_head_id"), nullable=True, index=True)
    duties = Column(Text, nullable=True)

    parent = relationship("Department", remote_side=[id], backref="children")
    head = relationship("Employee", foreign_keys=[head_id], post_update=True)

    def __repr__(self) -> str:
        return self.name

    @staticmethod
    def subtree_ids(root_id: int) -> set[int]:
        """``root_id`` and every department below it (the tree is small: one query)."""
        from app.extensions import db

        rows = db.session.execute(select(Department.id, Department.parent_id)).all()
        children: dict[int | None, list[int]] = {}
        for did, parent in rows:
            children.setdefault(parent, []).append(did)
        out, stack = set(), [root_id]
        while stack:
            d = stack.pop()
            if d in out:
                continue
            out.add(d)
            stack.extend(children.get(d, ()))
        return out

    def ancestors(self) -> list[Department]:
        chain, node, seen = [], self.parent, set()
        while node is not None and node.id not in seen:
            seen.add(node.id)
            chain.append(node)
            node = node.parent
        return chain


class Position(AuditedMixin, Model):
    """崗位: a job with its duties. Not scoped: every department uses the same catalogue."""

    __tablename__ = "position"
    __resource__ = "position"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    code = Column(String(32), nullable=False, unique=True)
    duties = Column(Text, nullable=True)

    def __repr__(self) -> str:
        return self.name


EMPLOYEE_STATUSES = ("probation", "regular", "left")


class Employee(ScopedMixin, AuditedMixin, SoftDeleteMixin, Model):
    __tablename__ = "employee"
    __resource__ = "employee"
    scope_owner_employee_columns = ("id",)
    scope_owner_user_columns = ("user_id",)

    id = Column(Integer, primary_key=True)
    employee_no = Column(String(32), nullable=False, unique=True)
    name = Column(String(100), nullable=False)
    gender = Column(String(1), nullable=True)
    phone = Column(String(32), nullable=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False, index=True)
    position_id = Column(Integer, ForeignKey("position.id"), nullable=True, index=True)
    manager_id = Column(Integer, ForeignKey("employee.id"), nullable=True, index=True)
    user_id = Column(Integer, ForeignKey("ab_user.id"), nullable=True, unique=True)
    hire_date = Column(Date, nullable=False, default=dt.date.today)
    probation_end = Column(Date, nullable=True)
    regular_date = Column(Date, nullable=True)
    leave_date = Column(Date, nullable=True)
    status = Column(String(16), nullable=False, default="probation", index=True)
    notes = Column(Text, nullable=True)

    department = relationship("Department", foreign_keys=[department_id])
    position = relationship("Position")
    manager = relationship("Employee", remote_side=[id])
    user = relationship("User", foreign_keys=[user_id])

    audit_masked_columns = ("phone",)

    def __repr__(self) -> str:
        return self.name

"""Helpers for the customer-service tests: complaints made directly, in any state."""
from __future__ import annotations

import datetime as dt

from app.core.models import utcnow
from app.extensions import db
from app.service.complaints import on_receipt, store_of
from app.service.models import Complaint
from tests import factories

STEP_TIME = {"assigned": "assigned_at", "investigating": "investigating_at",
             "resolved": "resolved_at", "followed_up": "followed_up_at", "closed": "closed_at"}


def make_complaint(receiver: str = "th_cs1", *, status: str = "received",
                   dept: str | None = None, category: str = "quality",
                   received_at: dt.datetime | None = None, **kw) -> int:
    """One complaint received by ``receiver``; ``dept`` is the responsible department code."""
    emp = factories.employee_of(receiver)
    n = factories.nextval()
    c = Complaint(complaint_no=kw.pop("complaint_no", f"TT{n:08d}"),
                  channel=kw.pop("channel", "phone"),
                  category=category, content=kw.pop("content", f"測試投訴內容 {n}"),
                  complainant_name=kw.pop("complainant_name", f"投訴人{n}"),
                  received_at=received_at or utcnow().replace(microsecond=0),
                  received_by_id=emp.id, received_department_id=emp.department_id,
                  created_by_id=emp.user_id, status=status, **kw)
    if dept:
        c.department_id = factories.department(dept).id
    on_receipt(c, None)
    c.store_id = store_of(c.department_id) or store_of(c.received_department_id)
    if status in STEP_TIME and getattr(c, STEP_TIME[status]) is None:
        setattr(c, STEP_TIME[status], c.received_at + dt.timedelta(hours=1))
    db.session.add(c)
    db.session.commit()
    return c.id


def reload(pk: int) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, pk)

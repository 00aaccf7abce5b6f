"""Factories for appraisal tests: a position with its own template, an employee in it, a
cycle over a month of its own (tests never share a cycle), and records dated in that month."""
from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from app.appraisal import services
from app.appraisal.models import Appraisal, AppraisalCycle, KpiTemplate
from app.extensions import db
from app.org.models import Position
from tests import factories

# Cycles take the months from 2026-10 back to 2026-01 in turn (the demo people were hired
# before; the seeded cycle is last month's). Cycles may share a month: an appraisal is unique
# per cycle and employee.
_months = itertools.count()


def month(offset: int | None = None) -> tuple[dt.date, dt.date]:
    n = (next(_months) if offset is None else offset) % 10
    year, m = 2026, 10 - n
    start = dt.date(year, m, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def ind(code, weight, source="manual", rule="linear", target=None, **kw) -> dict:
    item = {"code": code, "name": f"指標{code}", "weight": weight, "source": source,
            "rule": rule, **kw}
    if target is not None:
        item["target"] = target
    return item


MM_INDICATORS = [
    ind("relationships", 40, "matching.relationships", target=2),
    ind("complaint_rate", 20, "matching.complaint_rate", "linear_lower", target=10),
    ind("quality", 40),
]


def make_position() -> Position:
    n = factories.nextval()
    p = Position(code=f"TP{n}", name=f"測試崗位{n}")
    db.session.add(p)
    db.session.commit()
    return p


def make_template(indicators=None, *, position=None, department=None, period="monthly",
                  **kw) -> KpiTemplate:
    n = factories.nextval()
    t = KpiTemplate(name=kw.pop("name", f"測試模板{n}"), period=period,
                    indicators=indicators or MM_INDICATORS,
                    position_id=position.id if position else None,
                    department_id=factories.department(department).id if department else None,
                    **kw)
    t.validate()
    db.session.add(t)
    db.session.commit()
    return t


def make_cycle(start=None, end=None, *, period="monthly", status="draft", **kw
               ) -> AppraisalCycle:
    if start is None:
        start, end = month()
    n = factories.nextval()
    c = AppraisalCycle(name=kw.pop("name", f"測試週期{n}"), period=period, start_date=start,
                       end_date=end, status=status, **kw)
    c.validate()
    db.session.add(c)
    db.session.commit()
    return c


def open_cycle(cycle: AppraisalCycle) -> AppraisalCycle:
    """What the cycle's ``open`` transition does, for a cycle made open (make_cycle)."""
    assert cycle.status == "open", "make the cycle with status='open'"
    services.open_cycle(cycle)
    db.session.commit()
    return cycle


def opened_cycle(*args, **kw) -> AppraisalCycle:
    return open_cycle(make_cycle(*args, status="open", **kw))


def force_state(record, state: str):
    """Test setup only: put a row in a state without the steps before it (those are tested
    in test_flow). A plain UPDATE: the ORM refuses state writes outside the engine."""
    from sqlalchemy import update

    model = type(record)
    db.session.execute(update(model).where(model.id == record.id).values(status=state))
    db.session.commit()
    db.session.expire_all()
    return db.session.get(model, record.id)


def appraisal_of(cycle, username_or_employee) -> Appraisal:
    emp = (factories.employee_of(username_or_employee)
           if isinstance(username_or_employee, str) else username_or_employee)
    db.session.expire_all()
    return db.session.scalar(select(Appraisal).where(Appraisal.cycle_id == cycle.id,
                                                     Appraisal.employee_id == emp.id))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))

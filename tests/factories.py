"""Small factories: each call makes one fresh row with unique natural keys."""
from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from app.extensions import db
from app.org.models import Department, Employee, Position

_seq = itertools.count(1)


def nextval() -> int:
    return next(_seq) + 10_000 * (id(_seq) % 7)


def department(code: str) -> Department:
    return db.session.scalar(select(Department).where(Department.code == code))


def user(username: str):
    from flask import current_app

    return current_app.appbuilder.sm.find_user(username=username)


def employee_of(username: str) -> Employee:
    return db.session.scalar(select(Employee).where(Employee.user_id == user(username).id))


def make_employee(dept_code: str = "TH-MM", *, status: str = "probation", commit=True,
                  **kw) -> Employee:
    n = nextval()
    emp = Employee(employee_no=kw.pop("employee_no", f"T{n:06d}"),
                   name=kw.pop("name", f"測試員工{n}"),
                   department_id=department(dept_code).id,
                   position_id=kw.pop("position_id", db.session.scalar(
                       select(Position.id).where(Position.code == "MM"))),
                   hire_date=kw.pop("hire_date", dt.date.today() - dt.timedelta(days=30)),
                   status=status, **kw)
    db.session.add(emp)
    if commit:
        db.session.commit()
    return emp


def make_client(dept_code: str = "TH-MM", *, matchmaker: str | None = "th_mm1",
                gender: str = "F", age: int = 30, status: str = "active", commit=True,
                **kw):
    """A client with sensible defaults; override any field by keyword."""
    from app.clients.models import Client

    n = nextval()
    today = dt.date.today()
    c = Client(
        client_no=kw.pop("client_no", f"TC{n:07d}"),
        name=kw.pop("name", f"測試客戶{n}"),
        gender=gender,
        birth_date=kw.pop("birth_date", dt.date(today.year - age, 6, 15)),
        height_cm=kw.pop("height_cm", 165 if gender == "F" else 175),
        education=kw.pop("education", "bachelor"),
        city=kw.pop("city", "廣州"),
        marital_status=kw.pop("marital_status", "never_married"),
        income_monthly=kw.pop("income_monthly", 12000),
        phone=kw.pop("phone", f"137{n:08d}"[:11]),
        department_id=department(dept_code).id,
        matchmaker_id=employee_of(matchmaker).id if matchmaker else None,
        status=status,
        **kw,
    )
    db.session.add(c)
    if commit:
        db.session.commit()
    return c

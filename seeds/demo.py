"""`flask --app wsgi seed demo`: idempotent; finds by natural key before creating."""
from __future__ import annotations

import datetime as dt
import importlib

from flask import current_app
from sqlalchemy import select

from app.core.roles import role_of_kind
from app.extensions import db
from app.org.models import Department, Employee, Position
from app.profiles import PROFILES as PROFILE_DECLARATIONS

# Each industry profile seeds its own organisation (app/profiles.py names the module holding
# it), then the demo records of its installed modules whose seed knows that organisation.
PROFILES = {name: importlib.import_module(p.org) for name, p in PROFILE_DECLARATIONS.items()}


def _by(model, **kw):
    return db.session.scalar(select(model).filter_by(**kw))


def seed_org(profile) -> dict[str, Employee]:
    depts: dict[str, Department] = {}
    for code, name, kind, parent, duties in profile.DEPARTMENTS:
        d = _by(Department, code=code)
        if d is None:
            d = Department(code=code, name=name, kind=kind, duties=duties)
            db.session.add(d)
        d.parent = depts.get(parent) if parent else None
        depts[code] = d
    positions: dict[str, Position] = {}
    for code, name, duties in profile.POSITIONS:
        p = _by(Position, code=code)
        if p is None:
            p = Position(code=code, name=name, duties=duties)
            db.session.add(p)
        positions[code] = p
    db.session.flush()

    sm = current_app.appbuilder.sm
    password = current_app.config["DEMO_PASSWORD"]
    people: dict[str, Employee] = {}
    today = dt.date.today()
    for i, (username, name, gender, dept, pos, roles, manager, status) in enumerate(
        profile.PEOPLE, start=1
    ):
        role_objs = [role_of_kind(r) for r in roles]
        user = sm.find_user(username=username)
        if user is None:
            # FAB shows "first last"; a Chinese name is written whole, surname first.
            user = sm.add_user(username, name, "", f"{username}@yuelao.example",
                               role_objs, password=password)
            if not user:
                raise RuntimeError(f"could not create demo user {username}")
        emp = _by(Employee, user_id=user.id) or _by(Employee, employee_no=f"E{i:04d}")
        if emp is None:
            hired = today - dt.timedelta(days=60 if status == "probation" else 400 + 30 * i)
            emp = Employee(employee_no=f"E{i:04d}", name=name, gender=gender, hire_date=hired,
                           probation_end=hired + dt.timedelta(days=90), status=status,
                           regular_date=hired + dt.timedelta(days=90)
                           if status == "regular" else None,
                           phone=f"139{i:04d}{(i * 7919) % 10000:04d}")
            db.session.add(emp)
        emp.user_id = user.id
        emp.department = depts[dept]
        emp.position = positions[pos]
        emp.manager = people.get(manager) if manager else None
        people[username] = emp
    db.session.flush()
    for code, username in profile.HEADS.items():
        depts[code].head = people[username]
    db.session.commit()
    return people


def seed(profile: str = "matchmaking", clients: int = 0) -> list[str]:
    prof = PROFILES[profile]
    people = seed_org(prof)
    lines = [f"organisation: {len(prof.DEPARTMENTS)} departments, {len(prof.POSITIONS)} "
             f"positions, {len(people)} people"]
    from app.core.modules import declaration, resolve

    # Each module's demo records, in the profile's order: seed(profile, people, clients) ->
    # lines; idempotent (finds by natural key before creating).
    for name in PROFILE_DECLARATIONS[profile].modules:
        module = declaration(name)
        if module.seeds_for(profile):
            lines.extend(resolve(module.seed)(profile=profile, people=people,
                                              clients=clients) or [])
    return lines

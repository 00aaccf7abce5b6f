"""Opening a cycle, computing the indicator values, totals, grades, bonus and 業務限制 flags.

Opening creates one appraisal per active employee who has a fitting template (position first,
then the employee's department, then the departments above it) and copies the template's
indicators into the appraisal's lines. Values are computed as of the cycle's end date, one
grouped query per metric for all the cycle's employees. ``refresh`` recomputes them for the
appraisals not yet consolidated by HR; running it twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from app.appraisal.models import (
    REFRESHABLE,
    Appraisal,
    AppraisalCycle,
    AppraisalLine,
    KpiTemplate,
)
from app.appraisal.scoring import bonus_for, grade_for, line_score, q2
from app.core import audit, metrics
from app.core.errors import Invalid, NotFound
from app.core.models import utcnow
from app.core.scope import unscoped
from app.extensions import db

ACTIVE_STATUSES = ("probation", "regular")


def fitting_templates(period: str) -> tuple[dict, dict]:
    """({position_id: template}, {department_id: template}) of the active templates."""
    by_position, by_department = {}, {}
    for t in db.session.scalars(select(KpiTemplate).where(
            KpiTemplate.period == period, KpiTemplate.active.is_(True))
            .order_by(KpiTemplate.id)):
        if t.position_id is not None:
            by_position.setdefault(t.position_id, t)
        elif t.department_id is not None:
            by_department.setdefault(t.department_id, t)
    return by_position, by_department


def template_for(position_id, department_id, parents: dict, by_position, by_department):
    """Position first, then the department, walking up the tree."""
    if position_id in by_position:
        return by_position[position_id]
    node, seen = department_id, set()
    while node is not None and node not in seen:
        seen.add(node)
        if node in by_department:
            return by_department[node]
        node = parents.get(node)
    return None


def open_cycle(cycle: AppraisalCycle) -> int:
    """Create the cycle's missing appraisals with their lines and values (no commit).

    Set-based: the values of every metric for all the new appraisals first (one grouped
    query per metric), then one multi-row INSERT for the appraisals and one for the lines.
    One audit row on the cycle records what was created; later changes to an appraisal
    (ratings, appeals, bonus) go through the ORM and are audited field by field."""
    from app.appraisal.metrics import register_all
    from app.org.models import Department, Employee

    register_all()
    with unscoped():
        parents = dict(db.session.execute(select(Department.id, Department.parent_id)).all())
        by_position, by_department = fitting_templates(cycle.period)
        have = set(db.session.scalars(select(Appraisal.employee_id)
                                      .where(Appraisal.cycle_id == cycle.id)))
        people = db.session.execute(
            select(Employee.id, Employee.department_id, Employee.position_id)
            .where(Employee.status.in_(ACTIVE_STATUSES), Employee.archived_at.is_(None),
                   Employee.hire_date <= cycle.end_date)
            .order_by(Employee.id)).all()
        plan = []
        for emp_id, dept_id, pos_id in _progress(people, "考核周期：员工"):
            if emp_id in have:
                continue
            template = template_for(pos_id, dept_id, parents, by_position, by_department)
            if template is not None:
                plan.append((emp_id, dept_id, template))
        if plan:
            _insert_appraisals(cycle, plan)
        refreshed = compute_cycle(cycle) if have else 0
    cycle.opened_at = cycle.opened_at or utcnow()
    if plan or refreshed:
        audit.write(db.session, audit.ACTION_UPDATE, "appraisal_cycle", cycle.id,
                    changes={"appraisals_created": len(plan), "recomputed": refreshed},
                    comment=f"values as of {cycle.end_date.isoformat()}")
    return len(plan)


def _progress(rows: list, desc: str):
    """A bar with counts and rate when a cycle opens from the command line (flask appraisal
    refresh, the seed); none inside a web request (app/core/progress.py)."""
    from flask import has_request_context

    from app.core.progress import track

    return track(rows, len(rows), desc, unit="人", enabled=not has_request_context())


def _line_rows(template) -> list[dict]:
    return [{"position": i, "code": ind["code"], "name": ind["name"],
             "weight": Decimal(ind["weight"]), "source": ind["source"], "rule": ind["rule"],
             "target": Decimal(ind["target"]) if ind.get("target") else None,
             "params": {k: ind[k] for k in ("bands", "per_event") if k in ind} or None}
            for i, ind in enumerate(template.indicators, start=1)]


def _insert_appraisals(cycle: AppraisalCycle, plan) -> None:
    """Values first (set-based), then the appraisals and their lines in two INSERTs."""
    wanted: dict[str, set[int]] = {}
    for emp_id, _dept, template in plan:
        for ind in template.indicators:
            if ind["source"] != "manual":
                wanted.setdefault(ind["source"], set()).add(emp_id)
    values = _values(cycle, wanted)
    now = utcnow()
    appraisal_rows, lines_of = [], {}
    for emp_id, dept_id, template in _progress(plan, "考核周期：建立考核表"):
        lines = _line_rows(template)
        for line in lines:
            line["value"] = values.get(line["source"], {}).get(emp_id)
            line["score"] = line_score(SimpleNamespace(**line))
        score = q2(sum((line["score"] for line in lines), Decimal(0)))
        appraisal_rows.append({"cycle_id": cycle.id, "employee_id": emp_id,
                               "department_id": dept_id, "template_id": template.id,
                               "status": "self_review", "score": score,
                               "grade": grade_for(score, cycle.grade_bands),
                               "public": False, "below_target": False,
                               "restriction_flag": False, "computed_at": now,
                               "created_at": now})
        lines_of[emp_id] = lines
    created = db.session.execute(
        insert(Appraisal).returning(Appraisal.id, Appraisal.employee_id), appraisal_rows)
    line_rows = []
    for appraisal_id, emp_id in created:
        for line in lines_of[emp_id]:
            line_rows.append({**line, "appraisal_id": appraisal_id, "created_at": now})
    db.session.execute(insert(AppraisalLine), line_rows)


def _values(cycle: AppraisalCycle, wanted: dict[str, set[int]]) -> dict[str, dict]:
    return {code: metrics.compute(code, emps, cycle.start_date, cycle.end_date)
            for code, emps in wanted.items() if code in metrics.METRICS}


def compute_cycle(cycle: AppraisalCycle) -> int:
    """Recompute the computed lines of the cycle's appraisals not yet consolidated by HR: one
    query per metric for all of them, then UPDATEs of only the rows whose numbers changed
    (so running it twice changes nothing). Returns how many appraisals changed."""
    from app.appraisal.metrics import register_all

    register_all()
    with unscoped():
        rows = db.session.execute(
            select(AppraisalLine.id, AppraisalLine.appraisal_id, AppraisalLine.source,
                   AppraisalLine.rule, AppraisalLine.weight, AppraisalLine.target,
                   AppraisalLine.params, AppraisalLine.value, AppraisalLine.score,
                   Appraisal.employee_id, Appraisal.score.label("total"),
                   Appraisal.grade)
            .join(Appraisal, AppraisalLine.appraisal_id == Appraisal.id)
            .where(Appraisal.cycle_id == cycle.id, Appraisal.status.in_(REFRESHABLE))
        ).all()
        if not rows:
            return 0
        wanted: dict[str, set[int]] = {}
        for r in rows:
            if r.source != "manual":
                wanted.setdefault(r.source, set()).add(r.employee_id)
        values = _values(cycle, wanted)
        line_updates, totals, before = [], {}, {}
        for r in rows:
            value = values[r.source].get(r.employee_id) if r.source in values else r.value
            score = line_score(SimpleNamespace(rule=r.rule, value=value, target=r.target,
                                               params=r.params, source=r.source,
                                               weight=r.weight))
            if _differs(r.value, value) or _differs(r.score, score):
                line_updates.append({"id": r.id, "value": value, "score": score})
            totals[r.appraisal_id] = totals.get(r.appraisal_id, Decimal(0)) + score
            before[r.appraisal_id] = (r.total, r.grade)
        now = utcnow()
        appraisal_updates = []
        for appraisal_id, score in totals.items():
            score = q2(score)
            grade = grade_for(score, cycle.grade_bands)
            if _differs(before[appraisal_id][0], score) or before[appraisal_id][1] != grade:
                appraisal_updates.append({"id": appraisal_id, "score": score, "grade": grade,
                                          "computed_at": now})
        if line_updates:
            db.session.execute(update(AppraisalLine), line_updates)
        if appraisal_updates:
            db.session.execute(update(Appraisal), appraisal_updates)
        cycle.computed_at = now
        return len(appraisal_updates)


def _differs(old, new) -> bool:
    if old is None or new is None:
        return old is not new
    return Decimal(str(old)) != Decimal(str(new))


def total(a: Appraisal, lines, cycle: AppraisalCycle) -> None:
    """Score every line, the weighted sum and the grade (only what changed is written)."""
    score = Decimal(0)
    for line in lines:
        s = line_score(line)
        if _differs(line.score, s):
            line.score = s
        score += s
    score = q2(score)
    if _differs(a.score, score):
        a.score = score
    grade = grade_for(score, cycle.grade_bands)
    if a.grade != grade:
        a.grade = grade


def apply_scores(a: Appraisal, scores: dict, *, require_all: bool) -> None:
    """The supervisor's ratings (0–100) of the manual indicators; Invalid names the code."""
    manual = {line.code: line for line in a.lines if line.source == "manual"}
    scores = {code: Decimal(str(value)) for code, value in scores.items()}
    unknown = sorted(set(scores) - set(manual))
    if unknown:
        raise Invalid(str(_l("Not a manual indicator of this appraisal: %(c)s",
                             c=", ".join(unknown))), field="scores")
    if require_all:
        missing = sorted(c for c, line in manual.items()
                         if c not in scores and line.value is None)
        if missing:
            raise Invalid(str(_l("Rate every manual indicator: %(c)s missing",
                                 c=", ".join(missing))), field="scores")
    for code, value in scores.items():
        if not Decimal(0) <= value <= Decimal(100):
            raise Invalid(str(_l("%(c)s: a rating is 0-100", c=code)), field="scores")
        if _differs(manual[code].value, value):
            manual[code].value = value
    total(a, list(a.lines), a.cycle)


def settle(a: Appraisal) -> None:
    """At finalize: bonus from the cycle's table, below-target and 業務限制 flags."""
    cycle = a.cycle
    a.bonus = bonus_for(Decimal(str(a.score)) if a.score is not None else None,
                        cycle.bonus_table)
    a.below_target = a.score is None or Decimal(str(a.score)) < Decimal(str(cycle.pass_score))
    a.finalized_at = utcnow()
    if cycle.period == "monthly":
        flag_restrictions(a)


def flag_restrictions(a: Appraisal) -> bool:
    """Flag 業務限制 when this and the previous N-1 monthly results were all below target
    (003: 對于連續一定時期業績不達標的員工，對其進行業務限制)."""
    n = int(a.cycle.restrict_after or 3)
    with unscoped():
        rows = db.session.execute(
            select(Appraisal.id, Appraisal.below_target, AppraisalCycle.end_date)
            .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
            .where(Appraisal.employee_id == a.employee_id, AppraisalCycle.period == "monthly",
                   Appraisal.status == "final", Appraisal.id != a.id,
                   AppraisalCycle.end_date < a.cycle.end_date)
            .order_by(AppraisalCycle.end_date.desc()).limit(n - 1)).all()
    streak = [a.below_target] + [r.below_target for r in rows]
    flagged = len(streak) >= n and all(streak)
    if a.restriction_flag != flagged:
        a.restriction_flag = flagged
    return flagged


def refresh(cycle_id: int) -> list[str]:
    """CLI job: open the cycle's missing appraisals (if open) and recompute (idempotent)."""
    with unscoped():
        cycle = db.session.get(AppraisalCycle, cycle_id)
        if cycle is None:
            raise NotFound(str(_l("No such appraisal cycle")))
        if cycle.status != "open":
            raise Invalid(str(_l("Only an open cycle is refreshed")), field="cycle")
        created = open_cycle(cycle)
        n = db.session.scalar(select(db.func.count(Appraisal.id))
                              .where(Appraisal.cycle_id == cycle.id))
        db.session.commit()
    return [f"{cycle.name}: {created} appraisals created, {n} in the cycle, values as of "
            f"{cycle.end_date.isoformat()}"]


def indicators(a: Appraisal, *, limit: int = 50, records: bool = True,
               code: str | None = None) -> list[dict]:
    """The indicators contract: code, name, weight, source, value, score, records (the
    records only when asked: the page loads them per indicator, on demand)."""
    out = []
    cycle = a.cycle
    for line in a.lines:
        if code is not None and line.code != code:
            continue
        metric = metrics.METRICS.get(line.source)
        found = (metrics.records(line.source, a.employee_id, cycle.start_date, cycle.end_date,
                                 limit) if metric and records else [])
        out.append({
            "code": line.code, "name": line.name, "weight": _plain(line.weight),
            "source": "manual" if line.source == "manual" else str(
                metric.label if metric else line.source),
            "source_code": line.source, "rule": line.rule, "target": _plain(line.target),
            "value": _plain(line.value), "score": _plain(line.score),
            "records": [{k: (str(v) if k == "label" else v) for k, v in r.items()}
                        for r in found],
        })
    return out


def _plain(d):
    return None if d is None else float(Decimal(str(d)))


def previous_month(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or dt.date.today()
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end

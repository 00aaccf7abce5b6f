"""Training rules and the metrics that feed appraisals (000: 將培訓成績和評估結果與員工績效考核
掛鉤; 002: 對于考核不合格的員工,安排補考或再次培訓,直至合格為止)."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from app.appraisal.models_training import (
    TRAINING_KINDS,
    TRAINING_STATUSES,
    Training,
    TrainingRecord,
)
from app.appraisal.scoring import dec
from app.core.errors import Invalid
from app.core.metrics import Metric, period_bounds, ratio, record
from app.core.scope import unscoped
from app.extensions import db


def validate_training(t: Training) -> None:
    t.kind = t.kind or "internal"
    t.status = t.status or "planned"
    if t.kind not in TRAINING_KINDS:
        raise Invalid(str(_l("Kind must be one of: %(c)s", c=", ".join(TRAINING_KINDS))),
                      field="kind")
    if t.status not in TRAINING_STATUSES:
        raise Invalid(str(_l("Status must be one of: %(c)s", c=", ".join(TRAINING_STATUSES))),
                      field="status")
    if not (t.title or "").strip():
        raise Invalid(str(_l("Title is required")), field="title")
    if t.starts_at is None:
        raise Invalid(str(_l("Start time is required")), field="starts_at")
    if t.plan_year in (None, ""):
        t.plan_year = t.starts_at.year
    if not 2000 <= int(t.plan_year) <= 2100:
        raise Invalid(str(_l("Plan year must be between 2000 and 2100")), field="plan_year")
    t.pass_score = Decimal(60) if t.pass_score in (None, "") else dec(t.pass_score, "pass_score")
    if not 0 <= t.pass_score <= 100:
        raise Invalid(str(_l("The pass score is 0-100")), field="pass_score")


def validate_record(r: TrainingRecord) -> None:
    """Score 0–100 decides the pass; a re-test (attempt > 1) only after a failed attempt."""
    from app.core.rules import cite
    from app.org.models import Employee

    with unscoped():
        training = db.session.get(Training, r.training_id) if r.training_id else r.training
        employee = db.session.get(Employee, r.employee_id) if r.employee_id else r.employee
    if training is None or employee is None:
        raise Invalid(str(_l("Choose a training and an employee")), field="training")
    r.department_id = employee.department_id
    r.attempt = int(r.attempt or 1)
    if r.attempt < 1 or r.attempt > 20:
        raise Invalid(str(_l("Attempt must be between 1 and 20")), field="attempt")
    if r.score not in (None, ""):
        r.score = dec(r.score, "score")
        if not 0 <= r.score <= 100:
            raise Invalid(str(_l("The score is 0-100")), field="score")
        r.passed = r.score >= Decimal(str(training.pass_score))
        r.attended = True
    else:
        r.score, r.passed = None, None
    with unscoped():
        earlier = db.session.execute(
            select(TrainingRecord.attempt, TrainingRecord.passed)
            .where(TrainingRecord.training_id == training.id,
                   TrainingRecord.employee_id == employee.id,
                   TrainingRecord.attempt < r.attempt,
                   TrainingRecord.id != (r.id or 0))
            .order_by(TrainingRecord.attempt)).all()
    if r.attempt > 1:
        if len(earlier) != r.attempt - 1 or any(p is not False for _, p in earlier):
            raise Invalid(str(_l("A re-test follows a failed attempt, one at a time")) + " "
                          + cite("002.training.retest"), field="attempt")


# --- metrics: training results feed the appraisal ----------------------------------------
def _held(ids, start, end):
    lo, hi = period_bounds(start, end)
    return (TrainingRecord.employee_id.in_(ids), Training.starts_at >= lo,
            Training.starts_at < hi, Training.status != "cancelled")


def score(ids, start, end):
    """Best score of each training held in the period, averaged per employee."""
    best = (select(TrainingRecord.employee_id, func.max(TrainingRecord.score).label("s"))
            .join(Training, TrainingRecord.training_id == Training.id)
            .where(*_held(ids, start, end), TrainingRecord.score.is_not(None))
            .group_by(TrainingRecord.employee_id, TrainingRecord.training_id).subquery())
    return dict(db.session.execute(select(best.c.employee_id, func.avg(best.c.s))
                                   .group_by(best.c.employee_id)).all())


def attendance(ids, start, end):
    rows = db.session.execute(
        select(TrainingRecord.employee_id, func.count(TrainingRecord.id),
               func.sum(case((TrainingRecord.attended.is_(True), 1), else_=0)))
        .join(Training, TrainingRecord.training_id == Training.id)
        .where(*_held(ids, start, end), TrainingRecord.attempt == 1)
        .group_by(TrainingRecord.employee_id))
    return {emp: ratio(ok, n) for emp, n, ok in rows}


def records(emp, start, end, limit):
    rows = db.session.execute(
        select(TrainingRecord.id, Training.title, TrainingRecord.attempt, TrainingRecord.score)
        .join(Training, TrainingRecord.training_id == Training.id)
        .where(*_held([emp], start, end)).order_by(Training.starts_at, TrainingRecord.attempt)
        .limit(limit))
    return [record("training_record", i, f"{title} #{attempt} {s if s is not None else ''}"
                   .strip(), "TrainingRecordView.show") for i, title, attempt, s in rows]


METRICS = (
    Metric("training.score", _l("Training score"), "score", score, "000.training.appraisal",
           records, empty=None),
    Metric("training.attendance", _l("Training attendance (%)"), "percent", attendance,
           "000.training.appraisal", records, empty=None),
)

"""Large exports as background jobs (issue 14): progress, a private download, expiry.

A list's export estimated above ``EXPORT_BACKGROUND_ROWS`` rows (PostgreSQL's planner estimate
in the user's scope; the exact count elsewhere) is not streamed in the request: it becomes an
``export_job`` row (requester, resource, format, filters, status, rows done, estimate, file)
and runs in a daemon thread of the same worker, with its own application context, its own
database session and a request context in which the requester is logged in — so the list's
query is rebuilt from the same URL, and the core's scope, consent rule and reveal permission
apply exactly as in the request. The page ``/exportjob/<id>`` shows rows done against the
estimate and, when done, the download link; only the requester (and who holds ``can_manage``
on ``export_job``: Admin) may open or download it. Files live under ``EXPORT_ROOT`` (default
``UPLOAD_ROOT/exports``, shared by every server) and expire after ``EXPORT_JOB_TTL_HOURS``
(24); ``flask data export-clean`` deletes expired files and fails jobs whose worker died.

Why a thread: gunicorn's gthread workers are long-lived processes, so a daemon thread needs
nothing more to deploy or to watch; progress goes to the database (any worker answers the
page). A restart of the worker kills the thread: its heartbeat stops and ``export-clean``
marks it failed, the user starts it again. Deployments that want a separate worker set
``EXPORT_JOB_RUNNER=cli`` and run ``flask data export-run`` from a timer instead.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import threading
import time

from flask import current_app, flash, g, jsonify, redirect, request, url_for
from flask_appbuilder import Model
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    select,
    text,
    update,
)

from app.core.models import utcnow
from app.extensions import db

log = logging.getLogger(__name__)

RESOURCE = "export_job"
MANAGE = "can_manage"
STATUS_LABELS = {"queued": _l("Queued"), "running": _l("Running"), "done": _l("Ready"),
                 "failed": _l("Failed"), "expired": _l("Expired")}
# A running job whose heartbeat is older than this has lost its worker.
STALE_AFTER = dt.timedelta(minutes=10)
PROGRESS_EVERY = 1.0  # seconds between two progress writes
THREADS: dict[int, threading.Thread] = {}


class ExportJob(Model):
    """One background export: who asked, what (the list's URL rebuilds its query), how far."""

    __tablename__ = "export_job"
    __table_args__ = (Index("ix_export_job_requester_id_id", "requester_id", "id"),
                      Index("ix_export_job_status", "status"))

    id = Column(Integer, primary_key=True)
    requester_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    requester_name = Column(String(256), nullable=True)
    resource = Column(String(64), nullable=False)
    format = Column(String(8), nullable=False)
    filters = Column(JSON, nullable=True)  # {"filters": [[col, op, value]], "order": [...]}
    request_args = Column(JSON, nullable=False)  # {"path", "args", "endpoint", "ip"}
    reveal = Column(Boolean, nullable=False, default=False)
    status = Column(String(16), nullable=False, default="queued")
    rows_done = Column(Integer, nullable=False, default=0)
    total_estimate = Column(Integer, nullable=True)
    rows = Column(Integer, nullable=True)
    withheld = Column(Integer, nullable=True)
    file_path = Column(String(255), nullable=True)  # a name under EXPORT_ROOT
    error = Column(String(500), nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    started_at = Column(DateTime, nullable=True)
    heartbeat_at = Column(DateTime, nullable=True)
    finished_at = Column(DateTime, nullable=True)
    expires_at = Column(DateTime, nullable=True)

    def __repr__(self) -> str:
        return f"{self.resource} {self.format} #{self.id}"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        total = self.total_estimate or 0
        return min(99, int(100 * (self.rows_done or 0) / total)) if total else 0

    def as_json(self) -> dict:
        done = self.status == "done"
        return {"id": self.id, "resource": self.resource, "format": self.format,
                "status": self.status, "status_label": self.status_label,
                "rows_done": self.rows_done,
                "total_estimate": self.total_estimate, "rows": self.rows,
                "withheld": self.withheld, "percent": self.percent, "error": self.error,
                "reveal": self.reveal,
                "expires_at": self.expires_at.isoformat() if self.expires_at else None,
                "download_url": url_for("ExportJobView.download", pk=self.id) if done else None}


# --- settings (the app's config, else the environment) ---------------------------------------

def setting(name: str, default):
    """config.py reads these from the environment; a test app may not set them."""
    value = current_app.config.get(name)
    return default if value in (None, "") else value


def threshold() -> int:
    return int(setting("EXPORT_BACKGROUND_ROWS", 50_000))


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=float(setting("EXPORT_JOB_TTL_HOURS", 24)))


def root() -> str:
    path = setting("EXPORT_ROOT", None) or os.path.join(
        current_app.config.get("UPLOAD_ROOT") or current_app.instance_path, "exports")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def available() -> bool:
    """Jobs need their pages (registered by register_export_jobs)."""
    return "ExportJobView.show" in current_app.view_functions


def estimate(query) -> int | None:
    """PostgreSQL's planner estimate of the query's rows in the user's scope; None elsewhere."""
    from app.core.interface import estimated_rows

    model = query.column_descriptions[0]["entity"]
    ids = query.with_entities(model.__mapper__.primary_key[0]).order_by(None)
    return estimated_rows(db.session, ids.statement)


# --- who sees a job --------------------------------------------------------------------------

def may_manage() -> bool:
    return bool(current_app.appbuilder.sm.has_access(MANAGE, RESOURCE))


def visible(stmt):
    """Own jobs; every job for who manages them."""
    if may_manage():
        return stmt
    user = current_app.appbuilder.sm.current_user
    return stmt.where(ExportJob.requester_id == (user.id if user is not None else -1))


def job_or_none(pk: int) -> ExportJob | None:
    return db.session.scalar(visible(select(ExportJob).where(ExportJob.id == pk)))


# --- start -----------------------------------------------------------------------------------

def start(table, fmt: str, estimated: int):
    """Record the job, start it, answer its page (UI) or 202 with its URLs (REST)."""
    user = current_app.appbuilder.sm.current_user
    job = ExportJob(
        requester_id=user.id, requester_name=user.username, resource=table.resource,
        format=fmt, filters={"filters": table.filters, "order": list(table.order)},
        request_args={"path": request.path, "args": request.args.to_dict(flat=False),
                      "endpoint": request.endpoint, "ip": request.remote_addr},
        reveal=table.reveal, status="queued", rows_done=0, total_estimate=int(estimated))
    db.session.add(job)
    db.session.commit()
    launch(job.id)
    page = url_for("ExportJobView.show", pk=job.id)
    if request.path.startswith("/api/"):
        resp = jsonify(job_id=job.id, status=job.status, total_estimate=job.total_estimate,
                       page_url=page, status_url=f"/api/v1/{RESOURCE}/{job.id}")
        resp.status_code = 202
        resp.headers["Location"] = f"/api/v1/{RESOURCE}/{job.id}"
        return resp
    flash(str(_l("About %(n)s rows: the export runs in the background. The download link "
                 "appears here when it is ready.", n=job.total_estimate)), "info")
    return redirect(page)


def launch(job_id: int) -> None:
    if setting("EXPORT_JOB_RUNNER", "thread") != "thread":
        return  # flask data export-run picks it up
    app = current_app._get_current_object()
    thread = threading.Thread(target=run, args=(app, job_id), daemon=True,
                              name=f"export-job-{job_id}")
    THREADS[job_id] = thread
    thread.start()


# --- run -------------------------------------------------------------------------------------

def run(app, job_id: int) -> str:
    """Claim the queued job and write its file; the job row says how it ended."""
    with app.app_context():
        try:
            claimed = db.session.execute(
                update(ExportJob).where(ExportJob.id == job_id, ExportJob.status == "queued")
                .values(status="running", started_at=utcnow(), heartbeat_at=utcnow()))
            db.session.commit()
            if claimed.rowcount != 1:
                return "not queued"
            return _execute(app, db.session.get(ExportJob, job_id))
        except Exception as err:  # noqa: BLE001  a job never takes its worker down
            db.session.rollback()
            from app.core.errors import ServiceError

            message = err.message if isinstance(err, ServiceError) else str(
                _l("The export failed: start it again"))
            if not isinstance(err, ServiceError):
                log.exception("export job %s failed", job_id)
            _set(job_id, status="failed", error=message[:500], finished_at=utcnow())
            return "failed"
        finally:
            db.session.remove()
            THREADS.pop(job_id, None)


def _set(job_id: int, **values) -> None:
    """Progress and outcome through their own connection: the export's cursor stays open."""
    with db.engine.begin() as conn:
        conn.execute(update(ExportJob.__table__).where(ExportJob.__table__.c.id == job_id)
                     .values(**values))


def _execute(app, job: ExportJob) -> str:
    from flask_login import login_user

    from app.core import export, export_writers

    user = app.appbuilder.sm.get_user_by_id(job.requester_id)
    if user is None or not user.is_active:
        raise PermissionError("requester inactive")
    req = job.request_args or {}
    with app.test_request_context(req.get("path") or "/", query_string=req.get("args") or {},
                                  environ_base={"REMOTE_ADDR": req.get("ip") or ""}):
        login_user(user)
        g.user = user
        table = _rebuild(req.get("endpoint") or "")
        if job.reveal:
            export.check_reveal(table)
        export.check_allowed(table.resource)
        query = table.query
        criteria = export.consent_criteria(table.model)
        if criteria is not None:
            query = query.filter(criteria)
        rows = export._count(query)
        withheld = export._count(table.query) - rows if criteria is not None else 0
        export.check_fits(job.format, rows)
        _set(job.id, total_estimate=rows, heartbeat_at=utcnow())
        name = f"{job.id}-{secrets.token_hex(8)}.{job.format}"
        path = os.path.join(root(), name)
        counted = _Counter(job.id)
        stream = counted.wrap(_rows(query, table))
        getter = export.table_getter(table)
        note = export.withheld_note(withheld)
        try:
            if job.format == "csv":
                with open(path, "wb") as fh:
                    for chunk in export_writers.csv_chunks(table, stream, getter, note):
                        fh.write(chunk)
            else:
                export_writers.write_xlsx(table, stream, getter, note, path)
            db.session.rollback()  # the read is over (closes the cursor)
            export.audit_export(db.session, table, job.format, counted.n, withheld,
                                job_id=job.id)
            now = utcnow()
            db.session.execute(update(ExportJob).where(ExportJob.id == job.id).values(
                status="done", rows_done=counted.n, rows=counted.n, withheld=withheld,
                file_path=name, finished_at=now, heartbeat_at=now, expires_at=now + ttl()))
            db.session.commit()
        except BaseException:
            _unlink(name)
            raise
    return "done"


def _rebuild(endpoint: str):
    """The list's Table, from the view or API that answered the original request."""
    from app.core import export
    from app.core.api import parse_rison

    name = endpoint.rsplit(".", 1)[0]
    view = next((v for v in current_app.appbuilder.baseviews
                 if getattr(v, "endpoint", None) == name), None)
    if view is None:
        raise LookupError(f"no view {endpoint}")
    if hasattr(view, "_handle_filters_args"):  # a REST API: the rison q
        q = request.args.get("q")
        return export.api_table(view, parse_rison(q) if q else {})
    return export.view_table(view)


def _rows(query, table):
    """The rows in the list's order: a server-side cursor on PostgreSQL; elsewhere the ids
    first, then the rows by batches of ids (no read stays open while progress is written)."""
    from app.core import export

    full = export._with_related(query, table)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
        yield from full.yield_per(export.BATCH)
        return
    pk = table.model.__mapper__.primary_key[0]
    ids = [i for (i,) in query.with_entities(pk)]
    key = table.model.__mapper__.get_property_by_column(pk).key
    for start_at in range(0, len(ids), export.BATCH):
        chunk = ids[start_at:start_at + export.BATCH]
        where = {i: n for n, i in enumerate(chunk)}
        batch = full.filter(getattr(table.model, key).in_(chunk)).all()
        yield from sorted(batch, key=lambda r: where[getattr(r, key)])


class _Counter:
    """Counts the rows written, recording the count at most once a second."""

    def __init__(self, job_id: int):
        self.job_id, self.n, self.last = job_id, 0, time.monotonic()

    def wrap(self, rows):
        for row in rows:
            self.n += 1
            now = time.monotonic()
            if now - self.last >= PROGRESS_EVERY:
                self.last = now
                _set(self.job_id, rows_done=self.n, heartbeat_at=utcnow())
            yield row


def _unlink(name: str | None) -> None:
    if not name or os.sep in name or name.startswith("."):
        return
    try:
        os.unlink(os.path.join(root(), name))
    except OSError:
        pass


def file_of(job: ExportJob) -> str | None:
    """The job's file when it is ready, not expired and still on disk."""
    if job.status != "done" or not job.file_path or (
            job.expires_at is not None and job.expires_at <= utcnow()):
        return None
    name = os.path.basename(job.file_path)
    path = os.path.join(root(), name)
    return path if os.path.isfile(path) else None


# --- housekeeping ----------------------------------------------------------------------------

def run_queued(app, job_id: int | None = None) -> list[str]:
    """``flask data export-run``: the queued jobs (or one), one after the other."""
    stmt = select(ExportJob.id).where(ExportJob.status == "queued").order_by(ExportJob.id)
    if job_id is not None:
        stmt = stmt.where(ExportJob.id == job_id)
    ids = list(db.session.scalars(stmt))
    db.session.remove()
    return [f"job {i}: {run(app, i)}" for i in ids] or ["nothing queued"]


def clean(now: dt.datetime | None = None) -> list[str]:
    """Expired files deleted (their jobs ``expired``); running jobs without a heartbeat
    for STALE_AFTER (or, with the thread runner, still queued after it) ``failed``. Safe to
    run at any time, twice."""
    now = now or utcnow()
    out = []
    for job in db.session.scalars(select(ExportJob).where(
            ExportJob.status == "done", ExportJob.expires_at <= now)):
        _unlink(job.file_path)
        job.status, job.file_path = "expired", None
        out.append(f"job {job.id}: expired")
    stale = (ExportJob.status == "running") & (ExportJob.heartbeat_at < now - STALE_AFTER)
    if setting("EXPORT_JOB_RUNNER", "thread") == "thread":  # never started: worker gone
        stale = stale | ((ExportJob.status == "queued") &
                         (ExportJob.created_at < now - STALE_AFTER))
    for job in db.session.scalars(select(ExportJob).where(stale)):
        job.status, job.finished_at = "failed", now
        job.error = str(_l("The export was interrupted: start it again"))
        out.append(f"job {job.id}: interrupted")
    db.session.commit()
    return out or ["nothing to clean"]

"""Pages of the background exports (app/core/export_jobs.py): the user's jobs, one job's
progress (polled as JSON), the download; and their REST twin ``/api/v1/export_job/<id>``
(status) and ``/api/v1/export_job/<id>/download`` for JWT clients that got a 202. Only the
requester sees a job, or who holds ``can_manage`` on ``export_job``; a job of someone else is
404, as any record out of scope."""
from __future__ import annotations

from flask import abort, current_app, jsonify, send_file
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, safe
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import audit, export_jobs
from app.core.export import MIMETYPES
from app.core.export_jobs import ExportJob
from app.extensions import db

ACTION_DOWNLOAD = "export_download"


class ExportJobView(BaseView):
    route_base = "/exportjob"
    class_permission_name = export_jobs.RESOURCE
    method_permission_name = {"index": "read", "show": "read", "status": "read",
                              "download": "read"}
    base_permissions = ["can_read", export_jobs.MANAGE]
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        jobs = db.session.scalars(export_jobs.visible(select(ExportJob))
                                  .order_by(ExportJob.id.desc()).limit(50)).all()
        return self.render_template("yuelao/export_jobs.html", jobs=jobs,
                                    title=_l("My exports"))

    @expose("/<int:pk>")
    @has_access
    def show(self, pk):
        job = _job(pk)
        return self.render_template("yuelao/export_job.html", job=job,
                                    ready=export_jobs.file_of(job) is not None,
                                    title=_l("Export %(id)s", id=job.id))

    @expose("/<int:pk>/status")
    @has_access
    def status(self, pk):
        return jsonify(_job(pk).as_json())

    @expose("/<int:pk>/download")
    @has_access
    def download(self, pk):
        return _send(_job(pk))


class ExportJobApi(BaseApi):
    resource_name = export_jobs.RESOURCE
    class_permission_name = export_jobs.RESOURCE
    method_permission_name = {"get": "read", "download": "read"}
    allow_browser_login = True

    @expose("/<int:pk>", methods=["GET"])
    @protect()
    @safe
    @permission_name("get")
    def get(self, pk):
        """A background export: status, rows done, estimate, download URL when ready
        ---
        get:
          responses:
            200: {description: the job}
            404: {description: no such job of yours}
        """
        job = export_jobs.job_or_none(pk)
        if job is None:
            return self.response_404()
        out = job.as_json()
        if out["download_url"]:
            out["download_url"] = f"/api/v1/{export_jobs.RESOURCE}/{job.id}/download"
        return self.response(200, result=out)

    @expose("/<int:pk>/download", methods=["GET"])
    @protect()
    @safe
    @permission_name("download")
    def download(self, pk):
        """The finished export's file
        ---
        get:
          responses:
            200: {description: "CSV (UTF-8 with BOM) or XLSX"}
            404: {description: no such job of yours, not ready or expired}
        """
        job = export_jobs.job_or_none(pk)
        if job is None or export_jobs.file_of(job) is None:
            return self.response_404()
        return _send(job)


def _send(job: ExportJob):
    """The file, once its download is audited; 404 when not ready or expired."""
    path = export_jobs.file_of(job)
    if path is None:
        abort(404)
    audit.write(db.session, ACTION_DOWNLOAD, job.resource, None,
                comment=str(_l("Downloaded export %(id)s", id=job.id)),
                changes={"job_id": job.id, "rows": job.rows, "format": job.format,
                         "requester": job.requester_name})
    db.session.commit()
    name = f"{job.resource}-{job.created_at:%Y%m%d-%H%M}.{job.format}"
    resp = send_file(path, mimetype=MIMETYPES[job.format], as_attachment=True,
                     download_name=name)
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


def _job(pk: int) -> ExportJob:
    job = export_jobs.job_or_none(pk)
    if job is None:
        abort(404)
    return job


def register_export_jobs(appbuilder) -> None:
    """The job pages (no menu entry: the export answers with the job's page, which links to
    the list of the user's exports). Once per app."""
    if "ExportJobView.show" not in current_app.view_functions:
        appbuilder.add_view_no_menu(ExportJobView)
        appbuilder.add_api(ExportJobApi)

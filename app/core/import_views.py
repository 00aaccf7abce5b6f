"""The import page of every importable list, its REST twin and the template download.

``<view>/import/``: download the template (XLSX, headers in the user's language), upload an
XLSX / CSV, see the preview (each row new / update / error with the reason per cell), confirm.
The uploaded file waits for the confirmation in a private temporary file named by a random
token, bound to the user and the resource. ``POST /api/v1/<resource>/import[?dry_run=1]``
(multipart ``file``) answers the same preview as JSON (DESIGN §1).
"""
from __future__ import annotations

import io
import json
import os
import re
import secrets
import tempfile
from contextlib import contextmanager

import click
from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l

from app.core import importer
from app.core.errors import Invalid, ServiceError
from app.extensions import db

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(spec: importer.ImportSpec) -> io.BytesIO:
    """An XLSX with the headers in the user's language and one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = str(spec.label)[:31]
    ws.append([str(c.label) for c in spec.columns])
    ws.append([str(c.example) for c in spec.columns])
    for i, c in enumerate(spec.columns, start=1):
        head = ws.cell(row=1, column=i)
        head.font = Font(bold=c.required)
        ws.column_dimensions[head.column_letter].width = 16
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def batches(resource: str, limit: int = 20) -> list:
    """The latest batches of ``resource``: all for who may read the audit log, else own."""
    from sqlalchemy import select

    batch = importer.ImportBatch
    sm = current_app.appbuilder.sm
    stmt = select(batch).where(batch.resource == resource)
    if not sm.has_access("can_read", "auditlog"):
        user = sm.current_user
        stmt = stmt.where(batch.user_id == (user.id if user is not None else -1))
    return list(db.session.scalars(stmt.order_by(batch.id.desc()).limit(limit)))


def uploaded() -> tuple[str, bytes]:
    """(file name, bytes) of the multipart field ``file``; Invalid when there is none."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Invalid(str(_l("Choose a file to upload")), field="file")
    data = upload.stream.read(importer.MAX_BYTES + 1)
    return upload.filename, data


def run_checked(spec, filename, data, *, dry_run: bool) -> dict:
    """``importer.run`` with the session rolled back on refusal, committed on success."""
    try:
        result = importer.run(spec, filename, data, dry_run=dry_run)
    except ServiceError:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return result


# --- the file waiting for confirmation ------------------------------------------------

def _folder() -> str:
    path = os.path.join(tempfile.gettempdir(), "yuelao-import")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def park(resource: str, filename: str, data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    user = current_app.appbuilder.sm.current_user
    base = os.path.join(_folder(), token)
    with open(base + ".bin", "wb") as fh:
        fh.write(data)
    with open(base + ".json", "w", encoding="utf-8") as fh:
        json.dump({"resource": resource, "user_id": user.id, "name": filename}, fh)
    return token


def unpark(resource: str, token: str) -> tuple[str, bytes]:
    if not _TOKEN.match(token or ""):
        raise Invalid(str(_l("The upload has expired: upload the file again")), field="file")
    base = os.path.join(_folder(), token)
    try:
        with open(base + ".json", encoding="utf-8") as fh:
            meta = json.load(fh)
        with open(base + ".bin", "rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        raise Invalid(str(_l("The upload has expired: upload the file again")),
                      field="file") from None
    user = current_app.appbuilder.sm.current_user
    if meta.get("resource") != resource or meta.get("user_id") != user.id:
        raise Invalid(str(_l("The upload has expired: upload the file again")), field="file")
    return meta.get("name") or "", data


def discard(token: str) -> None:
    if _TOKEN.match(token or ""):
        for ext in (".bin", ".json"):
            try:
                os.unlink(os.path.join(_folder(), token + ext))
            except OSError:
                pass


# --- the page ---------------------------------------------------------------------------

def page(view):
    """GET: the page; POST ``file``: the preview; POST ``token`` + ``confirm``: the import."""
    spec = importer.spec_for(view.class_permission_name)
    if spec is None:
        abort(404)
    list_url = url_for(f"{view.endpoint}.list")
    context = {"spec": spec, "list_url": list_url, "result": None, "token": None,
               "template_url": url_for(f"{view.endpoint}.import_template"),
               "columns": spec.columns, "title": _l("Import: %(what)s", what=spec.label)}
    if request.method == "POST":
        try:
            if request.form.get("confirm") and request.form.get("token"):
                token = request.form["token"]
                name, data = unpark(spec.resource, token)
                result = run_checked(spec, name, data, dry_run=False)
                discard(token)
                counts = result["counts"]
                flash(str(_l("Imported: %(c)s new, %(u)s updated (batch %(b)s)",
                             c=counts["create"], u=counts["update"], b=result["batch_id"])),
                      "success")
                return redirect(list_url)
            name, data = uploaded()
            context["result"] = run_checked(spec, name, data, dry_run=True)
            context["file_name"] = name
            if not context["result"]["counts"]["error"]:
                context["token"] = park(spec.resource, name, data)
        except ServiceError as err:
            flash(err.message, "danger")
            if "rows" in err.details:
                context["result"] = {k: err.details[k] for k in ("rows", "counts")}
    context["batches"] = batches(spec.resource)
    return view.render_template("yuelao/import.html", **context)


def template_download(view):
    spec = importer.spec_for(view.class_permission_name)
    if spec is None:
        abort(404)
    return send_file(template(spec), mimetype=XLSX, as_attachment=True,
                     download_name=f"{spec.resource}-template.xlsx")


def api_import(api):
    """REST: the preview (``dry_run=1``) or the import; 422 with the preview on any error."""
    spec = importer.spec_for(api.class_permission_name)
    if spec is None:
        return api.response_404()
    dry_run = request.args.get("dry_run", "").lower() in ("1", "true", "yes")
    name, data = uploaded()
    result = run_checked(spec, name, data, dry_run=dry_run)
    return api.response(200, **result)


def list_links(view) -> dict:
    """The list page's 导出 / 导入 links, for whoever may use them."""
    sm = current_app.appbuilder.sm
    resource = view.class_permission_name
    links: dict = {}
    endpoint = view.endpoint
    if f"{endpoint}.export" in current_app.view_functions and \
            sm.has_access("can_export", resource):
        args = {k: v for k, v in request.args.to_dict(flat=False).items()
                if k not in ("format", "_search", "reveal")}
        links["xlsx"] = url_for(f"{endpoint}.export", **args, format="xlsx")
        links["csv"] = url_for(f"{endpoint}.export", **args, format="csv")
        from app.core.export import may_reveal

        if "ExportJobView.index" in current_app.view_functions:  # large exports' jobs
            links["jobs"] = url_for("ExportJobView.index")
        if getattr(view.datamodel.obj, "audit_masked_columns", None) and may_reveal(resource):
            links["xlsx_reveal"] = url_for(f"{endpoint}.export", **args, format="xlsx",
                                           reveal=1)
    if f"{endpoint}.import_rows" in current_app.view_functions and \
            importer.spec_for(resource) is not None and sm.has_access("can_write", resource):
        links["import"] = url_for(f"{endpoint}.import_rows")
    return links


# --- flask data import / template ---------------------------------------------------------

data_cli = AppGroup("data", help="Import lists from XLSX / CSV files; background exports.")


@data_cli.command("export-run")
@click.option("--job", "job_id", type=int, default=None, help="Only this job.")
def export_run_command(job_id: int | None) -> None:
    """Run the queued background exports (EXPORT_JOB_RUNNER=cli), one after the other."""
    from app.core import export_jobs

    for line in export_jobs.run_queued(current_app._get_current_object(), job_id):
        click.echo(line)


@data_cli.command("export-clean")
def export_clean_command() -> None:
    """Delete expired export files; fail running exports whose worker died (cron-safe)."""
    from app.core import export_jobs

    for line in export_jobs.clean():
        click.echo(line)


@data_cli.command("import")
@click.argument("resource")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "username", default=None,
              help="Act as this user: their scope, write scope and permission (default: the "
                   "system, every department).")
@click.option("--dry-run", is_flag=True, help="Show the preview, write nothing.")
def import_command(resource: str, path: str, username: str | None, dry_run: bool) -> None:
    """Import RESOURCE (client, employee, asset, supply_item, budget_line) from PATH."""
    from contextlib import nullcontext

    spec = importer.spec_for(resource)
    if spec is None:
        raise click.ClickException(f"{resource}: not importable; one of "
                                   f"{', '.join(sorted(importer.specs()))}")
    with open(path, "rb") as fh:
        data = fh.read(importer.MAX_BYTES + 1)
    with _acting_as(username, resource) if username else nullcontext():
        try:
            result = importer.run(spec, os.path.basename(path), data, dry_run=dry_run,
                                  show_progress=True)
        except ServiceError as err:
            db.session.rollback()
            _echo_errors(err.details.get("rows") or [])
            raise click.ClickException(err.message) from None
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    _echo_errors(result["rows"])
    c = result["counts"]
    click.echo(f"{c['total']} rows: {c['create']} new, {c['update']} updated, "
               f"{c['error']} errors" + (" (dry run)" if dry_run else
                                         f"; batch {result['batch_id']}"))


def _echo_errors(rows) -> None:
    for r in rows:
        if r["action"] == "error":
            click.echo(f"row {r['row']}: " + "; ".join(f"{k}: {v}" for k, v in
                                                         r["errors"].items()), err=True)


@contextmanager
def _acting_as(username: str, resource: str):
    """A request context in which ``username`` is the current user (scope, permissions)."""
    from flask import g
    from flask_login import login_user

    app = current_app._get_current_object()
    sm = app.appbuilder.sm
    user = sm.find_user(username=username)
    if user is None:
        raise click.ClickException(f"no user {username}")
    with app.test_request_context("/"):
        login_user(user)
        g.user = user
        if not sm.has_access("can_write", resource):
            raise click.ClickException(f"{username} may not write {resource}")
        yield user

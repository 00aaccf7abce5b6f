"""Attachments for any resource (receipts, invoices, vouchers): DESIGN §1.

``POST /api/v1/<resource>/<pk>/attachments`` (multipart field ``file``) → 201 ``{"id", "name",
"size"}``; ``GET`` the same URL lists them; ``GET .../attachments/<id>`` downloads one. The record
is loaded with ``scoped_get``, so an attachment lives in its record's scope (404 outside it);
uploading needs ``can_write`` on the resource. The type is recognised from the file's first bytes
(PDF, JPEG, PNG, WebP), never from its name. Each upload is audited under the record's resource;
the file is removed again when the transaction fails.

A resource declares ``attachments = True`` on its YuelaoModelApi; ``register_attachments``
adds the endpoints for every such API (or for the APIs / (resource, model) pairs given).
"""
from __future__ import annotations

import logging
import os
import uuid

from flask import current_app, redirect, request, send_file
from flask_appbuilder import Model
from flask_appbuilder.api import BaseApi, expose, safe
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, func, select
from werkzeug.utils import secure_filename

from app.core import audit
from app.core.errors import Forbidden, Invalid, NotFound, ServiceError
from app.core.models import utcnow
from app.core.scope import scoped_get
from app.core.uploads import resolve
from app.extensions import db

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# extension → content type, for the types accepted (receipts: scans, photos, PDFs).
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
                 "webp": "image/webp"}
ACTION_ATTACH = "attach"


class Attachment(Model):
    """One file attached to one record of one resource. Rows are never edited."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_record", "resource", "record_id", "id"),)

    id = Column(Integer, primary_key=True)
    resource = Column(String(64), nullable=False)
    record_id = Column(Integer, nullable=False)
    name = Column(String(255), nullable=False)  # as uploaded (shown, never used as a path)
    path = Column(String(500), nullable=False)  # relative to UPLOAD_ROOT
    size = Column(Integer, nullable=False)
    content_type = Column(String(100), nullable=False)
    created_by_id = Column(Integer, ForeignKey("ab_user.id"), nullable=True, index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return self.name

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "size": self.size,
                "content_type": self.content_type,
                "created_at": self.created_at.isoformat() if self.created_at else None}


def sniff(data: bytes) -> str | None:
    """The extension (pdf / jpg / png / webp) the magic bytes say, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


# resource → model class, filled by register_attachments.
MODELS: dict[str, type] = {}


def _record(resource: str, pk):
    model = MODELS.get(resource)
    if model is None:
        raise NotFound(str(_l("Record not found")))
    row = scoped_get(model, pk)
    if row is None:
        raise NotFound(str(_l("Record not found")))
    return row


def count(resource: str, record_id: int) -> int:
    """How many files the record has (unscoped: callers have loaded the record already)."""
    return db.session.scalar(
        select(func.count(Attachment.id))
        .where(Attachment.resource == resource, Attachment.record_id == int(record_id))) or 0


def list_for(resource: str, record_id: int) -> list[Attachment]:
    _record(resource, record_id)
    return list(db.session.scalars(
        select(Attachment)
        .where(Attachment.resource == resource, Attachment.record_id == int(record_id))
        .order_by(Attachment.id)))


def add(resource: str, record_id: int, filename: str | None, stream) -> Attachment:
    """Store the upload under UPLOAD_ROOT/attachments/<resource>/<id>/ and record it; commits.

    NotFound (missing or out of scope), Forbidden (no can_write on the resource), Invalid
    (empty, too large, not a PDF / JPEG / PNG / WebP). Nothing is written then."""
    _record(resource, record_id)
    if not current_app.appbuilder.sm.has_access("can_write", resource):
        raise Forbidden(str(_l("You are not permitted to attach files here")))
    data = stream.read(MAX_ATTACHMENT_BYTES + 1) if stream is not None else b""
    if not data:
        raise Invalid(str(_l("Choose a file to upload")), field="file")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise Invalid(str(_l("The file is larger than 10 MB")), field="file")
    ext = sniff(data)
    if ext is None:
        raise Invalid(str(_l("The file must be a PDF, JPEG, PNG or WebP")), field="file")
    name = (filename or "").replace("\x00", "").strip()[:255] or f"file.{ext}"
    safe_resource = secure_filename(resource) or "records"
    rel = f"attachments/{safe_resource}/{int(record_id)}/{uuid.uuid4().hex}.{ext}"
    full = resolve(rel)
    if full is None:  # cannot happen: rel is built here
        raise Invalid(str(_l("The file cannot be stored")), field="file")
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as fh:
        fh.write(data)
    user = current_app.appbuilder.sm.current_user
    att = Attachment(resource=resource, record_id=int(record_id), name=name, path=rel,
                     size=len(data), content_type=CONTENT_TYPES[ext],
                     created_by_id=getattr(user, "id", None))
    try:
        db.session.add(att)
        db.session.flush()
        audit.write(db.session, ACTION_ATTACH, resource, record_id,
                    changes={"attachment": att.id, "name": name, "size": len(data),
                             "content_type": att.content_type})
        db.session.commit()
    except Exception:
        db.session.rollback()
        try:
            os.remove(full)
        except OSError:
            log.warning("could not remove %s after a failed upload", full)
        raise
    return att


def file_of(resource: str, record_id: int, attachment_id: int) -> tuple[Attachment, str]:
    _record(resource, record_id)
    att = db.session.scalar(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.resource == resource,
        Attachment.record_id == int(record_id)))
    full = resolve(att.path) if att is not None else None
    if full is None or not os.path.isfile(full):
        raise NotFound(str(_l("File not found")))
    return att, full


# --- REST -----------------------------------------------------------------------------------

class AttachmentApiBase(BaseApi):
    """The attachment endpoints of one resource; subclassed per resource at registration."""

    resource: str = ""
    allow_browser_login = True
    method_permission_name = {"attachments": "read", "upload_attachment": "write",
                              "download_attachment": "read"}

    def _error(self, err: ServiceError):
        if err.status == 404:
            return self.response_404()
        return self.response(err.status, message=err.message, **err.details)

    @expose("/<int:pk>/attachments", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("attachments")
    def attachments(self, pk):
        """The record's attachments, oldest first
        ---
        get:
          parameters:
          - {in: path, name: pk, schema: {type: integer}}
          responses:
            200: {description: "{result: [{id, name, size, content_type, created_at}]}"}
            404: {description: not found or out of scope}
        """
        try:
            rows = list_for(self.resource, pk)
        except ServiceError as err:
            return self._error(err)
        return self.response(200, result=[a.as_json() for a in rows], count=len(rows))

    @expose("/<int:pk>/attachments", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("upload_attachment")
    def upload_attachment(self, pk):
        """Attach a file (multipart field ``file``; PDF, JPEG, PNG or WebP, max 10 MB)
        ---
        post:
          parameters:
          - {in: path, name: pk, schema: {type: integer}}
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    file: {type: string, format: binary}
          responses:
            201: {description: "{id, name, size}"}
            403: {description: no can_write on the resource}
            404: {description: not found or out of scope}
            422: {description: empty, too large or not an accepted type}
        """
        upload = request.files.get("file")
        try:
            att = add(self.resource, pk, upload.filename if upload else None,
                      upload.stream if upload else None)
        except ServiceError as err:
            db.session.rollback()
            return self._error(err)
        back = request.form.get("next") or ""
        if back.startswith("/") and not back.startswith("//"):
            return redirect(back)  # the show page's form
        return self.response(201, id=att.id, name=att.name, size=att.size)

    @expose("/<int:pk>/attachments/<int:att_id>", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("download_attachment")
    def download_attachment(self, pk, att_id):
        """Download one attachment
        ---
        get:
          parameters:
          - {in: path, name: pk, schema: {type: integer}}
          - {in: path, name: att_id, schema: {type: integer}}
          responses:
            200: {description: the file}
            404: {description: not found or out of scope}
        """
        try:
            att, full = file_of(self.resource, pk, att_id)
        except ServiceError as err:
            return self._error(err)
        return send_file(full, mimetype=att.content_type, as_attachment=True,
                         download_name=att.name)


def _pairs(resources):
    for item in resources:
        if isinstance(item, tuple):
            yield item
        else:
            yield item.resource, item.datamodel.obj


def register_attachments(appbuilder, resources=None) -> list[str]:
    """Add the attachment endpoints for ``resources``: YuelaoModelApi classes or instances,
    or (resource, model) pairs; by default every registered API with ``attachments = True``.
    Safe to call twice (a resource is registered once per app)."""
    if resources is None:
        resources = [v for v in appbuilder.baseviews if getattr(v, "attachments", False)
                     and getattr(v, "resource", "") and hasattr(v, "datamodel")]
    done = current_app.extensions.setdefault("yuelao_attachments", set())
    added = []
    for resource, model in _pairs(resources):
        MODELS[resource] = model
        if resource in done:
            continue
        name = "".join(p.title() for p in resource.split("_")) + "AttachmentApi"
        api = type(name, (AttachmentApiBase,), {
            "resource": resource, "resource_name": resource,
            "class_permission_name": resource, "openapi_spec_tag": resource})
        appbuilder.add_api(api)
        done.add(resource)
        added.append(resource)
    return added


def show_context(resource: str, pk) -> dict:
    """What yuelao/attachments.html needs on a show page (the record is already loaded)."""
    rows = list(db.session.scalars(
        select(Attachment)
        .where(Attachment.resource == resource, Attachment.record_id == int(pk))
        .order_by(Attachment.id)))
    return {"resource": resource, "pk": int(pk), "rows": rows,
            "url": f"/api/v1/{resource}/{int(pk)}/attachments",
            "can_attach": current_app.appbuilder.sm.has_access("can_write", resource)}

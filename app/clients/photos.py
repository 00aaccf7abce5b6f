"""Client photos (客戶信息登記表): one image per client, stored under UPLOAD_ROOT/clients/<id>/.

The image type is recognised from the file's first bytes, never from its name or the browser's
content type. ``Client.photo`` holds the path relative to UPLOAD_ROOT; changing it is audited
by the session events like any other column.
"""
from __future__ import annotations

import io
import logging
import os

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.clients.models import Client
from app.core import attachments
from app.core.errors import Forbidden, Invalid, NotFound
from app.core.scope import scoped_get
from app.core.uploads import resolve
from app.extensions import db

log = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# extension → mimetype, for the types we accept.
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def sniff(data: bytes) -> str | None:
    """The image type (jpg / png / webp) the magic bytes say, or None (the core's sniffer)."""
    ext = attachments.sniff(data)
    return ext if ext in MIMETYPES else None


def _client(pk: int) -> Client:
    # A client outside the user's data scope is simply not found.
    client = scoped_get(Client, pk)
    if client is None:
        raise NotFound(str(_l("Record not found")))
    return client


def set_photo(pk: int, filename: str | None, stream) -> Client:
    """Store the uploaded image as the client's photo and commit.

    Through the one upload service (app.core.attachments.add: type sniffed from the bytes,
    size limit, scoped, audited, file removed again if the transaction fails); a photo must
    besides be an image of at most 5 MB. Raises Forbidden (no can_write on client), NotFound
    (missing / out of scope) or Invalid (not a JPEG / PNG / WebP image, empty, too large);
    nothing is written then. Earlier photos stay as the client's attachments.
    """
    if not current_app.appbuilder.sm.has_access("can_write", "client"):
        raise Forbidden(str(_l("You are not permitted to change clients")))
    client = _client(pk)
    data = stream.read(MAX_PHOTO_BYTES + 1) if stream is not None else b""
    if not data:
        raise Invalid(str(_l("Choose a photo to upload")), field="photo")
    if len(data) > MAX_PHOTO_BYTES:
        raise Invalid(str(_l("The photo is larger than 5 MB")), field="photo")
    if attachments.sniff(data) not in MIMETYPES:
        raise Invalid(str(_l("The photo must be a JPEG, PNG or WebP image")), field="photo")
    attachments.MODELS.setdefault("client", Client)
    att = attachments.add("client", pk, filename, io.BytesIO(data))  # commits
    _ = client.photo  # reloaded after that commit: the audit shows old → new
    client.photo = att.path
    db.session.commit()
    return client


def photo_file(pk: int) -> tuple[str, str]:
    """(absolute path, mimetype) of the client's photo. NotFound when the client is missing or
    out of scope, has no photo, or the file is gone or lies outside UPLOAD_ROOT."""
    client = _client(pk)
    full = resolve(client.photo)
    if full is None or not os.path.isfile(full):
        raise NotFound(str(_l("File not found")))
    ext = os.path.splitext(full)[1].lower().lstrip(".")
    mimetype = MIMETYPES.get("jpg" if ext == "jpeg" else ext)
    if mimetype is None:
        with open(full, "rb") as fh:
            mimetype = MIMETYPES.get(sniff(fh.read(16)) or "", "application/octet-stream")
    return full, mimetype

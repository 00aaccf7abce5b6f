"""Client photos (客戶信息登記表): one image per client, stored under UPLOAD_ROOT/clients/<id>/.

The image type is recognised from the file's first bytes, never from its name or the browser's
content type. ``Client.photo`` holds the path relative to UPLOAD_ROOT; changing it is audited
by the session events like any other column.
"""
from __future__ import annotations

import logging
import os
import uuid

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.clients.models import Client
from app.core.errors import Forbidden, Invalid, NotFound
from app.core.scope import scoped_get
from app.core.uploads import resolve
from app.extensions import db

log = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# extension → mimetype, for the types we accept.
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def sniff(data: bytes) -> str | None:
    """The extension (jpg / png / webp) the magic bytes say, or None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _client(pk: int) -> Client:
    # A client outside the user's data scope is simply not found.
    client = scoped_get(Client, pk)
    if client is None:
        raise NotFound(str(_l("Record not found")))
    return client


def set_photo(pk: int, filename: str | None, stream) -> Client:
    """Store the uploaded image as the client's photo and commit; the old file goes after.

    ``filename`` is the uploader's name for the file; it is not trusted (nor used for the
    type). Raises Forbidden (no can_write on client), NotFound (missing / out of scope) or
    Invalid (not a JPEG / PNG / WebP image, empty, larger than 5 MB); nothing is written then.
    """
    if not current_app.appbuilder.sm.has_access("can_write", "client"):
        raise Forbidden(str(_l("You are not permitted to change clients")))
    client = _client(pk)
    data = stream.read(MAX_PHOTO_BYTES + 1) if stream is not None else b""
    if not data:
        raise Invalid(str(_l("Choose a photo to upload")), field="photo")
    if len(data) > MAX_PHOTO_BYTES:
        raise Invalid(str(_l("The photo is larger than 5 MB")), field="photo")
    ext = sniff(data)
    if ext is None:
        raise Invalid(str(_l("The photo must be a JPEG, PNG or WebP image")), field="photo")

    rel = f"clients/{int(pk)}/{uuid.uuid4().hex}.{ext}"
    full = resolve(rel)
    if full is None:  # cannot happen with an int pk; refuse rather than write outside
        raise Invalid(str(_l("The photo cannot be stored")), field="photo")
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as fh:
        fh.write(data)

    old = client.photo
    client.photo = rel
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        os.remove(full)
        raise
    old_full = resolve(old)
    if old_full and old_full != full:
        try:
            os.remove(old_full)
        except FileNotFoundError:
            pass
        except OSError:
            log.warning("could not remove the old photo of client %s: %s", pk, old_full)
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

"""The client photo (客戶信息登記表): upload through the page and REST, scope, audit, files.

Photos go through the one upload service (app.core.attachments): stored as the client's
attachments, earlier photos kept there."""
import io
import os
import struct
import zlib

import pytest
from flask_babel import gettext
from markupsafe import escape
from sqlalchemy import select

from app.clients.models import Client
from app.core import audit
from app.core.models import AuditLog
from tests.clients.conftest import new_client

# The classic 67-byte 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000a49444154789c63000100000500010d0a2db4"
    "0000000049454e44ae426082")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    """UPLOAD_ROOT in a temporary directory (monkeypatch restores the real one)."""
    monkeypatch.setitem(app.config, "UPLOAD_ROOT", str(tmp_path))
    return tmp_path


def _photo_of(db_session, pk):
    db_session.expire_all()
    return db_session.scalar(select(Client.photo).where(Client.id == pk))


def _files(root, pk):
    folder = root / "attachments" / "client" / str(pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _form(data: bytes, name: str = "me.png"):
    return {"photo": (io.BytesIO(data), name)}


def test_the_test_png_is_a_real_png():
    assert len(PNG) == 67 and PNG.startswith(b"\x89PNG\r\n\x1a\n")
    at = PNG.index(b"IDAT")
    assert zlib.decompress(PNG[at + 4:at + 14]) == b"\x00" * 5  # filter byte + one RGBA pixel
    assert struct.pack(">I", zlib.crc32(PNG[at:at + 14])) == PNG[at + 14:at + 18]


def test_upload_through_the_page_then_show_and_get(app, client_as, db_session, uploads):
    pk = new_client()
    c = client_as("th_mm1")
    html = c.get(f"/clientview/show/{pk}").get_data(as_text=True)
    assert 'name="photo"' in html and f"/clientview/photo/{pk}/upload" in html
    assert f'src="/clientview/photo/{pk}' not in html  # no photo yet

    resp = c.post(f"/clientview/photo/{pk}/upload", data=_form(PNG),
                  content_type="multipart/form-data")
    assert resp.status_code == 302 and resp.location.endswith(f"/clientview/show/{pk}")
    rel = _photo_of(db_session, pk)
    assert rel.startswith(f"attachments/client/{pk}/") and rel.endswith(".png")
    assert (uploads / rel).read_bytes() == PNG

    html = c.get(f"/clientview/show/{pk}").get_data(as_text=True)
    assert f'src="/clientview/photo/{pk}' in html
    got = c.get(f"/clientview/photo/{pk}")
    assert got.status_code == 200 and got.mimetype == "image/png" and got.data == PNG
    assert "public" not in got.headers.get("Cache-Control", "")


def test_upload_through_rest(app, api_as, db_session, uploads):
    pk = new_client()
    api = api_as("th_mm1")
    assert api.get(f"/api/v1/client/{pk}/photo").status_code == 404  # none yet
    resp = api.post(f"/api/v1/client/{pk}/photo", data=_form(PNG),
                    content_type="multipart/form-data")
    assert resp.status_code == 200, resp.json
    assert resp.json["photo"].endswith(f"/api/v1/client/{pk}/photo")
    got = api.get(f"/api/v1/client/{pk}/photo")
    assert got.status_code == 200 and got.mimetype == "image/png" and got.data == PNG
    assert _files(uploads, pk) == [os.path.basename(_photo_of(db_session, pk))]


def test_jpeg_by_magic_bytes_whatever_the_name(app, api_as, db_session, uploads):
    pk = new_client()
    api = api_as("th_mm1")
    resp = api.post(f"/api/v1/client/{pk}/photo", data=_form(JPEG, "photo.txt"),
                    content_type="multipart/form-data")
    assert resp.status_code == 200, resp.json
    assert _photo_of(db_session, pk).endswith(".jpg")
    got = api.get(f"/api/v1/client/{pk}/photo")
    assert got.mimetype == "image/jpeg" and got.data == JPEG


def test_text_renamed_png_is_refused_and_nothing_written(app, api_as, client_as, db_session,
                                                         uploads):
    pk = new_client()
    api = api_as("th_mm1")
    assert api.post(f"/api/v1/client/{pk}/photo", data=_form(PNG),
                    content_type="multipart/form-data").status_code == 200
    before, files = _photo_of(db_session, pk), _files(uploads, pk)

    resp = api.post(f"/api/v1/client/{pk}/photo", data=_form(b"just some text\n", "fake.png"),
                    content_type="multipart/form-data")
    assert resp.status_code == 422
    assert resp.json["message"] == gettext("The photo must be a JPEG, PNG or WebP image")
    assert resp.json["field"] == "photo"
    assert _photo_of(db_session, pk) == before and _files(uploads, pk) == files

    c = client_as("th_mm1")
    resp = c.post(f"/clientview/photo/{pk}/upload", data=_form(b"not an image", "x.png"),
                  content_type="multipart/form-data", follow_redirects=True)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "alert-danger" in html
    assert str(escape(gettext("The photo must be a JPEG, PNG or WebP image"))) in html
    assert _photo_of(db_session, pk) == before and _files(uploads, pk) == files


def test_empty_upload_is_refused(app, api_as, db_session, uploads):
    pk = new_client()
    api = api_as("th_mm1")
    resp = api.post(f"/api/v1/client/{pk}/photo", data={}, content_type="multipart/form-data")
    assert resp.status_code == 422 and resp.json["message"]
    assert _photo_of(db_session, pk) is None and _files(uploads, pk) == []


def test_larger_than_5_mb_is_refused(app, api_as, db_session, uploads):
    pk = new_client()
    big = PNG + b"\x00" * (5 * 1024 * 1024)
    resp = api_as("th_mm1").post(f"/api/v1/client/{pk}/photo", data=_form(big),
                                 content_type="multipart/form-data")
    assert resp.status_code == 422
    assert resp.json["message"] == gettext("The photo is larger than 5 MB")
    assert _photo_of(db_session, pk) is None and _files(uploads, pk) == []


def test_out_of_scope_is_404(app, api_as, client_as, db_session, uploads):
    pk = new_client()  # TH-MM, matchmaker th_mm1
    assert api_as("th_mm1").post(f"/api/v1/client/{pk}/photo", data=_form(PNG),
                                 content_type="multipart/form-data").status_code == 200
    before = _photo_of(db_session, pk)

    api = api_as("yx_mm1")
    assert api.get(f"/api/v1/client/{pk}/photo").status_code == 404
    resp = api.post(f"/api/v1/client/{pk}/photo", data=_form(PNG),
                    content_type="multipart/form-data")
    assert resp.status_code == 404
    ui = client_as("yx_mm1")
    assert ui.get(f"/clientview/photo/{pk}").status_code == 404
    assert ui.post(f"/clientview/photo/{pk}/upload", data=_form(PNG),
                   content_type="multipart/form-data").status_code == 404
    assert _photo_of(db_session, pk) == before and len(_files(uploads, pk)) == 1


def test_without_write_permission(app, api_as, client_as, db_session, uploads):
    pk = new_client()
    resp = api_as("auditor").post(f"/api/v1/client/{pk}/photo", data=_form(PNG),
                                  content_type="multipart/form-data")
    assert resp.status_code == 403
    assert _photo_of(db_session, pk) is None and _files(uploads, pk) == []
    # The auditor reads the client but gets no upload form.
    html = client_as("auditor").get(f"/clientview/show/{pk}").get_data(as_text=True)
    assert f"/clientview/photo/{pk}/upload" not in html


def test_service_refuses_without_write(app, as_user, uploads):
    from app.clients import photos
    from app.core.errors import Forbidden

    pk = new_client()
    with as_user("auditor"), pytest.raises(Forbidden):
        photos.set_photo(pk, "me.png", io.BytesIO(PNG))


def test_change_is_audited_and_old_photo_kept_as_attachment(app, api_as, db_session, uploads):
    pk = new_client()
    api = api_as("th_mm1")
    assert api.post(f"/api/v1/client/{pk}/photo", data=_form(PNG),
                    content_type="multipart/form-data").status_code == 200
    first = _photo_of(db_session, pk)
    assert api.post(f"/api/v1/client/{pk}/photo", data=_form(JPEG, "new.jpg"),
                    content_type="multipart/form-data").status_code == 200
    second = _photo_of(db_session, pk)
    assert second != first and second.endswith(".jpg")
    assert (uploads / first).exists() and (uploads / second).exists()
    assert _files(uploads, pk) == sorted([os.path.basename(first), os.path.basename(second)])
    from app.core.attachments import Attachment

    kept = db_session.scalars(select(Attachment.path).where(
        Attachment.resource == "client", Attachment.record_id == pk)).all()
    assert sorted(kept) == sorted([first, second])

    rows = db_session.scalars(select(AuditLog).where(
        AuditLog.resource == "client", AuditLog.record_id == str(pk),
        AuditLog.action == audit.ACTION_UPDATE).order_by(AuditLog.id)).all()
    changes = [r.changes["photo"] for r in rows if "photo" in (r.changes or {})]
    assert changes == [[None, first], [first, second]]
    assert all(r.actor_name == "th_mm1" for r in rows if "photo" in (r.changes or {}))


def test_failed_commit_removes_the_new_file(app, as_user, db_session, uploads, monkeypatch):
    from app.clients import photos
    from app.extensions import db

    pk = new_client()

    def boom():
        raise RuntimeError("database went away")

    with as_user("th_mm1"), monkeypatch.context() as m:
        m.setattr(db.session, "commit", boom)
        with pytest.raises(RuntimeError):
            photos.set_photo(pk, "me.png", io.BytesIO(PNG))
    assert _photo_of(db_session, pk) is None and _files(uploads, pk) == []


def test_missing_file_or_path_outside_root_is_404(app, api_as, db_session, uploads):
    pk = new_client()
    api = api_as("th_mm1")
    for rel in (f"clients/{pk}/gone.png", "../../etc/passwd"):
        db_session.execute(Client.__table__.update().where(Client.id == pk).values(photo=rel))
        db_session.commit()
        assert api.get(f"/api/v1/client/{pk}/photo").status_code == 404, rel

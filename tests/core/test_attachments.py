"""Generic attachments (app/core/attachments.py), exercised on expense claims' receipts."""
from __future__ import annotations

import io
import os

import pytest
from sqlalchemy import select

from app.core import attachments
from app.core.attachments import Attachment, sniff
from app.core.models import AuditLog
from app.extensions import db
from tests.finance import factories as f


def _up(api, pk, data=f.PNG, name="receipt.png", resource="expense"):
    return api.post(f"/api/v1/{resource}/{pk}/attachments",
                    data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_sniff_by_magic_bytes_not_by_name():
    assert sniff(f.PDF) == "pdf"
    assert sniff(f.PNG) == "png"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "jpg"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert sniff(b"MZ\x90\x00 an exe named .pdf") is None
    assert sniff(b"<svg onload=alert(1)>") is None


def test_upload_list_download_and_audit(api_as, app):
    cat = f.category()
    e = f.claim("th_mm1", cat, 10, with_receipt=False)
    mm1 = api_as("th_mm1")
    r = _up(mm1, e.id, f.PDF, "發票 2026.pdf")
    assert r.status_code == 201, r.json
    assert set(r.json) >= {"id", "name", "size"} and r.json["size"] == len(f.PDF)
    assert r.json["name"] == "發票 2026.pdf"
    listed = mm1.get(f"/api/v1/expense/{e.id}/attachments").json["result"]
    assert [a["id"] for a in listed] == [r.json["id"]]
    assert listed[0]["content_type"] == "application/pdf"
    dl = mm1.get(f"/api/v1/expense/{e.id}/attachments/{r.json['id']}")
    assert dl.status_code == 200 and dl.data == f.PDF
    assert dl.headers["Content-Type"] == "application/pdf"
    row = db.session.scalar(select(AuditLog).where(
        AuditLog.resource == "expense", AuditLog.record_id == str(e.id),
        AuditLog.action == "attach"))
    assert row is not None and row.changes["attachment"] == r.json["id"]
    att = db.session.get(Attachment, r.json["id"])
    with app.app_context():
        full = os.path.join(app.config["UPLOAD_ROOT"], att.path)
    assert os.path.isfile(full) and att.path.startswith(f"attachments/expense/{e.id}/")


@pytest.mark.parametrize("data,name", [
    (b"", "empty.png"),
    (b"#!/bin/sh\nrm -rf /\n", "receipt.pdf"),
    (b"<html><script>alert(1)</script>", "receipt.png"),
])
def test_bad_files_are_422_and_nothing_is_stored(api_as, data, name):
    cat = f.category()
    e = f.claim("th_mm1", cat, 10, with_receipt=False)
    r = _up(api_as("th_mm1"), e.id, data, name)
    assert r.status_code == 422
    assert attachments.count("expense", e.id) == 0


def test_missing_file_field_is_422(api_as):
    e = f.claim("th_mm1", f.category(), 10, with_receipt=False)
    r = api_as("th_mm1").post(f"/api/v1/expense/{e.id}/attachments", data={},
                              content_type="multipart/form-data")
    assert r.status_code == 422


def test_too_large_is_422(api_as, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 64)
    e = f.claim("th_mm1", f.category(), 10, with_receipt=False)
    r = _up(api_as("th_mm1"), e.id, f.PNG + b"\x00" * 200)
    assert r.status_code == 422


def test_scope_and_permission(api_as):
    e = f.claim("th_mm1", f.category(), 10)
    att_id = db.session.scalar(select(Attachment.id).where(Attachment.record_id == e.id,
                                                           Attachment.resource == "expense"))
    # Out of scope: 404 on list, upload and download (no existence leak).
    other = api_as("yx_mm1")
    assert other.get(f"/api/v1/expense/{e.id}/attachments").status_code == 404
    assert _up(other, e.id).status_code == 404
    assert other.get(f"/api/v1/expense/{e.id}/attachments/{att_id}").status_code == 404
    # A colleague in the same department but not the claimant: own scope, 404.
    assert api_as("th_mm2").get(f"/api/v1/expense/{e.id}/attachments").status_code == 404
    # The head sees it; the auditor reads but may not upload.
    assert api_as("th_mm_head").get(f"/api/v1/expense/{e.id}/attachments").status_code == 200
    auditor = api_as("auditor")
    assert auditor.get(f"/api/v1/expense/{e.id}/attachments").status_code == 200
    assert _up(auditor, e.id).status_code == 403
    assert api_as(None).get(f"/api/v1/expense/{e.id}/attachments").status_code == 401
    # An attachment id of another record is not found through this one.
    e2 = f.claim("th_mm1", f.category(), 10, with_receipt=False)
    assert api_as("th_mm1").get(
        f"/api/v1/expense/{e2.id}/attachments/{att_id}").status_code == 404
    assert api_as("th_mm1").get("/api/v1/expense/99999999/attachments").status_code == 404


def test_file_is_removed_when_the_transaction_fails(api_as, app, monkeypatch):
    e = f.claim("th_mm1", f.category(), 10, with_receipt=False)
    root = os.path.join(app.config["UPLOAD_ROOT"], "attachments", "expense", str(e.id))

    def boom(*a, **kw):
        raise RuntimeError("database went away")

    monkeypatch.setattr(attachments.audit, "write", boom)
    r = _up(api_as("th_mm1"), e.id)
    assert r.status_code >= 500  # an injected database failure, not bad input
    assert not os.path.isdir(root) or os.listdir(root) == []
    assert attachments.count("expense", e.id) == 0


def test_show_page_lists_attachments_and_offers_upload(client_as):
    e = f.claim("th_mm1", f.category(), 10)
    page = client_as("th_mm1").get(f"/expenseview/show/{e.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "receipt.png" in html and f"/api/v1/expense/{e.id}/attachments" in html

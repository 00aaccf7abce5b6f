"""Export of lists (app/core/export.py): scope, masking, consent, BOM, labels, audit, REST."""
from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import quote

import prison
import pytest
from sqlalchemy import select

from app.core.models import AuditLog
from app.extensions import db
from tests.factories import make_client, nextval

NOW = dt.datetime(2026, 1, 2, 3, 4)


def _clients(marker: str, **kw):
    """One consenting client in each store, a non-consenting one in Tianhe."""
    th = make_client("TH-MM", city=marker, share_consent_at=NOW, phone=f"1390{nextval():07d}",
                     **kw)
    yx = make_client("YX-MM", matchmaker="yx_mm1", city=marker, share_consent_at=NOW,
                     phone=f"1391{nextval():07d}", **kw)
    no = make_client("TH-MM", city=marker, share_consent_at=None,
                     phone=f"1392{nextval():07d}", **kw)
    return th, yx, no


def _csv(resp) -> list[list[str]]:
    body = resp.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _ui_csv(client, marker, extra=""):
    return client.get(f"/clientview/export/?format=csv&_flt_0_city={quote(marker)}{extra}")


def test_yuexiu_manager_never_exports_tianhe_rows(app, client_as):
    marker = f"城{nextval()}"
    th, yx, _ = _clients(marker)
    resp = _ui_csv(client_as("yx_manager"), marker)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    names = [r[1] for r in _csv(resp)[1:]]
    assert yx.name in names and th.name not in names


def test_columns_labels_choices_and_masked_phones(app, client_as):
    marker = f"城{nextval()}"
    th, _, _ = _clients(marker)
    rows = _csv(_ui_csv(client_as("th_manager"), marker))
    header, row = rows[0], next(r for r in rows[1:] if r[1] == th.name)
    assert header[:3] == ["客户编号", "姓名", "性别"] and header[-1] == "电话"
    assert row[2] == "女"  # a choice as its label, not "F"
    phone = row[-1]
    assert phone == th.phone[:3] + "****" + th.phone[-4:]
    assert th.phone not in "".join(",".join(r) for r in rows)


@pytest.mark.rule("000.export.consent")
def test_clients_without_consent_are_left_out_and_counted(app, client_as):
    marker = f"城{nextval()}"
    th, _, no = _clients(marker)
    resp = _ui_csv(client_as("th_manager"), marker)
    rows = _csv(resp)
    names = [r[1] for r in rows[1:] if len(r) > 1]
    assert th.name in names and no.name not in names
    assert resp.headers["X-Export-Withheld"] == "1"
    assert "1" in rows[-1][0] and len(rows[-1]) == 1  # the note says how many


def test_every_export_is_audited_with_filter_and_count(app, client_as):
    marker = f"城{nextval()}"
    _clients(marker)
    _ui_csv(client_as("th_manager"), marker)
    row = db.session.scalar(select(AuditLog).where(AuditLog.action == "export")
                            .order_by(AuditLog.id.desc()))
    assert row.resource == "client" and row.actor_name == "th_manager"
    assert row.changes["rows"] == 1 and row.changes["withheld"] == 1
    assert row.changes["filters"][0][0] == "city" and row.changes["filters"][0][2] == marker


def test_sort_of_the_list_is_kept(app, client_as):
    marker = f"城{nextval()}"
    for name in ("丙", "甲", "乙"):
        make_client("TH-MM", city=marker, name=f"{name}{marker}", share_consent_at=NOW)
    rows = _csv(_ui_csv(client_as("th_manager"), marker,
                        "&_oc_ClientView=name&_od_ClientView=desc"))
    names = [r[1] for r in rows[1:]]
    assert names == sorted(names, reverse=True) and len(names) == 3


def test_xlsx_opens_with_chinese_labels_and_readable_dates(app, client_as):
    from openpyxl import load_workbook

    marker = f"城{nextval()}"
    th, _, _ = _clients(marker)
    resp = client_as("th_manager").get(
        f"/clientview/export/?format=xlsx&_flt_0_city={quote(marker)}")
    assert resp.status_code == 200
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(resp.get_data()), read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert "姓名" in rows[0]
    assert any(th.name in r for r in rows[1:])
    assert all(th.phone not in str(v) for r in rows for v in r)


def test_list_page_offers_export_keeping_filters(app, client_as):
    html = client_as("th_manager").get("/clientview/list/?_flt_0_city=abc").get_data(
        as_text=True)
    assert "/clientview/export/?" in html and "_flt_0_city=abc" in html
    assert "yl-export-csv" in html
    assert 'href="/clientview/import/"' in html  # the store manager writes clients


def test_rest_export_with_rison_filters_and_scope(app, api_as):
    marker = f"城{nextval()}"
    th, yx, _ = _clients(marker)
    q = prison.dumps({"filters": [{"col": "city", "opr": "eq", "value": marker}]})
    resp = api_as("yx_manager").get(f"/api/v1/client/export?format=csv&q={quote(q)}")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    text = resp.get_data().decode("utf-8-sig")
    assert yx.name in text and th.name not in text
    assert yx.phone not in text and yx.phone[:3] + "****" in text


def test_rest_export_refuses_bad_input_and_anonymous(app, api_as):
    api = api_as("th_manager")
    assert api.get("/api/v1/client/export?format=pdf").status_code == 422
    assert api.get("/api/v1/client/export?format=csv&q=(((").status_code == 400
    assert api.get("/api/v1/client/export?q=(order_column:nope)").status_code == 400
    assert api_as(None).get("/api/v1/client/export?format=csv").status_code == 401


def test_export_goes_with_read_and_never_to_public(app):
    from app.core.roles import all_grants

    grants = all_grants()
    assert ("can_export", "client") in grants["Frontline"]
    assert ("can_read", "client") in grants["Frontline"]
    assert not any(p == "can_export" for p, _ in grants.get("Public", set()))


def test_without_can_export_the_list_cannot_be_exported(app, client_as, api_as):
    from app.core.roles import role_of_kind

    sm = app.appbuilder.sm
    role = role_of_kind("Customer service")
    pv = sm.find_permission_view_menu("can_export", "client")
    had = pv in role.permissions
    if had:
        sm.del_permission_role(role, pv)
    try:
        assert api_as("yx_cs1").get("/api/v1/client/export?format=csv").status_code in (
            401, 403)
        resp = client_as("yx_cs1").get("/clientview/export/?format=csv")
        assert resp.status_code in (302, 403) and b"\xef\xbb\xbf" not in resp.get_data()
    finally:
        if had:
            sm.add_permission_role(role, pv)


def test_read_only_lists_export_too(app, client_as):
    resp = client_as("admin").get("/clientassignmentview/export/?format=csv")
    assert resp.status_code == 200 and resp.get_data().startswith(b"\xef\xbb\xbf")


def test_every_list_exports_as_admin(app, client_as):
    """Every list page of every module: CSV with BOM and its header, never a 5xx."""
    from flask_appbuilder import ModelView

    c = client_as("admin")
    checked = 0
    for view in app.appbuilder.baseviews:
        if not isinstance(view, ModelView) or f"{view.endpoint}.export" not in \
                app.view_functions:
            continue
        resp = c.get(f"{view.route_base}/export/?format=csv")
        assert resp.status_code == 200, (view.endpoint, resp.status_code)
        rows = _csv(resp)
        assert len(rows[0]) == len(view.list_columns), view.endpoint
        checked += 1
    assert checked > 20


def test_employee_list_exports_its_labels(app, client_as):
    resp = client_as("hr").get("/employeeview/export/?format=csv")
    rows = _csv(resp)
    assert rows[0][0] == "工号" and len(rows) > 10

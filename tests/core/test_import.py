"""Import from XLSX / CSV (app/core/importer.py): preview per row, all or nothing, duplicates
by natural key become updates, write scope, bad files 4xx, the page and the batch."""
from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.clients.models import Client
from app.core.importer import ImportBatch
from app.core.models import AuditLog
from app.extensions import db
from app.org.models import Employee
from tests.factories import make_client, make_employee, nextval

CLIENT_HEADERS = ["电话", "姓名", "性别", "出生日期", "城市", "部门"]


def _xlsx(rows, headers=CLIENT_HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _post(api, url, data: bytes, name="clients.xlsx"):
    return api.post(url, data={"file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")


def _phone() -> str:
    return f"1380{nextval():07d}"[:11]


def _count(city) -> int:
    return db.session.scalar(select(func.count()).select_from(Client).where(Client.city == city))


def test_preview_shows_each_row_new_update_or_error(app, api_as):
    city = f"導{nextval()}"
    old = make_client("TH-MM", city=city, phone=_phone())
    new_phone = _phone()
    data = _xlsx([[new_phone, "李新", "女", "1990-01-02", city, "天河红娘部"],
                  [old.phone, "改名", "女", "1990-01-02", city, "天河红娘部"],
                  [_phone(), "壞行", "不明", "1990-13-40", city, "天河红娘部"]])
    resp = _post(api_as("th_manager"), "/api/v1/client/import?dry_run=1", data)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    rows = resp.json["rows"]
    assert [r["action"] for r in rows] == ["create", "update", "error"]
    assert [r["row"] for r in rows] == [2, 3, 4]
    assert set(rows[2]["errors"]) == {"性别", "出生日期"}
    assert _count(city) == 1  # a dry run writes nothing
    db.session.expire_all()
    assert db.session.get(Client, old.id).name != "改名"


def test_any_error_writes_nothing(app, api_as):
    city = f"導{nextval()}"
    data = _xlsx([[_phone(), "甲", "女", "1990-01-02", city, "天河红娘部"],
                  [_phone(), "乙", "X", "1990-01-02", city, "天河红娘部"]])
    resp = _post(api_as("th_manager"), "/api/v1/client/import", data)
    assert resp.status_code == 422
    assert [r["action"] for r in resp.json["rows"]] == ["create", "error"]
    assert _count(city) == 0


def test_import_writes_all_rows_updates_duplicates_and_records_a_batch(app, api_as):
    city = f"導{nextval()}"
    old = make_client("TH-MM", city=city, phone=_phone(), name="舊名")
    data = _xlsx([[_phone(), "甲", "女", "1990-01-02", city, "天河红娘部"],
                  [old.phone, "新名", "女", "1990-01-02", city, "天河红娘部"]])
    resp = _post(api_as("th_manager"), "/api/v1/client/import", data)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["counts"] == {"total": 2, "create": 1, "update": 1, "error": 0}
    db.session.expire_all()
    assert _count(city) == 2 and db.session.get(Client, old.id).name == "新名"
    batch = db.session.get(ImportBatch, resp.json["batch_id"])
    assert batch.resource == "client" and batch.user_name == "th_manager"
    assert batch.record_ids["update"] == [old.id] and len(batch.record_ids["create"]) == 1
    audit = db.session.scalar(select(AuditLog).where(
        AuditLog.action == "import", AuditLog.record_id == str(batch.id)))
    assert audit.changes["create"] == 1 and audit.changes["file"] == "clients.xlsx"


def test_write_scope_refuses_another_stores_department(app, api_as):
    city = f"導{nextval()}"
    data = _xlsx([[_phone(), "甲", "女", "1990-01-02", city, "天河红娘部"]])
    resp = _post(api_as("yx_manager"), "/api/v1/client/import", data)
    assert resp.status_code == 422
    assert "部门" in resp.json["rows"][0]["errors"]
    assert _count(city) == 0


def test_a_row_of_another_store_is_not_updated(app, api_as):
    other = make_client("TH-MM", phone=_phone(), name="天河的人")
    data = _xlsx([[other.phone, "改掉", "女", "1990-01-02", "廣州", "越秀红娘部"]])
    resp = _post(api_as("yx_manager"), "/api/v1/client/import?dry_run=1", data)
    assert resp.json["rows"][0]["action"] == "error"
    db.session.expire_all()
    assert db.session.get(Client, other.id).name == "天河的人"


def test_employees_from_csv_with_bom_dup_by_employee_number(app, api_as):
    emp = make_employee("TH-MM")
    no = f"IM{nextval()}"
    text = ("工号,姓名,部门,入职日期\n"
            f"{no},新同事,越秀红娘部,2026-01-05\n"
            f"{emp.employee_no},{emp.name}改,天河红娘部,2025-01-05\n")
    data = ("\ufeff" + text).encode("utf-8")
    resp = _post(api_as("hr"), "/api/v1/employee/import", data, "staff.csv")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert [r["action"] for r in resp.json["rows"]] == ["create", "update"]
    db.session.expire_all()
    assert db.session.scalar(select(Employee).where(Employee.employee_no == no)) is not None
    assert db.session.get(Employee, emp.id).name.endswith("改")


def test_bad_files_are_4xx(app, api_as):
    api = api_as("th_manager")
    url = "/api/v1/client/import?dry_run=1"
    assert _post(api, url, b"hello", "notes.txt").status_code == 422
    assert _post(api, url, b"", "empty.xlsx").status_code == 422
    assert _post(api, url, b"PK\x03\x04garbage", "broken.xlsx").status_code == 422
    assert _post(api, url, _xlsx([["x"]], headers=["什麼"])).status_code == 422
    assert _post(api, url, b"\xff\xfe\x00\x00", "bad.csv").status_code == 422
    assert _post(api, url, b"a" * (5 * 1024 * 1024 + 10), "big.csv").status_code in (413, 422)
    assert api.post(url, data={}, content_type="multipart/form-data").status_code == 422


def test_resource_without_import_is_404(app, api_as):
    resp = _post(api_as("admin"), "/api/v1/client_assignment/import", _xlsx([]))
    assert resp.status_code in (404, 405)


def test_page_template_preview_and_confirm(app, client_as):
    c = client_as("th_manager")
    page = c.get("/clientview/import/")
    assert page.status_code == 200 and "yl-import-upload" in page.get_data(as_text=True)
    tpl = c.get("/clientview/import/template")
    headers = next(load_workbook(io.BytesIO(tpl.get_data())).active.iter_rows(values_only=True))
    assert "姓名" in headers and "电话" in headers
    city = f"導{nextval()}"
    data = _xlsx([[_phone(), "頁面導入", "女", "1990-01-02", city, "天河红娘部"]])
    preview = c.post("/clientview/import/", data={"file": (io.BytesIO(data), "a.xlsx")},
                     content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert 'data-action="create"' in html and 'name="token"' in html
    assert _count(city) == 0
    token = html.split('name="token" value="')[1].split('"')[0]
    done = c.post("/clientview/import/", data={"token": token, "confirm": "1"})
    assert done.status_code == 302
    assert _count(city) == 1


def test_a_frontline_user_without_write_on_employees_cannot_import(app, api_as):
    data = "工号,姓名,部门,入职日期\nX1,某,天河红娘部,2026-01-05\n".encode()
    resp = _post(api_as("th_mm1"), "/api/v1/employee/import", data, "e.csv")
    assert resp.status_code in (401, 403)


def test_cli_import_acts_as_a_user_and_reports(app, tmp_path):
    no = f"CL{nextval()}"
    path = tmp_path / "staff.csv"
    path.write_text(f"工号,姓名,部门,入职日期\n{no},命令行,天河红娘部,2026-01-05\n",
                    encoding="utf-8-sig")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["data", "import", "employee", str(path), "--as", "hr",
                              "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 new" in dry.output
    assert db.session.scalar(select(Employee).where(Employee.employee_no == no)) is None
    done = runner.invoke(args=["data", "import", "employee", str(path), "--as", "hr"])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert db.session.scalar(select(Employee).where(Employee.employee_no == no)) is not None
    refused = runner.invoke(args=["data", "import", "employee", str(path), "--as", "th_mm1"])
    assert refused.exit_code != 0


def test_supplies_update_by_code_and_keep_their_stock(app, api_as):
    from app.assets.models_ops import SupplyItem

    code = f"SI{nextval()}"
    first = f"编码,名称,单位,库存,最低库存\n{code},影印紙,包,20,5\n".encode()
    api = api_as("admin")
    resp = _post(api, "/api/v1/supply_item/import", first, "s.csv")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    again = f"编码,名称,单位,库存,最低库存\n{code},A4 影印紙,包,99,8\n".encode()
    resp = _post(api, "/api/v1/supply_item/import", again, "s.csv")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.json["rows"][0]["action"] == "update"
    db.session.expire_all()
    item = db.session.scalar(select(SupplyItem).where(SupplyItem.code == code))
    assert (item.name, item.stock, item.min_stock) == ("A4 影印紙", 20, 8)

"""Data in and out in a real browser (issue 14, "done when"):

(a) a store manager filters the client list and exports it to XLSX: the downloaded workbook
    opens with openpyxl, with Chinese headers, masked phones and only the filtered rows;
(b) HR downloads the employee template, uploads 200 employees with 3 bad rows, sees the
    preview naming each bad cell and nothing written; fixes them, uploads again, confirms:
    all 200 written, the import batch listed.

Selectors are classes, hrefs and data attributes; expected texts come from the app's own
files (the template's headers), never typed translations. The live server's SQLite file is
read directly to count what was written.
"""
from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.browser.helpers import screenshot
from tests.browser.pages import by, click_and_wait, open_page, switch_user

pytestmark = pytest.mark.browser

PHONE_MASKED = re.compile(r"^\d{3}\*{4}\d{4}$")


@pytest.fixture
def downloads(browser, tmp_path) -> Path:
    """Chromium saves downloads into a fresh directory."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    try:
        browser.execute_cdp_cmd("Browser.setDownloadBehavior", {
            "behavior": "allow", "downloadPath": str(folder), "eventsEnabled": False})
    except Exception:  # noqa: BLE001  older drivers: the page-level command
        browser.execute_cdp_cmd("Page.setDownloadBehavior", {
            "behavior": "allow", "downloadPath": str(folder)})
    return folder


def _downloaded(folder: Path, suffix: str, before: set, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix and p.name not in before]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    pytest.fail(f"no {suffix} downloaded into {folder}: {sorted(p.name for p in folder.iterdir())}")


def _db(live_server) -> sqlite3.Connection:
    return sqlite3.connect(str(live_server.tmp / "yuelao.db"))


# --- (a) the store manager's filtered export ----------------------------------------------

def test_store_manager_exports_the_filtered_client_list(browser, base_url, downloads):
    from openpyxl import load_workbook

    By = by()
    switch_user(browser, base_url, "th_manager")
    open_page(browser, base_url, "/clientview/list/?_flt_0_status=active&psize_ClientView=100",
              "filtered client list")
    assert browser.find_elements(By.CSS_SELECTOR, ".yl-filter-chip")  # the filter shows
    listed = [e.get_attribute("value")
              for e in browser.find_elements(By.CSS_SELECTOR, "input.action_check")]
    assert 0 < len(listed) < 100
    rows_text = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table tbody tr")]
    link = browser.find_element(By.CSS_SELECTOR, "a.yl-export-xlsx")
    href = link.get_attribute("href")
    assert "_flt_0_status=active" in href and "format=xlsx" in href and "reveal" not in href
    before = {p.name for p in downloads.iterdir()}
    link.click()
    path = _downloaded(downloads, ".xlsx", before)
    screenshot(browser, "export-filtered-list")

    wb = load_workbook(path, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert all(re.search(r"[\u4e00-\u9fff]", str(h)) for h in header), header
    assert header[:2] == ("客户编号", "姓名") or "姓名" in header
    phone = header.index("电话") if "电话" in header else len(header) - 1
    assert body and all(PHONE_MASKED.match(str(r[phone])) for r in body if r[phone]), body[:3]
    status = next(i for i, h in enumerate(header) if h in ("状态", "狀態"))
    assert {r[status] for r in body} == {body[0][status]}  # one status: the filter's
    # Only listed rows: every exported client number is on the filtered page; the rest were
    # left out for want of consent (book 000), as the notes sheet says.
    numbers = [str(r[0]) for r in body]
    assert all(any(n in t for t in rows_text) for n in numbers)
    withheld = len(listed) - len(body)
    if withheld:
        note = next(wb.worksheets[1].iter_rows(values_only=True))[0]
        assert str(withheld) in note
    else:
        assert len(wb.worksheets) == 1
    wb.close()


# --- (b) HR imports 200 employees -----------------------------------------------------------

def _write_xlsx(path: Path, header: list, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _employees(header: list, example: list, prefix: str, bad: dict[int, tuple[int, str]]):
    """200 rows shaped like the template's example; ``bad``: {row index: (column, value)}."""
    number, name = 0, 1  # the template's first two columns: number and name
    rows = []
    for i in range(200):
        row = list(example)
        row[number] = f"{prefix}{i:03d}"
        row[name] = f"導入員工{i:03d}"
        for k, v in enumerate(row):
            if v == "" or v is None:
                row[k] = None
        rows.append(row)
    dept = _column(header, "部门", "部門")
    phone = _column(header, "电话", "電話", "手机", "手機")
    for i, row in enumerate(rows):
        row[dept] = "TH-MM"  # the department by its code: names are being converted
        if phone is not None:
            row[phone] = f"1380{int(prefix[-4:]) % 10000:04d}{i:03d}"
    for i, (k, v) in bad.items():
        rows[i][k] = v
    return rows


def _column(header: list, *names: str) -> int | None:
    for i, h in enumerate(header):
        if any(n in str(h) for n in names):
            return i
    return None


def _upload(browser, base_url, path: Path, where: str) -> None:
    By = by()
    browser.find_element(By.CSS_SELECTOR, "form.yl-import-upload input[type=file]") \
        .send_keys(str(path))
    click_and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, "form.yl-import-upload button[type=submit]"), base_url, where)


def test_hr_imports_200_employees_all_or_nothing(browser, base_url, downloads, live_server,
                                                  tmp_path):
    from openpyxl import load_workbook

    By = by()
    switch_user(browser, base_url, "hr")
    open_page(browser, base_url, "/employeeview/import/", "employee import page")
    before = {p.name for p in downloads.iterdir()}
    browser.find_element(By.CSS_SELECTOR, "a.yl-import-template").click()
    template = _downloaded(downloads, ".xlsx", before)
    wb = load_workbook(template, read_only=True)
    header, example = (list(r) for r in wb.worksheets[0].iter_rows(max_row=2,
                                                                    values_only=True))
    wb.close()
    hire = _column(header, "入职", "入職")
    gender = _column(header, "性别", "性別")
    dept = _column(header, "部门", "部門")
    assert None not in (hire, gender, dept), header

    prefix = f"BT{int(time.time()) % 100000:05d}"
    bad = {17: (hire, "2026-13-45"), 88: (dept, "NO-SUCH-DEPT"), 150: (gender, "未知")}
    rows = _employees(header, example, prefix, bad)
    first = _write_xlsx(tmp_path / "employees-with-errors.xlsx", header, rows)
    _upload(browser, base_url, first, "preview with errors")
    screenshot(browser, "import-preview-errors")

    errors = browser.find_elements(By.CSS_SELECTOR,
                                   "table.yl-import-preview tr[data-action='error']")
    assert len(errors) == 3
    named = {}
    for tr in errors:
        cells = tr.find_elements(By.TAG_NAME, "td")
        named[int(cells[0].text)] = [s.text for s in cells[3].find_elements(By.TAG_NAME,
                                                                          "strong")]
    # Row numbers as in the spreadsheet (the header is row 1: index i is row i + 2), each
    # error on its own column.
    assert named == {19: [header[hire]], 90: [header[dept]], 152: [header[gender]]}, named
    assert len(browser.find_elements(
        By.CSS_SELECTOR, "table.yl-import-preview tr[data-action='create']")) == 197
    assert not browser.find_elements(By.CSS_SELECTOR, "form.yl-import-confirm")
    with _db(live_server) as conn:
        assert conn.execute("SELECT count(*) FROM employee WHERE employee_no LIKE ?",
                            (prefix + "%",)).fetchone()[0] == 0  # nothing written

    # Fixed: upload again, every row new; confirm.
    for i, (k, _v) in bad.items():
        rows[i][k] = {hire: "2026-01-05", dept: "TH-MM", gender: example[gender]}[k]
    fixed = _write_xlsx(tmp_path / f"employees-{prefix}.xlsx", header, rows)
    _upload(browser, base_url, fixed, "clean preview")
    assert not browser.find_elements(By.CSS_SELECTOR,
                                     "table.yl-import-preview tr[data-action='error']")
    assert len(browser.find_elements(
        By.CSS_SELECTOR, "table.yl-import-preview tr[data-action='create']")) == 200
    click_and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, "form.yl-import-confirm button[type=submit]"), base_url, "imported")
    assert "/employeeview/list/" in browser.current_url
    assert "200" in browser.find_element(By.CSS_SELECTOR, ".alert-success").text
    with _db(live_server) as conn:
        assert conn.execute("SELECT count(*) FROM employee WHERE employee_no LIKE ?",
                            (prefix + "%",)).fetchone()[0] == 200
        batch = conn.execute("SELECT id, created, total FROM import_batch WHERE file_name = ?",
                             (fixed.name,)).fetchone()
    assert batch is not None and batch[1:] == (200, 200)

    # The batch is listed on the import page.
    open_page(browser, base_url, "/employeeview/import/", "import page with batches")
    listed = browser.find_element(By.CSS_SELECTOR, "table.yl-import-batches").text
    assert fixed.name in listed and str(batch[0]) in listed
    screenshot(browser, "import-batches")

"""Issue 13 done-when, end to end in a real browser on the postpartum demo (产后修复中心,
rule book 002): the 行政部 asset owner registers a device with a photo and its schedule is exact;
the monthly job posts depreciation once; a stock-take of 客服部 finds the device missing, the
discrepancy must be explained, and the missing device becomes an approved disposal (the head's
own request goes to the head above, then the owner); a device cannot be signed out twice; a
requisition is approved by the recorded head and issued, and the stock goes down; the figures
page draws its charts from the local Chart.js and its bars open the lists.

The app runs under gunicorn with PROFILE=postpartum on its own seeded SQLite file (the shared
``live_server`` is the matchmaking demo). Selectors are form actions, names and ids, never
translated text; records are new on every run.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.conftest import (
    REPO,
    VENV_BIN,
    LiveServer,
    _free_port,
    _prepare_database,
    _server_env,
    _stop,
    _truthy,
    _wait_until_up,
)
from tests.browser.helpers import drain_logs, login, screenshot
from tests.browser.pages import (
    by,
    click_and_wait,
    open_page,
    show_tab,
    switch_user,
    take,
    wait_for_new_page,
)

pytestmark = pytest.mark.browser

DEPT = "客服部"          # counted by its head, cs_head; cs1 works there
OWNER, HEAD, STAFF, TOP = "hr", "cs_head", "cs1", "boss"


@pytest.fixture(scope="module")
def pp_server(_browser_gate):
    """The postpartum demo under gunicorn (same recipe as ``live_server``)."""
    tmp = Path(tempfile.mkdtemp(prefix="yuelao-live-pp-"))
    log = tmp / "server.log"
    env = {**_server_env(tmp), "PROFILE": "postpartum"}
    _prepare_database(env, log)
    port = _free_port()
    cmd = [str(VENV_BIN / "gunicorn"), "--preload", "-w", "1", "--threads", "4",
           "-b", f"127.0.0.1:{port}", "--timeout", "60", "wsgi:app"]
    with log.open("a") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = LiveServer(url=f"http://127.0.0.1:{port}", tmp=tmp, log=log, proc=proc)
    server.env = env
    try:
        _wait_until_up(proc, server.url + "/login/", log)
        yield server
    finally:
        _stop(proc)
        if not _truthy(os.environ.get("BROWSER_KEEP_TMP")):
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def pp(_chrome, pp_server):
    _chrome.get(pp_server.url + "/static/yuelao/logo.svg")
    _chrome.delete_all_cookies()
    drain_logs(_chrome)
    yield _chrome
    drain_logs(_chrome)


# --------------------------------------------------------------------------- helpers
def _choose(browser, name: str, text: str | None = None, value: str | None = None) -> str:
    """Choose in a Select2 box as a person does: the option of ``value``, or the one whose
    text (data such as a name, never a translated label) contains ``text``."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    By = by()
    select = browser.find_element(By.CSS_SELECTOR, f"select[name='{name}']")
    if value is None:
        value = next(o.get_attribute("value") for o in
                     select.find_elements(By.TAG_NAME, "option")
                     if text in (o.get_attribute("textContent") or ""))
    browser.find_element(
        By.CSS_SELECTOR, f"select[name='{name}'] + .select2-container .select2-selection").click()
    WebDriverWait(browser, 5).until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, f"#select2-{select.get_attribute('id')}-results "
                          f"li.select2-results__option[id$='-{value}']"))).click()
    WebDriverWait(browser, 5).until(lambda d: select.get_attribute("value") == value)
    return value


def _fill(browser, values: dict) -> None:
    from selenium.webdriver.common.keys import Keys

    for name, value in values.items():
        box = browser.find_element(by().NAME, name)
        box.clear()
        box.send_keys(value)
        box.send_keys(Keys.ESCAPE)  # close a date picker


def _save(browser, base_url, where, refused: bool = False) -> None:
    form = browser.find_element(by().CSS_SELECTOR, "form#model_form")
    _submit(browser, form.find_element(by().CSS_SELECTOR, "button[type=submit]"), base_url,
            where, refused)


def _submit(browser, button, base_url, where, refused: bool) -> None:
    """Click and wait for the next page; a refusal expected is a danger message there."""
    if not refused:
        click_and_wait(browser, button, base_url, where)
        return
    old = browser.find_element(by().TAG_NAME, "html")
    button.click()
    wait_for_new_page(browser, old)
    assert _flash(browser, "danger"), f"{where}: not refused"


def _newest(browser, base_url, view: str) -> int:
    """The record just saved: on its show page when FAB went there, else the newest one
    linked from its list (lists are newest first); opens its show page."""
    found = re.search(rf"/{view}/show/(\d+)", browser.current_url)
    if found:
        return int(found.group(1))
    open_page(browser, base_url, f"/{view}/list/", f"{view} list")
    ids = [int(m.group(1)) for a in browser.find_elements(
        by().CSS_SELECTOR, f"a[href*='/{view}/show/']")
        for m in [re.search(rf"/{view}/show/(\d+)", a.get_attribute("href") or "")] if m]
    assert ids, f"nothing listed on /{view}/list/"
    open_page(browser, base_url, f"/{view}/show/{max(ids)}", f"{view} page")
    return max(ids)


def _lines(browser, tag: str) -> dict[str, bool]:
    """The stock-take page's lines: edit URL → whether the row is the device tagged ``tag``."""
    out = {}
    for tr in show_tab(browser, "StocktakeLinesView").find_elements(by().CSS_SELECTOR,
                                                                    "table tbody tr"):
        links = tr.find_elements(by().CSS_SELECTOR, "a[href*='/stocktakelinesview/edit/']")
        if links:
            out[links[0].get_attribute("href")] = tag in tr.get_attribute("textContent")
    return out


def _flash(browser, kind: str) -> str:
    return " ".join(a.text for a in browser.find_elements(by().CSS_SELECTOR,
                                                          f".alert-{kind}"))


def _api(browser, base_url, path) -> dict:
    """A REST read with the browser's own session (what the page's scripts could fetch)."""
    import json

    browser.get(base_url + path)
    return json.loads(browser.find_element(by().TAG_NAME, "body").text)["result"]


def _flask(server, *args) -> str:
    proc = subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=REPO,
                          env=server.env, capture_output=True, text=True, timeout=120,
                          check=True)
    return proc.stdout


def _png(tmp: Path) -> Path:
    from app.finance.seed import tiny_png

    path = tmp / "device.png"
    path.write_bytes(tiny_png())
    return path


# --------------------------------------------------------------------------- the flow
def test_postpartum_asset_flow(pp, pp_server, screenshot_dir):
    base, By = pp_server.url, by()
    tag = uuid.uuid4().hex[:6]
    device = f"盆底肌修復儀 {tag}"

    # 1. the 行政部 owner registers the device (sum of the years' digits, 5 years)
    login(pp, base, OWNER)
    open_page(pp, base, "/assetview/add", "register form")
    pp.find_element(By.NAME, "name").send_keys(device)
    _choose(pp, "category", "服务及专业设备")
    _choose(pp, "department", DEPT)
    _choose(pp, "custodian", "董佳")
    _choose(pp, "depreciation_method", value="sum_of_years")
    _fill(pp, {"cost": "36000.00", "salvage_value": "1800.00", "useful_life_months": "60",
               "purchase_date": "2025-03-10", "in_service_date": "2025-03-15"})
    _save(pp, base, "register")
    asset = _newest(pp, base, "assetview")
    assert device in pp.find_element(By.TAG_NAME, "body").text
    rows = show_tab(pp, "Schedule").find_elements(By.CSS_SELECTOR, "table.yl-schedule tbody tr")
    cells = [[td.get_attribute("textContent").strip() for td in tr.find_elements(
        By.TAG_NAME, "td")] for tr in rows]
    assert len(cells) == 60 and cells[0][0] == "2025-04"  # the month after entering service
    assert sum(Decimal(c[1]) for c in cells) == Decimal("34200.00")
    assert cells[-1][3] == "1800.00"
    # a photo, through the core attachments service, shown on the page
    show_tab(pp, "Attachments").find_element(By.NAME, "file").send_keys(
        str(_png(pp_server.tmp)))
    click_and_wait(pp, pp.find_element(By.CSS_SELECTOR, "form.yl-attach button"), base,
                   "attach photo")
    assert pp.find_elements(By.CSS_SELECTOR, ".yl-asset-photos img.yl-asset-photo")
    screenshot(pp, "assets_01_registered", screenshot_dir)

    # 2. the monthly job posts depreciation once
    first = _flask(pp_server, "assets", "post-depreciation")
    again = _flask(pp_server, "assets", "post-depreciation")
    assert re.search(r": [1-9]\d* entries posted", first), first
    assert ": 0 entries posted" in again, again

    # 3. a device cannot be signed out twice
    for attempt in range(2):
        open_page(pp, base, "/assetloanview/add", "sign-out form")
        _choose(pp, "asset", tag)
        _choose(pp, "employee", "董佳")
        _save(pp, base, f"sign-out {attempt + 1}", refused=attempt == 1)
    assert "依據《" in _flash(pp, "danger")
    open_page(pp, base, f"/assetview/show/{asset}", "asset page")
    loans = show_tab(pp, "AssetLoanView").find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert len([tr for tr in loans if tr.find_elements(By.TAG_NAME, "td")]) == 1

    # 4. the head of 客服部 counts: the device is missing
    switch_user(pp, base, HEAD)
    open_page(pp, base, "/stocktakeview/add", "plan a stock-take")
    pp.find_element(By.NAME, "name").send_keys(f"年中盤點 {tag}")
    _choose(pp, "department", DEPT)
    _save(pp, base, "stock-take saved")
    st = _newest(pp, base, "stocktakeview")
    take(pp, base, "stocktakeview", st, "start", "開始盤點")
    lines = _lines(pp, tag)  # {edit url: is it the device}
    assert len(lines) >= 2 and sum(lines.values()) == 1
    for href, missing in lines.items():
        open_page(pp, base, href.replace(base, ""), "count a line")
        _choose(pp, "result", value="missing" if missing else "found")
        _save(pp, base, "line counted")
    open_page(pp, base, f"/stocktakeview/show/{st}", "stock-take page")
    take(pp, base, "stocktakeview", st, "submit", "盤點完畢")
    form = pp.find_element(By.CSS_SELECTOR, f"form[action$='/stocktakeview/transition/{st}/close']")
    form.find_element(By.NAME, "comment").send_keys("結束")
    _submit(pp, form.find_element(By.CSS_SELECTOR, "button[type=submit]"), base,
            "close refused", True)
    refusal = _flash(pp, "danger")
    assert "依據《產後修復中心管理制度》" in refusal, refusal
    screenshot(pp, "assets_02_close_refused", screenshot_dir)
    href = next(h for h, missing in lines.items() if missing)
    open_page(pp, base, href.replace(base, ""), "explain the missing line")
    _fill(pp, {"explanation": "客戶活動後未歸還，已報失"})
    _save(pp, base, "explained")
    open_page(pp, base, f"/stocktakeview/show/{st}", "stock-take page")
    take(pp, base, "stocktakeview", st, "close", "賬實已核對")

    # 5. the missing device becomes an approved disposal
    open_page(pp, base, "/disposalview/add", "request a disposal")
    _choose(pp, "asset", tag)
    _choose(pp, "method", value="loss")
    _fill(pp, {"reason": f"盤點 {tag} 丢失", "proceeds": "0"})
    _save(pp, base, "disposal saved")
    disposal = _newest(pp, base, "disposalview")
    take(pp, base, "disposalview", disposal, "submit", "申請報廢")
    switch_user(pp, base, TOP)  # the requester heads 客服部: the head above approves
    open_page(pp, base, f"/disposalview/show/{disposal}", "disposal page (boss)")
    take(pp, base, "disposalview", disposal, "approve_head", "同意")
    switch_user(pp, base, OWNER)
    open_page(pp, base, f"/disposalview/show/{disposal}", "disposal page (owner)")
    take(pp, base, "disposalview", disposal, "approve", "同意報廢")
    assert _api(pp, base, f"/api/v1/asset/{asset}")["status"] == "disposed"

    # 6. a requisition: 董佳 asks, the recorded head approves, 行政部 issues
    switch_user(pp, base, STAFF)
    open_page(pp, base, "/requisitionview/add", "request supplies")
    item = _choose(pp, "item", "A4")
    _fill(pp, {"quantity": "2", "reason": f"客服資料打印 {tag}"})
    _save(pp, base, "requisition saved")
    req = _newest(pp, base, "requisitionview")
    take(pp, base, "requisitionview", req, "submit", "請審批")
    switch_user(pp, base, HEAD)
    open_page(pp, base, f"/requisitionview/show/{req}", "requisition (head)")
    take(pp, base, "requisitionview", req, "approve", "同意")
    switch_user(pp, base, OWNER)
    before = _api(pp, base, f"/api/v1/supply_item/{item}")["stock"]
    open_page(pp, base, f"/requisitionview/show/{req}", "requisition (owner)")
    take(pp, base, "requisitionview", req, "issue", "已發放")
    assert _api(pp, base, f"/api/v1/supply_item/{item}")["stock"] == before - 2

    # 7. the figures page: charts drawn locally, a bar's list behind it
    open_page(pp, base, "/asset_figures/", "asset figures")
    drawn = pp.execute_script(
        "return Array.from(document.querySelectorAll('canvas.yl-chart-canvas'))"
        ".filter(c => c.ylChart).length")
    assert drawn == 4
    screenshot(pp, "assets_03_figures", screenshot_dir)
    link = pp.find_element(By.CSS_SELECTOR, "#table-by-department a")
    click_and_wait(pp, link, base, "list behind a bar")
    assert "/assetview/list/" in pp.current_url and "_department=" in pp.current_url

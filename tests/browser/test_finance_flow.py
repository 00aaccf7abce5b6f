"""Issue 12 done-when, end to end in a real browser.

Matchmaking demo (``live_server``): th_mm1 files a claim with a receipt, th_mm_head (the
recorded head) approves, finance approves and pays; a claim over a ``stop`` line is refused
naming the line and the shortfall; the budget vs actual page shows the department's lines with
kinds as words and its chart drawn from the local Chart.js. Postpartum demo (its own server,
PROFILE=postpartum): 行政部 owns the budget — its head submits next year's draft, 行政部 (HR)
consolidates, the boss approves.

Selectors are form actions, names and ids, never translated text; records are new each run.
"""
from __future__ import annotations

import json
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


@pytest.fixture(scope="module")
def pp_server(_browser_gate):
    """The postpartum demo under gunicorn (same recipe as ``live_server``)."""
    tmp = Path(tempfile.mkdtemp(prefix="yuelao-live-fin-pp-"))
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
def _choose(browser, name: str, text: str) -> str:
    """Choose in a Select2 box the option whose text (data: a category name) contains
    ``text``."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    By = by()
    select = browser.find_element(By.CSS_SELECTOR, f"select[name='{name}']")
    value = next(o.get_attribute("value") for o in select.find_elements(By.TAG_NAME, "option")
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


def _api(browser, base_url, path) -> dict:
    browser.get(base_url + path)
    return json.loads(browser.find_element(by().TAG_NAME, "body").text)


def _flash(browser, kind: str) -> str:
    return " ".join(a.text for a in browser.find_elements(by().CSS_SELECTOR,
                                                          f".alert-{kind}"))


def _new_claim(browser, base, category: str, amount: str, purpose: str) -> int:
    """File a claim through the add form and open its page; returns its id."""
    import datetime as dt

    By = by()
    open_page(browser, base, "/expenseview/add", "claim form")
    _choose(browser, "category_ref", category)
    _fill(browser, {"amount": amount, "purpose": purpose,
                    "spent_on": dt.date.today().isoformat()})
    form = browser.find_element(By.CSS_SELECTOR, "form#model_form")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"), base,
                   "claim saved")
    found = re.search(r"/expenseview/show/(\d+)", browser.current_url)
    if not found:
        rows = _api(browser, base, "/api/v1/expense/?q=(page_size:50,order_column:id,"
                                   "order_direction:desc)")["result"]
        pk = next(r["id"] for r in rows if r["purpose"] == purpose)
        open_page(browser, base, f"/expenseview/show/{pk}", "claim page")
        return pk
    return int(found.group(1))


def _attach_receipt(browser, base, tmp: Path) -> None:
    from app.finance.seed import tiny_png

    path = tmp / "receipt.png"
    path.write_bytes(tiny_png())
    show_tab(browser, "Attachments").find_element(by().NAME, "file").send_keys(str(path))
    click_and_wait(browser, browser.find_element(by().CSS_SELECTOR, "form.yl-attach button"),
                   base, "attach receipt")


def _charts_drawn(browser) -> int:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('canvas.yl-chart-canvas'))"
        ".filter(c => c.ylChart).length")


# --------------------------------------------------------------------------- the flows
def test_matchmaking_claim_flow_budget_refusal_and_budget_vs_actual(browser, live_server,
                                                                     screenshot_dir):
    base, By, tag = live_server.url, by(), uuid.uuid4().hex[:6]

    # 1. th_mm1 files a claim with a receipt and submits it
    login(browser, base, "th_mm1")
    pk = _new_claim(browser, base, "差旅费", "268.00", f"客戶約見交通費 {tag}")
    _attach_receipt(browser, base, live_server.tmp)
    take(browser, base, "expenseview", pk, "submit", "請審批")
    screenshot(browser, "finance_01_submitted", screenshot_dir)

    # 2. the recorded head approves; 3. finance approves and pays
    switch_user(browser, base, "th_mm_head")
    open_page(browser, base, f"/expenseview/show/{pk}", "claim (head)")
    take(browser, base, "expenseview", pk, "approve_head", "同意")
    switch_user(browser, base, "finance")
    open_page(browser, base, f"/expenseview/show/{pk}", "claim (finance)")
    take(browser, base, "expenseview", pk, "approve_finance", "審核無誤")
    take(browser, base, "expenseview", pk, "pay", "已付款")
    assert _api(browser, base, f"/api/v1/expense/{pk}")["result"]["status"] == "paid"

    # 4. a claim over the stop line (差旅費) is refused, naming the line and the shortfall
    budget = next(b for b in _api(browser, base, "/api/v1/budget/?q=(page_size:100)")["result"]
                  if b["status"] == "approved" and b["year"] == _this_year()
                  and b["department_id"] == _dept_of(browser, base, pk))
    lines = _api(browser, base, f"/api/v1/budget/{budget['id']}/execution")["lines"]
    travel = next(ln for ln in lines if ln["category"] == "TRAVEL")
    remaining = Decimal(travel["remaining"])
    amount = remaining + Decimal("1234.50")
    switch_user(browser, base, "th_mm1")
    big = _new_claim(browser, base, "差旅费", f"{amount:.2f}", f"年會差旅 {tag}")
    _attach_receipt(browser, base, live_server.tmp)
    form = browser.find_element(By.CSS_SELECTOR,
                                f"form[action$='/expenseview/transition/{big}/submit']")
    form.find_element(By.NAME, "comment").send_keys("請審批")
    old = browser.find_element(By.TAG_NAME, "html")  # a refusal: the page shows the error
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_new_page(browser, old)
    refusal = _flash(browser, "danger")
    assert "天河红娘部" in refusal and "差旅费" in refusal, refusal  # the line
    assert "1,234.50" in refusal, refusal  # the shortfall
    assert "依據《" in refusal, refusal
    screenshot(browser, "finance_02_refused", screenshot_dir)
    assert _api(browser, base, f"/api/v1/expense/{big}")["result"]["status"] == "draft"

    # 5. budget vs actual: the department's lines, kinds as words, the chart drawn locally
    switch_user(browser, base, "finance")
    open_page(browser, base, "/budget_vs_actual/", "budget vs actual")
    assert _charts_drawn(browser) >= 1
    kinds = {td.text for td in browser.find_elements(By.CSS_SELECTOR, "td.yl-kind")}
    assert kinds and not kinds & {"expense", "capital", "income"}, kinds
    row = browser.find_element(By.CSS_SELECTOR, f"tr[data-line='{travel['id']}']")
    # category, kind, month, budgeted, committed, of which purchases, spent
    spent = Decimal(row.find_elements(By.TAG_NAME, "td")[6].text.replace(",", ""))
    assert spent == Decimal(travel["spent"]) >= Decimal("268.00")  # the paid claim counts
    screenshot(browser, "finance_03_budget_vs_actual", screenshot_dir)
    open_page(browser, base, "/finance_figures/", "finance figures")
    assert _charts_drawn(browser) == 5


def _this_year() -> int:
    import datetime as dt

    return dt.date.today().year


def _dept_of(browser, base, pk) -> int:
    return _api(browser, base, f"/api/v1/expense/{pk}")["result"]["department_id"]


def test_postpartum_budget_owned_by_the_admin_department(pp, pp_server, screenshot_dir):
    """002: 行政部 consolidates the departments' budgets; management approves."""
    base = pp_server.url
    login(pp, base, "adm_head")
    drafts = [b for b in _api(pp, base, "/api/v1/budget/?q=(page_size:100)")["result"]
              if b["status"] == "draft" and b["year"] == _this_year() + 1]
    assert drafts, "the postpartum demo has next year's draft"
    pk = drafts[0]["id"]
    open_page(pp, base, f"/budgetview/show/{pk}", "next year's draft")
    take(pp, base, "budgetview", pk, "submit", "提交行政部審核")
    switch_user(pp, base, "hr")  # 行政部 (HR kind in this profile) consolidates
    open_page(pp, base, f"/budgetview/show/{pk}", "budget (行政部)")
    take(pp, base, "budgetview", pk, "consolidate", "已匯總")
    screenshot(pp, "finance_04_pp_consolidated", screenshot_dir)
    switch_user(pp, base, "boss")
    open_page(pp, base, f"/budgetview/show/{pk}", "budget (boss)")
    take(pp, base, "budgetview", pk, "approve", "同意")
    assert _api(pp, base, f"/api/v1/budget/{pk}")["result"]["status"] == "approved"

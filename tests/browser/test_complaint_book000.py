"""Book 000 客戶投訴處理 in a real browser, as the users it names: 客服專員 th_cs1 logs the
complaint and forwards it to 天河红娘部; the department's head th_mm_head investigates and
resolves it with a finding (成立 / 不成立) and the response given to the client; th_cs1's return
visit finds the client unsatisfied, which reopens it; resolved again, a satisfied visit closes
it. Each step is taken by clicking what the page offers; the 客服 head is never offered a
close button, and nobody is offered one at all.

Selectors are form actions, input names and option values, never translated text. The
complaint is new on every run.
"""
from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import login, screenshot
from tests.browser.pages import (
    by,
    click_and_wait,
    detail_text,
    history_steps,
    open_page,
    switch_user,
    take,
    transition_names,
)

pytestmark = pytest.mark.browser

RESPONSIBLE = "天河红娘部"


def _option_text(browser, pk, step: str, field: str, value: str) -> str:
    """The visible text of ``value`` in the step's select (the page's language)."""
    select = browser.find_element(
        by().CSS_SELECTOR,
        f"form[action$='/complaintview/transition/{pk}/{step}'] select[name='{field}']")
    for option in select.find_elements(by().TAG_NAME, "option"):
        if option.get_attribute("value") == value:
            return option.text
    raise AssertionError(f"{field}: no option {value}")


def _log_complaint(browser, base_url, complainant, content) -> int:
    By = by()
    open_page(browser, base_url, "/complaintview/add", "th_cs1 add form")
    browser.find_element(By.NAME, "complainant_name").send_keys(complainant)
    browser.find_element(By.NAME, "complainant_phone").send_keys("13800007777")
    browser.execute_script(
        "for (const n of ['channel', 'category_ref']) {"
        "  const s = document.querySelector(`select[name='${n}']`);"
        "  const o = Array.from(s.options).find(o => o.value && o.value !== '__None');"
        "  s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); }")
    box = browser.find_element(By.NAME, "content")
    box.send_keys(content)
    save = box.find_element(By.XPATH, "./ancestor::form").find_element(
        By.CSS_SELECTOR, "button[type=submit]")
    click_and_wait(browser, save, base_url, "th_cs1 saves the complaint")
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success"), "complaint not saved"
    open_page(browser, base_url, "/complaintview/list/", "th_cs1 complaints")
    rows = [tr for tr in browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
            if complainant in tr.text]
    assert len(rows) == 1, f"the complaint of {complainant} is not listed once"
    show = rows[0].find_element(By.CSS_SELECTOR, "a[href*='/complaintview/show/']")
    click_and_wait(browser, show, base_url, "th_cs1 opens the complaint")
    return int(re.fullmatch(r"/complaintview/show/(\d+)",
                            urlsplit(browser.current_url).path).group(1))


def _as(browser, base_url, user, pk):
    switch_user(browser, base_url, user)
    open_page(browser, base_url, f"/complaintview/show/{pk}", f"{user} opens it")


def test_complaint_as_book_000_names_its_users(browser, base_url, screenshot_dir):
    tag = uuid.uuid4().hex[:6]
    complainant = f"書000{tag}"
    content = f"b000 {tag}：紅娘未按約定時間回覆。"

    login(browser, base_url, "th_cs1")
    pk = _log_complaint(browser, base_url, complainant, content)
    detail = detail_text(browser)
    assert "13800007777" not in detail and "138****7777" in detail, "phone not masked"
    assert transition_names(browser, pk) == {"assign"}, "客服專員 forwards the complaint"
    labels = {"received": browser.find_element(by().CSS_SELECTOR, ".yl-state").text}

    # 客服專員 forwards it to the responsible department of the store.
    labels["assign"] = take(browser, base_url, "complaintview", pk, "assign", "b000-1 轉交",
                            {"department_id": RESPONSIBLE})
    assert RESPONSIBLE in detail_text(browser)
    assert not transition_names(browser, pk), "nothing left for customer service here"

    _as(browser, base_url, "th_mm_head", pk)
    assert transition_names(browser, pk) == {"investigate"}
    labels["investigate"] = take(browser, base_url, "complaintview", pk, "investigate",
                                 "b000-2 調查", {"evidence_note": f"通話記錄 {tag}"})
    not_upheld = _option_text(browser, pk, "resolve", "finding", "not_upheld")
    labels["resolve"] = take(browser, base_url, "complaintview", pk, "resolve", "b000-3 處理",
                             {"finding": not_upheld, "plan": f"說明流程 {tag}",
                              "result": f"已電話答覆 {tag}"})
    assert not transition_names(browser, pk), "the department does not make the return visit"

    # The 客服 head is offered the return visit, never a close button.
    _as(browser, base_url, "th_cs_head", pk)
    assert transition_names(browser, pk) == {"follow_up"}

    _as(browser, base_url, "th_cs1", pk)
    unsatisfied = _option_text(browser, pk, "follow_up", "client_satisfied", "unsatisfied")
    labels["reopened"] = take(browser, base_url, "complaintview", pk, "follow_up",
                              "b000-4 回訪不滿意", {"client_satisfied": unsatisfied})
    assert labels["reopened"] == labels["investigate"], "an unsatisfied visit reopens it"
    screenshot(browser, "complaint_book000_reopened", screenshot_dir)

    _as(browser, base_url, "th_mm_head", pk)
    upheld = _option_text(browser, pk, "resolve", "finding", "upheld")
    take(browser, base_url, "complaintview", pk, "resolve", "b000-5 再處理",
         {"finding": upheld, "plan": f"更換紅娘 {tag}", "result": f"已致歉 {tag}"})

    _as(browser, base_url, "th_cs1", pk)
    satisfied = _option_text(browser, pk, "follow_up", "client_satisfied", "satisfied")
    labels["closed"] = take(browser, base_url, "complaintview", pk, "follow_up",
                            "b000-6 回訪滿意", {"client_satisfied": satisfied,
                                                "satisfaction": "5"})
    assert not transition_names(browser, pk), "a closed complaint offers nothing"
    detail = detail_text(browser)
    for text in (upheld, f"已致歉 {tag}", RESPONSIBLE):
        assert text in detail, f"{text!r} missing from the closed complaint"
    for code in ("upheld", "satisfied", "phone"):
        assert not re.search(rf"(?<![\w_]){code}(?![\w_])", detail), f"code {code} shown"
    screenshot(browser, "complaint_book000_closed", screenshot_dir)

    # History: the people book 000 names, and the engine ("system") closing / reopening.
    steps = history_steps(browser, "b000-")
    assert [(c, a) for c, a, _ in steps] == [
        ("b000-1 轉交", "th_cs1"), ("b000-2 調查", "th_mm_head"),
        ("b000-3 處理", "th_mm_head"), ("b000-4 回訪不滿意", "th_cs1"),
        ("b000-5 再處理", "th_mm_head"), ("b000-6 回訪滿意", "th_cs1")]
    history = browser.find_element(by().CSS_SELECTOR, "table.yl-history").text
    assert history.count("system") >= 2, "the close and the reopen are the engine's"
    assert labels["closed"] != labels["received"]

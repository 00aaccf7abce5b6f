"""Issue 4 end to end in a real browser: a complaint is logged by customer service, routed by its
head to 天河紅娘部, investigated and resolved there, followed up and closed; overdue complaints
reach the heads' inbox; the other store never sees the new complaint.

Everything is done through the pages (forms, select boxes, buttons); selectors are form actions,
input names and hrefs, never translated text. The complaint is new on every run.
"""
from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import (
    assert_no_external_requests,
    login,
    screenshot,
    visit,
)
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

RESPONSIBLE = "天河紅娘部"




def _select2(browser, name: str, value: str | None = None) -> str:
    """Choose in a Select2 box as a person does (open it, click an option); value None takes
    the first non-empty option. Returns the chosen value."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    By = by()
    select = browser.find_element(By.CSS_SELECTOR, f"select[name='{name}']")
    if value is None:
        value = next(o.get_attribute("value") for o in
                     select.find_elements(By.TAG_NAME, "option")
                     if o.get_attribute("value") not in ("", "__None"))
    browser.find_element(
        By.CSS_SELECTOR, f"select[name='{name}'] + .select2-container .select2-selection").click()
    option = WebDriverWait(browser, 5).until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, f"#select2-{select.get_attribute('id')}-results "
                          f"li.select2-results__option[id$='-{value}']")))
    option.click()
    WebDriverWait(browser, 5).until(lambda d: select.get_attribute("value") == value)
    return value


def _show_ids(browser, view: str) -> set[int]:
    """Record ids linked from the page (…/<view>/show/<id>)."""
    ids = set()
    for a in browser.find_elements(by().CSS_SELECTOR, f"a[href*='/{view}/show/']"):
        found = re.search(rf"/{view}/show/(\d+)", a.get_attribute("href") or "")
        if found:
            ids.add(int(found.group(1)))
    return ids


def _overdue_in_inbox(browser, base_url, who) -> tuple[set[int], set[int]]:
    """(overdue complaints in who's overdue list, overdue complaints in who's inbox).

    Inbox rows from the SLA provider carry a note ("overdue since …"); workflow rows do not."""
    By = by()
    open_page(browser, base_url, "/overduecomplaintview/list/", f"{who} overdue complaints")
    listed = _show_ids(browser, "overduecomplaintview") | _show_ids(browser, "complaintview")
    in_inbox = set()
    open_page(browser, base_url, "/inbox/", f"{who} inbox")
    for tr in browser.find_elements(By.CSS_SELECTOR, "table.yl-inbox tbody tr"):
        cells = tr.find_elements(By.TAG_NAME, "td")
        links = tr.find_elements(By.CSS_SELECTOR, "a[href*='/complaintview/show/']")
        if links and len(cells) == 4 and cells[3].text.strip():
            in_inbox.add(int(re.search(r"/show/(\d+)", links[0].get_attribute("href"))[1]))
    return listed, in_inbox


def test_complaint_flow(browser, base_url, screenshot_dir):
    By = by()
    tag = uuid.uuid4().hex[:6]
    complainant = f"測試{tag}"
    content = f"e2e {tag}：約見地點臨時更改未通知，等候一小時。"
    plan, result = f"e2e 道歉並培訓 {tag}", f"e2e 已告知客戶 {tag}"

    # --- th_cs1 logs the complaint through the add form ------------------------------------
    login(browser, base_url, "th_cs1")
    open_page(browser, base_url, "/complaintview/list/", "th_cs1 complaints")
    add = browser.find_element(By.CSS_SELECTOR, "a[href*='/complaintview/add']")
    click_and_wait(browser, add, base_url, "th_cs1 add form")
    browser.find_element(By.NAME, "complainant_name").send_keys(complainant)
    browser.find_element(By.NAME, "complainant_phone").send_keys("13800009999")
    _select2(browser, "channel", "phone")
    _select2(browser, "category_ref")
    box = browser.find_element(By.NAME, "content")
    box.send_keys(content)
    screenshot(browser, "complaint_add_th_cs1", screenshot_dir)
    save = box.find_element(By.XPATH, "./ancestor::form").find_element(
        By.CSS_SELECTOR, "button[type=submit]")
    click_and_wait(browser, save, base_url, "th_cs1 saves the complaint")
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success"), "complaint not saved"

    open_page(browser, base_url, "/complaintview/list/", "th_cs1 complaints after add")
    rows = [tr for tr in browser.find_elements(By.CSS_SELECTOR, "table.table-bordered tbody tr")
            if complainant in tr.text]
    assert len(rows) == 1, f"the new complaint of {complainant} is not listed once"
    show = rows[0].find_element(By.CSS_SELECTOR, "a[href*='/complaintview/show/']")
    click_and_wait(browser, show, base_url, "th_cs1 opens the complaint")
    pk = int(re.fullmatch(r"/complaintview/show/(\d+)",
                          urlsplit(browser.current_url).path).group(1))
    detail = detail_text(browser)
    assert complainant in detail and content in detail, detail
    assert "assign" not in transition_names(browser, pk), "customer service may not route"
    labels = {"received": browser.find_element(By.CSS_SELECTOR, ".yl-state").text}

    # --- routed, investigated, resolved, followed up, closed -------------------------------
    steps = [
        ("th_cs_head", "assign", "e2e-1 routed", {"department_id": RESPONSIBLE}),
        ("th_mm_head", "investigate", "e2e-2 looking into it",
         {"evidence_note": f"e2e 通話記錄 {tag}"}),
        ("th_mm_head", "resolve", "e2e-3 resolved", {"plan": plan, "result": result}),
        ("th_cs1", "follow_up", "e2e-4 client called back", {"satisfaction": "4"}),
        ("th_mm_head", "close", "e2e-5 closed", {}),
    ]
    user = "th_cs1"
    for actor, name, comment, fields in steps:
        if actor != user:
            switch_user(browser, base_url, actor)
            user = actor
            open_page(browser, base_url, f"/complaintview/show/{pk}", f"{actor} opens it")
        labels[name] = take(browser, base_url, "complaintview", pk, name, comment, fields)
        if name == "assign":
            detail = detail_text(browser)
            assert RESPONSIBLE in detail, f"not routed to {RESPONSIBLE}: {detail}"

    assert not transition_names(browser, pk), \
        f"a closed complaint still offers {transition_names(browser, pk)}"
    detail = detail_text(browser)
    for text in (plan, result, RESPONSIBLE, f"e2e 通話記錄 {tag}"):
        assert text in detail, f"{text!r} missing from the closed complaint: {detail}"
    screenshot(browser, "complaint_closed", screenshot_dir)
    assert history_steps(browser, "e2e-") == [
        (comment, actor, labels[name]) for actor, name, comment, _ in steps]
    screenshot(browser, "complaint_history", screenshot_dir)

    open_page(browser, base_url, "/complaintview/list/?_flt_0_status=closed",
              "closed complaints")
    assert pk in _show_ids(browser, "complaintview"), f"complaint {pk} is not listed as closed"

    # --- overdue complaints reach the heads' inbox -----------------------------------------
    for head in ("th_cs_head", "th_manager"):
        switch_user(browser, base_url, head)
        listed, in_inbox = _overdue_in_inbox(browser, base_url, head)
        assert listed, f"{head}: the demo should have overdue complaints in scope"
        assert listed <= in_inbox, \
            f"{head}: overdue {sorted(listed)} but the inbox shows {sorted(in_inbox)}"
        if head == "th_manager":
            screenshot(browser, "inbox_th_manager", screenshot_dir)
    tianhe_overdue = listed

    # --- the other store sees nothing of it ------------------------------------------------
    switch_user(browser, base_url, "yx_cs_head")
    page = visit(browser, f"{base_url}/complaintview/show/{pk}")
    assert page.status == 404, f"yx_cs_head opened complaint {pk}: HTTP {page.status}"
    assert_no_external_requests(page.requests, base_url)
    open_page(browser, base_url, "/complaintview/list/", "yx_cs_head complaints")
    assert pk not in _show_ids(browser, "complaintview"), "yx_cs_head lists the new complaint"
    assert complainant not in browser.find_element(By.TAG_NAME, "body").get_attribute(
        "textContent")
    listed, in_inbox = _overdue_in_inbox(browser, base_url, "yx_cs_head")
    assert not (tianhe_overdue & (listed | in_inbox)), "yx_cs_head sees Tianhe overdue ones"

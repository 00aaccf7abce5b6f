"""The list page in a real browser: keyset pager, filter chips, bulk actions through the
Actions menu and its confirmation, the delete button's confirmation.

Selectors are classes, hrefs and data attributes, never translated text.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.helpers import login, screenshot
from tests.browser.pages import by, click_and_wait, open_page, switch_user, wait_for_new_page

pytestmark = pytest.mark.browser


def _row_ids(browser) -> list[str]:
    return [e.get_attribute("value")
            for e in browser.find_elements(by().CSS_SELECTOR, "input.action_check")]


def _pager_link(browser, index: int):
    """The keyset pager's links: 0 newest, 1 newer, 2 older."""
    items = browser.find_elements(by().CSS_SELECTOR, "ul.yl-keyset li")
    return items[index]


def test_keyset_pager_and_filter_chip(browser, base_url):
    login(browser, base_url, "th_mm_head")
    open_page(browser, base_url, "/clientview/list/?psize_ClientView=10", "client list")
    first = _row_ids(browser)
    assert len(first) == 10
    older = _pager_link(browser, 2)
    assert "disabled" not in (older.get_attribute("class") or "")
    click_and_wait(browser, older.find_element(by().TAG_NAME, "a"), base_url, "older page")
    second = _row_ids(browser)
    assert second and not set(second) & set(first)
    assert max(int(i) for i in second) < min(int(i) for i in first)
    click_and_wait(browser, _pager_link(browser, 1).find_element(by().TAG_NAME, "a"),
                   base_url, "newer page")
    assert _row_ids(browser) == first
    screenshot(browser, "list-keyset")

    # A filter in the URL shows as a chip; its × drops it.
    open_page(browser, base_url, "/clientview/list/?_flt_0_status=active", "filtered list")
    chip = browser.find_element(by().CSS_SELECTOR, ".yl-filter-chip a")
    click_and_wait(browser, chip, base_url, "filter removed")
    assert "_flt_" not in browser.current_url


def test_bulk_action_through_the_actions_menu(browser, base_url):
    """Checkboxes → Actions → confirm → POST → back to the same list page. "Resume" on two
    active clients is refused as a whole (all or nothing), so the demo data stays as it is."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    By = by()
    switch_user(browser, base_url, "th_mm_head")
    path = "/clientview/list/?psize_ClientView=50"
    open_page(browser, base_url, path, "client list")
    # Transitions that need a comment (pause, close, reject) are not offered in bulk.
    offered = {a.get_attribute("data-action")
               for a in browser.find_elements(By.CSS_SELECTOR, "a.yl-action")}
    assert "wf_resume" in offered and "wf_pause" not in offered, offered
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    active = [r for r in rows if "有效" in r.text][:2]
    assert len(active) == 2
    for row in active:
        row.find_element(By.CSS_SELECTOR, "input.action_check").click()
    item = browser.find_element(By.CSS_SELECTOR, "a.yl-action[data-action='wf_resume']")
    item.find_element(By.XPATH, "../../..").find_element(
        By.CSS_SELECTOR, "button.dropdown-toggle").click()
    WebDriverWait(browser, 5).until(ec.visibility_of(item))
    item.click()
    ok = WebDriverWait(browser, 5).until(ec.element_to_be_clickable((By.ID, "modal-confirm-ok")))
    old = browser.find_element(By.TAG_NAME, "html")
    ok.click()
    wait_for_new_page(browser, old)
    assert browser.current_url.endswith(path)  # back on the page the action came from
    alert = browser.find_element(By.CSS_SELECTOR, ".alert-danger").text
    assert "未做任何修改" in alert or "未做任何修改" in alert, alert
    assert len([r for r in browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
                if "有效" in r.text]) >= 2
    screenshot(browser, "list-bulk-action")


def test_delete_button_asks_first(browser, base_url):
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    By = by()
    switch_user(browser, base_url, "admin")
    open_page(browser, base_url, "/clientview/list/", "client list as admin")
    button = browser.find_element(By.CSS_SELECTOR, "a.yl-delete")
    assert re.search(r"/clientview/delete/\d+$", button.get_attribute("data-url"))
    button.click()
    modal = WebDriverWait(browser, 5).until(
        ec.visibility_of_element_located((By.ID, "modal-confirm")))
    assert modal.find_element(By.CSS_SELECTOR, ".modal-body").text.strip()
    # Cancel: nothing is archived.
    modal.find_element(By.CSS_SELECTOR, "[data-dismiss='modal']").click()
    WebDriverWait(browser, 5).until(ec.invisibility_of_element_located((By.ID, "modal-confirm")))


def test_client_picker_searches_as_you_type(browser, base_url):
    """A follow-up is recorded by typing part of a client number into the picker: the form
    never lists the clients."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    By = by()
    switch_user(browser, base_url, "th_mm1")
    open_page(browser, base_url, "/followupview/add", "follow-up form")
    assert not browser.find_elements(By.CSS_SELECTOR, "select[name='client'] option")
    browser.find_element(By.CSS_SELECTOR, "select[name='client'] + .select2").click()
    box = WebDriverWait(browser, 5).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, ".select2-search__field")))
    box.send_keys("DEMO-00")
    first = WebDriverWait(browser, 10).until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, ".select2-results__option:not(.loading-results)")))
    picked = first.text
    assert picked.startswith("DEMO-00"), picked
    box.send_keys(Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, "select[name='client']") \
        .get_attribute("value").isdigit()
    browser.find_element(By.NAME, "content").send_keys("e2e 選客戶回訪")
    # Book 000: every active client keeps a next follow-up date (the date picker's input).
    browser.execute_script(
        "document.querySelector(\"input[name='next_due']\").value = arguments[0];",
        (dt.date.today() + dt.timedelta(days=14)).isoformat())
    form = browser.find_element(By.CSS_SELECTOR, "select[name='client']") \
        .find_element(By.XPATH, "ancestor::form")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"),
                   base_url, "follow-up saved")
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success")
    screenshot(browser, "client-picker")

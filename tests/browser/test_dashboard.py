"""Each role's home dashboard in a real browser: charts drawn by the app's own Chart.js,
nothing requested from elsewhere, the navbar counter leading to the inbox, a bar leading to
the list behind it, and a printable form."""
from __future__ import annotations

import pytest

from tests.browser.helpers import (
    assert_no_external_requests,
    login,
    screenshot,
    visit,
)

pytestmark = pytest.mark.browser

# username → the panels its role kind is granted (app/dashboard/permissions.py)
ROLES = {
    "th_manager": {"store"},
    "th_mm1": {"frontline"},
    "th_cs1": {"service"},
    "hr": {"hr"},
    "finance": {"finance"},
    "boss": {"company", "store", "hr", "finance"},
    "auditor": {"company", "store", "hr", "finance"},
}

STATE_JS = """
const canvases = Array.from(document.querySelectorAll('canvas.yl-chart-canvas'));
return {
  panels: Array.from(document.querySelectorAll('.yl-dash-panel')).map(p => p.dataset.panel),
  canvases: canvases.length,
  drawn: canvases.filter(c => c.ylChart && c.width > 0).length,
  bars: canvases.map(c => c.ylChart ? c.ylChart.getDatasetMeta(0).data.length : 0),
  counter: (document.querySelector('.yl-notice-count') || {}).textContent,
  inboxLink: (document.querySelector('#yl-notices a.yl-notice-inbox') || {}).href,
};
"""


@pytest.mark.parametrize("username", sorted(ROLES))
def test_dashboard_draws_charts_locally(browser, base_url, screenshot_dir, username):
    login(browser, base_url, username)
    page = visit(browser, base_url + "/")
    assert page.status == 200
    assert not page.console_errors, page.console_errors
    assert_no_external_requests(page.requests, base_url)
    assert any("/static/vendor/chartjs/chart.umd.min.js" in u for u in page.requests)
    state = browser.execute_script(STATE_JS)
    assert set(state["panels"]) == ROLES[username]
    assert state["canvases"] > 0 and state["drawn"] == state["canvases"], state
    assert state["counter"] is not None and state["counter"].strip().isdigit()
    assert state["inboxLink"] and state["inboxLink"].endswith("/inbox/")
    screenshot(browser, f"dashboard_{username}", screenshot_dir)


def test_counter_opens_the_inbox_and_a_bar_opens_its_list(browser, base_url):
    from selenium.webdriver.common.by import By

    login(browser, base_url, "th_manager")
    visit(browser, base_url + "/")
    counter = int(browser.find_element(By.CSS_SELECTOR, ".yl-notice-count").text)
    inbox = browser.find_element(By.CSS_SELECTOR, "#yl-notices a.yl-notice-inbox")
    n_inbox = int(inbox.find_element(By.CSS_SELECTOR, ".badge").get_attribute("data-count"))
    assert counter >= n_inbox
    href = inbox.get_attribute("href")
    page = visit(browser, href)
    assert page.status == 200
    rows = browser.find_elements(By.CSS_SELECTOR, "table.yl-inbox tbody tr")
    assert len(rows) == n_inbox

    visit(browser, base_url + "/")
    # Click the first non-empty bar of the clients chart, as a person would: the chart's own
    # link opens the client list filtered by that status.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    canvas = browser.find_element(By.ID, "store-clients")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", canvas)
    dx, dy = browser.execute_script(
        "const c = arguments[0], ch = c.ylChart;"
        "const i = ch.data.datasets[0].data.findIndex(v => v > 0);"
        "const bar = ch.getDatasetMeta(0).data[i]; const r = c.getBoundingClientRect();"
        "return [bar.x - r.width / 2, (bar.y + bar.base) / 2 - r.height / 2];", canvas)
    ActionChains(browser).move_to_element_with_offset(canvas, int(dx), int(dy)).click().perform()
    WebDriverWait(browser, 20).until(lambda d: "/clientview/list/" in d.current_url)
    assert "_flt_" in browser.current_url


def test_printable_client_form_opens_from_the_show_page(browser, base_url):
    from selenium.webdriver.common.by import By

    login(browser, base_url, "th_mm1")
    visit(browser, base_url + "/clientview/list/")
    show = browser.find_element(By.CSS_SELECTOR, "table a[href*='/clientview/show/']")
    visit(browser, show.get_attribute("href"))
    href = browser.find_element(By.CSS_SELECTOR, "a.yl-print").get_attribute("href")
    page = visit(browser, href)
    assert page.status == 200
    assert_no_external_requests(page.requests, base_url)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "客户信息登记表" in text or "客戶信息登記表" in text
    assert "****" in text

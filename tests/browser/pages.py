"""Page-level helpers shared by the end-to-end flow tests: open a page and check it, take a
workflow transition through its show-page form, read the detail and History tabs."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from tests.browser.helpers import (
    PAGE_LOAD_TIMEOUT,
    assert_no_external_requests,
    drain_logs,
    login,
    visit,
)

ERROR_TEXT = ("Internal Server Error", "Traceback (most recent call last)",
              "The requested URL was not found", "Method Not Allowed", "Bad Request")


def by():
    from selenium.webdriver.common.by import By

    return By


# ------------------------------------------------------------- page checks (shared with
# test_complaint_flow.py; candidates for helpers.py)


def read_logs(browser) -> tuple[list[dict], list[str]]:
    """DevTools events and SEVERE console messages since the logs were last read."""
    events = []
    for entry in browser.get_log("performance"):
        try:
            events.append(json.loads(entry["message"])["message"])
        except (KeyError, ValueError):
            continue
    console = [e["message"] for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    return events, console


def assert_page_ok(browser, base_url, where, events, console, status=None) -> None:
    """The page the browser shows is a real page of the app: no error, nothing external."""
    urls = [e["params"]["request"]["url"] for e in events
            if e.get("method") == "Network.requestWillBeSent"]
    assert_no_external_requests(urls, base_url)
    if status is None:
        docs = [e["params"]["response"]["status"] for e in events
                if e.get("method") == "Network.responseReceived"
                and e["params"].get("type") == "Document"]
        status = docs[-1] if docs else None
    failed = [(e["params"]["response"]["url"], e["params"]["response"]["status"])
              for e in events if e.get("method") == "Network.responseReceived"
              and e["params"].get("type") != "Document"
              and e["params"]["response"]["status"] >= 400]
    By = by()
    title = browser.title or ""
    body = browser.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    alerts = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".alert-danger")]
    problems = []
    if status is not None and status >= 400:
        problems.append(f"HTTP {status}")
    if urlsplit(browser.current_url).path.startswith("/login"):
        problems.append("landed on the login page")
    if "月老" not in title or re.match(r"^\s*[45]\d\d\b", title):
        problems.append(f"title {title!r}")
    problems += [f"page says {t!r}" for t in ERROR_TEXT if t in body]
    problems += [f"error message: {a!r}" for a in alerts]
    problems += [f"sub-resource failed: {f}" for f in failed]
    problems += [f"console error: {c}" for c in console]
    assert not problems, f"{where} <{browser.current_url}>: " + "; ".join(problems)


def open_page(browser, base_url, path, where):
    """Open a page of the app and check it rendered cleanly."""
    page = visit(browser, base_url + path)
    assert_page_ok(browser, base_url, where, [], page.console_errors, status=page.status)
    assert page.status is not None, f"{where}: no document response for {path}"
    assert not page.failed, f"{where}: sub-resources failed: {page.failed}"
    assert_no_external_requests(page.requests, base_url)
    return page


def gone(element):
    """A wait condition: ``element`` has left the document. Selenium's staleness_of only
    catches StaleElementReferenceException; ChromeDriver may instead answer "Node with given
    id does not belong to the document" while the next page loads."""
    from selenium.common.exceptions import WebDriverException

    def check(_driver) -> bool:
        try:
            element.is_enabled()
        except WebDriverException:
            return True
        return False

    return check


def wait_for_new_page(browser, old, timeout: float = PAGE_LOAD_TIMEOUT) -> None:
    """Wait until ``old`` (the previous page's <html>) is gone and the new page loaded."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout).until(gone(old))
    # While the document is being replaced a script may find no context: ask again.
    WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def click_and_wait(browser, element, base_url, where) -> None:
    """Click something that loads a new page, wait for it, and check it."""
    drain_logs(browser)
    old = browser.find_element(by().TAG_NAME, "html")
    element.click()
    wait_for_new_page(browser, old)
    events, console = read_logs(browser)
    assert_page_ok(browser, base_url, where, events, console)


def show_tab(browser, pane_id: str):
    """Open a tab of a show page and return its pane once visible."""
    from selenium.webdriver.support.ui import WebDriverWait

    By = by()
    browser.find_element(By.CSS_SELECTOR, f"ul.nav-tabs a[href='#{pane_id}']").click()
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, pane_id).is_displayed())
    return browser.find_element(By.ID, pane_id)


def detail_text(browser) -> str:
    """The text of a show page's Detail tab. FAB reopens the tab last used on any page
    (localStorage, kept across tests), so open Detail explicitly."""
    return show_tab(browser, "Home").text


def transition_names(browser, pk) -> set[str]:
    """Names of the transitions offered on the show page of record pk."""
    names = set()
    for form in browser.find_elements(by().CSS_SELECTOR, "form.yl-transition"):
        match = re.search(rf"/transition/{pk}/(\w+)$", form.get_attribute("action") or "")
        if match:
            names.add(match.group(1))
    return names


def fill(browser, element, value: str) -> None:
    """Enter ``value`` as a user would: a select by its option's text, a date-time picker by
    what picking sets ("YYYY-MM-DD HH:MM" → the picker's "YYYY-MM-DDTHH:MM"; keystrokes
    depend on the locale's segment order), anything else typed."""
    if element.tag_name == "select":
        from selenium.webdriver.support.ui import Select

        Select(element).select_by_visible_text(value)
        return
    if element.get_attribute("type") == "datetime-local":
        picked = value.replace(" ", "T")
        browser.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, picked)
        assert element.get_attribute("value") == picked, f"the picker refused {value!r}"
        return
    element.clear()
    element.send_keys(value)


def take(browser, base_url, resource_view, pk, name, comment, fields=None) -> str:
    """Fill and submit a show-page transition form; return the new state's label."""
    By = by()
    forms = browser.find_elements(
        By.CSS_SELECTOR, f"form[action$='/{resource_view}/transition/{pk}/{name}']")
    assert forms, (f"no '{name}' button on {browser.current_url} "
                   f"(offered: {sorted(transition_names(browser, pk))})")
    form = forms[0]
    before = browser.find_element(By.CSS_SELECTOR, ".yl-state").text
    box = form.find_element(By.NAME, "comment")
    box.clear()
    box.send_keys(comment)
    for field, value in (fields or {}).items():
        fill(browser, form.find_element(By.NAME, field), value)
    button = form.find_element(By.CSS_SELECTOR, f"button[type=submit][value='{name}']")
    click_and_wait(browser, button, base_url, f"after '{name}' on {resource_view} {pk}")
    assert urlsplit(browser.current_url).path == f"/{resource_view}/show/{pk}", \
        browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success"), \
        f"'{name}' on {resource_view} {pk}: no success message"
    after = browser.find_element(By.CSS_SELECTOR, ".yl-state").text
    assert after and after != before, f"'{name}': state label stayed {before!r}"
    return after


def history_steps(browser, prefix) -> list[tuple[str, str, str]]:
    """(comment, actor, new state label) of the History tab's rows whose comment starts with
    prefix, oldest first."""
    By = by()
    steps = []
    for tr in show_tab(browser, "History").find_elements(By.CSS_SELECTOR,
                                                         "table.yl-history tbody tr"):
        cells = tr.find_elements(By.TAG_NAME, "td")
        if len(cells) == 5 and cells[4].text.startswith(prefix):
            to_state = cells[3].find_elements(By.TAG_NAME, "b")
            steps.append((cells[4].text, cells[1].text.split()[0],
                          to_state[0].text if to_state else ""))
    return steps


def logout(browser, base_url) -> None:
    browser.get(base_url + "/logout/")
    browser.delete_all_cookies()
    drain_logs(browser)


def switch_user(browser, base_url, username) -> None:
    logout(browser, base_url)
    login(browser, base_url, username)


def pane_cell_text(browser, cell) -> str:
    """The cell's own text, without the nested <small> hint."""
    return browser.execute_script(
        "return Array.from(arguments[0].childNodes).filter(n => n.nodeType === 3)"
        ".map(n => n.textContent).join('').trim();", cell)


# --------------------------------------------------------------------------- the flow

"""Issue 3 end to end in a real browser: a Tianhe matchmaker proposes a Yuexiu candidate from the
company-wide pool, the candidate's matchmaker accepts and schedules the meeting, and each role
sees exactly what it should.

Everything is done through the pages (links, tabs, buttons, forms); selectors are form actions,
input names and hrefs, never translated text. A fresh match is created on every run, so the
menu walk that follows finds the database in a valid state.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import (
    PAGE_LOAD_TIMEOUT,
    assert_no_external_requests,
    drain_logs,
    login,
    screenshot,
    visit,
)

pytestmark = pytest.mark.browser

ERROR_TEXT = ("Internal Server Error", "Traceback (most recent call last)",
              "The requested URL was not found", "Method Not Allowed", "Bad Request")
LIMITED_NAME = re.compile(r"^[\u3400-\u9fff]{1,2}(先生|女士)$")


def _by():
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
    By = _by()
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


def click_and_wait(browser, element, base_url, where) -> None:
    """Click something that loads a new page, wait for it, and check it."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    drain_logs(browser)
    old = browser.find_element(_by().TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, PAGE_LOAD_TIMEOUT).until(ec.staleness_of(old))
    WebDriverWait(browser, PAGE_LOAD_TIMEOUT).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    events, console = read_logs(browser)
    assert_page_ok(browser, base_url, where, events, console)


def show_tab(browser, pane_id: str):
    """Open a tab of a show page and return its pane once visible."""
    from selenium.webdriver.support.ui import WebDriverWait

    By = _by()
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
    for form in browser.find_elements(_by().CSS_SELECTOR, "form.yl-transition"):
        match = re.search(rf"/transition/{pk}/(\w+)$", form.get_attribute("action") or "")
        if match:
            names.add(match.group(1))
    return names


def take(browser, base_url, resource_view, pk, name, comment, fields=None) -> str:
    """Fill and submit a show-page transition form; return the new state's label."""
    By = _by()
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
        element = form.find_element(By.NAME, field)
        if element.tag_name == "select":  # choose by the option's text (data, e.g. a name)
            from selenium.webdriver.support.ui import Select

            Select(element).select_by_visible_text(value)
            continue
        element.clear()
        element.send_keys(value)
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
    By = _by()
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


def _pane_cell_text(browser, cell) -> str:
    """The cell's own text, without the nested <small> hint."""
    return browser.execute_script(
        "return Array.from(arguments[0].childNodes).filter(n => n.nodeType === 3)"
        ".map(n => n.textContent).join('').trim();", cell)


# --------------------------------------------------------------------------- the flow


def _active_clients(browser, base_url, who) -> dict[int, str]:
    """{client id: name} of the logged-in matchmaker's active clients (first list page)."""
    By = _by()
    open_page(browser, base_url, "/clientview/list/?_flt_0_status=active", f"{who} active clients")
    table = browser.find_element(By.CSS_SELECTOR, "table.table-bordered")
    # The name column is the one whose header sorts by name (…?_oc_ClientView=name…).
    heads = [th.get_attribute("innerHTML") for th in table.find_elements(By.CSS_SELECTOR,
                                                                         "thead th")]
    name_col = next(i for i, h in enumerate(heads) if re.search(r"_oc_\w+=name\b", h))
    out = {}
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        links = row.find_elements(By.CSS_SELECTOR, "a[href*='/clientview/show/']")
        if not links:
            continue
        pk = int(links[0].get_attribute("href").rstrip("/").rsplit("/", 1)[1])
        out[pk] = row.find_elements(By.TAG_NAME, "td")[name_col].text.strip()
    assert out, f"{who} has no active clients in the list"
    return out


def _candidate_rows(browser):
    """[(score, candidate id, other team?, name cell, propose button)] of the Candidates tab."""
    By = _by()
    pane = show_tab(browser, "Candidates")
    rows = []
    for tr in pane.find_elements(By.CSS_SELECTOR, "table.yl-candidates tbody tr"):
        ids = tr.find_elements(By.CSS_SELECTOR, "form[action$='/matchview/propose'] "
                                                "input[name=candidate_id]")
        if not ids:
            continue
        cells = tr.find_elements(By.TAG_NAME, "td")
        rows.append((int(cells[0].text.strip()), int(ids[0].get_attribute("value")),
                     bool(cells[1].find_elements(By.CSS_SELECTOR, "small")),
                     _pane_cell_text(browser, cells[1]),
                     tr.find_element(By.CSS_SELECTOR, "form[action$='/matchview/propose'] "
                                                      "button[type=submit]")))
    return rows


def test_match_flow_across_stores(browser, base_url, screenshot_dir):
    By = _by()

    # The Yuexiu matchmaker's active clients: the candidates we want th_mm1 to find.
    login(browser, base_url, "yx_mm1")
    yuexiu = _active_clients(browser, base_url, "yx_mm1")

    # --- th_mm1 finds a client with a Yuexiu candidate and proposes it --------------------
    switch_user(browser, base_url, "th_mm1")
    mine = _active_clients(browser, base_url, "th_mm1")
    client_id = candidate_id = None
    for pk in mine:
        open_page(browser, base_url, f"/clientview/show/{pk}", f"th_mm1 client {pk}")
        rows = _candidate_rows(browser)
        picks = [r for r in rows if r[1] in yuexiu]
        if picks:
            client_id, rows = pk, rows
            break
    assert client_id, f"no active client of th_mm1 has a candidate of yx_mm1 ({sorted(yuexiu)})"
    scores = [r[0] for r in rows]
    assert scores == sorted(scores, reverse=True), f"candidates not ranked: {scores}"
    score, candidate_id, other_team, shown_name, button = picks[0]
    assert other_team, "a Yuexiu candidate is not marked as another team's"
    assert LIMITED_NAME.match(shown_name), \
        f"Yuexiu candidate {candidate_id} shows {shown_name!r}, not surname + 先生/女士"
    full_name = yuexiu[candidate_id]
    assert full_name, f"no name for client {candidate_id} in yx_mm1's list"
    page_text = browser.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    assert full_name not in page_text, f"th_mm1 sees the full name {full_name} of a candidate"
    screenshot(browser, "match_candidates_th_mm1", screenshot_dir)

    click_and_wait(browser, button, base_url, "propose")
    path = urlsplit(browser.current_url).path
    found = re.fullmatch(r"/matchview/show/(\d+)", path)
    assert found, f"propose did not land on a match page: {browser.current_url}"
    match_id = int(found.group(1))
    detail = detail_text(browser)
    assert "越秀紅娘部" in detail, f"match {match_id}: candidate's department not 越秀: {detail}"
    assert full_name not in browser.find_element(By.TAG_NAME, "body").get_attribute(
        "textContent"), "the match page shows th_mm1 the candidate's full name"
    assert transition_names(browser, match_id) >= {"contact"}, "a new match offers no contact"
    assert "accept" not in transition_names(browser, match_id)
    labels = {"proposed": browser.find_element(By.CSS_SELECTOR, ".yl-state").text}

    labels["contacted"] = take(browser, base_url, "matchview", match_id, "contact",
                                "e2e-1 contacted the other side")
    offered = transition_names(browser, match_id)
    assert {"accept", "decline"} <= offered, offered

    # --- the candidate's matchmaker answers and schedules the meeting ---------------------
    switch_user(browser, base_url, "yx_mm1")
    open_page(browser, base_url, f"/matchview/show/{match_id}", "yx_mm1 opens the match")
    labels["accepted"] = take(browser, base_url, "matchview", match_id, "accept",
                               "e2e-2 candidate agrees")
    assert "schedule" in transition_names(browser, match_id)
    when = (dt.datetime.now() + dt.timedelta(days=3)).replace(hour=19, minute=30)
    place = f"天河城咖啡館 e2e-{match_id}"
    labels["meeting_scheduled"] = take(
        browser, base_url, "matchview", match_id, "schedule", "e2e-3 meeting arranged",
        {"meeting_time": when.strftime("%Y-%m-%d %H:%M"), "place": place})
    offered = transition_names(browser, match_id)
    assert {"meet", "end"} <= offered and "schedule" not in offered, offered
    meetings = show_tab(browser, "MeetingsOfMatch").text
    assert place in meetings and when.strftime("%Y-%m-%d") in meetings, meetings
    screenshot(browser, "match_meeting_scheduled_yx_mm1", screenshot_dir)

    open_page(browser, base_url, "/matchview/list/?_flt_0_status=meeting_scheduled",
          "scheduled matches")
    assert browser.find_elements(By.CSS_SELECTOR, f"a[href$='/matchview/show/{match_id}']"), \
        f"match {match_id} is not listed as meeting_scheduled"
    open_page(browser, base_url, "/meetingview/list/", "yx_mm1 meetings")
    assert place in browser.find_element(By.TAG_NAME, "body").text, "meeting not listed"

    # History: every step in order, each by the right person.
    open_page(browser, base_url, f"/matchview/show/{match_id}", "match history")
    steps = history_steps(browser, "e2e-")
    assert steps == [
        ("e2e-1 contacted the other side", "th_mm1", labels["contacted"]),
        ("e2e-2 candidate agrees", "yx_mm1", labels["accepted"]),
        ("e2e-3 meeting arranged", "yx_mm1", labels["meeting_scheduled"]),
    ], steps
    screenshot(browser, "match_history", screenshot_dir)

    # --- who else sees it ------------------------------------------------------------------
    switch_user(browser, base_url, "yx_manager")
    open_page(browser, base_url, f"/matchview/show/{match_id}", "yx_manager opens the match")
    assert browser.find_element(By.CSS_SELECTOR, ".yl-state").text == \
        labels["meeting_scheduled"]

    switch_user(browser, base_url, "th_manager")
    open_page(browser, base_url, f"/matchview/show/{match_id}", "th_manager opens the match")

    switch_user(browser, base_url, "auditor")
    open_page(browser, base_url, f"/matchview/show/{match_id}", "auditor opens the match")
    assert not browser.find_elements(By.CSS_SELECTOR, "form.yl-transition"), \
        "the auditor is offered workflow buttons"
    assert browser.find_element(By.CSS_SELECTOR, ".yl-state").text == \
        labels["meeting_scheduled"]

    # Customer service has no access to matches at all; an unrelated matchmaker of the same
    # store and another department's head do, but the match is outside their scope.
    switch_user(browser, base_url, "th_cs1")
    page = visit(browser, f"{base_url}/matchview/show/{match_id}")
    assert page.status in (403, 404), f"th_cs1 opened match {match_id}: HTTP {page.status}"
    assert_no_external_requests(page.requests, base_url)
    for outsider in ("th_mm2", "mkt_head"):
        switch_user(browser, base_url, outsider)
        page = visit(browser, f"{base_url}/matchview/show/{match_id}")
        assert page.status == 404, f"{outsider} opened match {match_id}: HTTP {page.status}"
        assert_no_external_requests(page.requests, base_url)
        open_page(browser, base_url, "/matchview/list/", f"{outsider} match list")
        assert not browser.find_elements(
            By.CSS_SELECTOR, f"a[href$='/matchview/show/{match_id}']"), \
            f"{outsider} sees match {match_id} in the list"

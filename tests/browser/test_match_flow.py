"""Issue 3 end to end in a real browser: a Tianhe matchmaker proposes a Yuexiu candidate from the
company-wide pool, the candidate's matchmaker accepts and schedules the meeting, and each role
sees exactly what it should.

Everything is done through the pages (links, tabs, buttons, forms); selectors are form actions,
input names and hrefs, never translated text. A fresh match is created on every run, so the
menu walk that follows finds the database in a valid state.
"""
from __future__ import annotations

import datetime as dt
import re
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
    pane_cell_text,
    show_tab,
    switch_user,
    take,
    transition_names,
)

pytestmark = pytest.mark.browser

LIMITED_NAME = re.compile(r"^[\u3400-\u9fff]{1,2}(先生|女士)$")


def _active_clients(browser, base_url, who) -> dict[int, str]:
    """{client id: name} of the logged-in matchmaker's active clients (first list page)."""
    By = by()
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
    By = by()
    pane = show_tab(browser, "Candidates")
    # The rows are fetched when the tab opens (clients/show.html): wait for them.
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(lambda d: d.find_element(
        By.CSS_SELECTOR, "table.yl-candidates").get_attribute("data-state") in ("loaded",
                                                                                "failed"))
    rows = []
    for tr in pane.find_elements(By.CSS_SELECTOR, "table.yl-candidates tbody tr"):
        ids = tr.find_elements(By.CSS_SELECTOR, "form[action$='/matchview/propose'] "
                                                "input[name=candidate_id]")
        if not ids:
            continue
        cells = tr.find_elements(By.TAG_NAME, "td")
        rows.append((int(cells[0].text.strip()), int(ids[0].get_attribute("value")),
                     bool(cells[1].find_elements(By.CSS_SELECTOR, "small")),
                     pane_cell_text(browser, cells[1]),
                     tr.find_element(By.CSS_SELECTOR, "form[action$='/matchview/propose'] "
                                                      "button[type=submit]")))
    return rows


def test_match_flow_across_stores(browser, base_url, screenshot_dir):
    By = by()

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
    assert "越秀红娘部" in detail, f"match {match_id}: candidate's department not 越秀: {detail}"
    assert full_name not in browser.find_element(By.TAG_NAME, "body").get_attribute(
        "textContent"), "the match page shows th_mm1 the candidate's full name"
    assert transition_names(browser, match_id) >= {"contact"}, "a new match offers no contact"
    assert "accept" not in transition_names(browser, match_id)
    labels = {"proposed": browser.find_element(By.CSS_SELECTOR, ".yl-state").text}

    labels["contacted"] = take(browser, base_url, "matchview", match_id, "contact",
                                "e2e-1 contacted the other side")
    offered = transition_names(browser, match_id)
    # Only the candidate's side answers (book 000): th_mm1 is not offered the step.
    assert not {"accept", "decline"} & offered, offered

    # --- the candidate's matchmaker answers and schedules the meeting ---------------------
    switch_user(browser, base_url, "yx_mm1")
    open_page(browser, base_url, f"/matchview/show/{match_id}", "yx_mm1 opens the match")
    assert {"accept", "decline"} <= transition_names(browser, match_id)
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

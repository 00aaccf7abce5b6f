"""Rule book 000 客戶匹配與約見 / 見面服務與跟進 in a real browser, as its users, by clicking what
the pages offer: th_mm1 proposes a Yuexiu candidate and contacts the other side; yx_mm1 accepts
from the inbox (the entry names both clients) and schedules the meeting; each matchmaker briefs
their side (one from the inbox, one from the meeting page); the meeting is held; th_mm1 records
both sides' feedback and guidance; then a follow-up with its next date; th_mm_head reviews.

Selectors are form actions, input names and data attributes, never translated text.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import login, screenshot
from tests.browser.pages import (
    by,
    click_and_wait,
    open_page,
    show_tab,
    switch_user,
    take,
)
from tests.browser.test_match_flow import _active_clients, _candidate_rows

pytestmark = pytest.mark.browser


def _inbox_row(browser, base_url, resource, pk, who):
    By = by()
    open_page(browser, base_url, "/inbox/", f"{who} inbox")
    rows = browser.find_elements(
        By.CSS_SELECTOR, f"table.yl-inbox[data-resource='{resource}'] "
                         f"tr.yl-inbox-item[data-pk='{pk}']")
    assert rows, f"{resource} {pk} is not in {who}'s inbox"
    return rows[0]


def _submit_in_inbox(browser, base_url, form, where):
    By = by()
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"),
                   base_url, where)
    assert urlsplit(browser.current_url).path == "/inbox/", browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success"), f"{where}: no success"


def _choose(form, name, value):
    from selenium.webdriver.support.ui import Select

    Select(form.find_element(by().NAME, name)).select_by_value(value)


def test_meeting_book000(browser, base_url, screenshot_dir):
    By = by()
    login(browser, base_url, "yx_mm1")
    yuexiu = _active_clients(browser, base_url, "yx_mm1")

    # --- 1. th_mm1 proposes from the candidates tab and contacts the other side -----------
    switch_user(browser, base_url, "th_mm1")
    mine = _active_clients(browser, base_url, "th_mm1")
    picks = None
    for pk in mine:
        open_page(browser, base_url, f"/clientview/show/{pk}", f"th_mm1 client {pk}")
        picks = [r for r in _candidate_rows(browser) if r[1] in yuexiu]
        if picks:
            client_id = pk
            break
    assert picks, "no client of th_mm1 has a Yuexiu candidate"
    client_name = mine[client_id]
    click_and_wait(browser, picks[0][4], base_url, "propose")
    found = re.fullmatch(r"/matchview/show/(\d+)", urlsplit(browser.current_url).path)
    assert found, browser.current_url
    match_id = int(found.group(1))
    take(browser, base_url, "matchview", match_id, "contact", "m000-1 已聯繫對方紅娘")

    # --- 2. yx_mm1 accepts from the inbox: the entry names both clients -------------------
    switch_user(browser, base_url, "yx_mm1")
    row = _inbox_row(browser, base_url, "match", match_id, "yx_mm1")
    assert " × " in row.text and f"#{match_id}" not in row.text, row.text
    assert client_name not in row.text, "yx_mm1 sees th_mm1's client by full name"
    form = row.find_element(By.CSS_SELECTOR,
                            f"form[action$='/matchview/transition/{match_id}/accept']")
    form.find_element(By.NAME, "comment").send_keys("m000-2 對方同意見面")
    screenshot(browser, "meeting000_inbox_accept", screenshot_dir)
    _submit_in_inbox(browser, base_url, form, "yx_mm1 accepts from the inbox")

    open_page(browser, base_url, f"/matchview/show/{match_id}", "yx_mm1 match")
    when = (dt.datetime.now() + dt.timedelta(days=4)).replace(hour=19, minute=30)
    place = f"正佳廣場咖啡館 m000-{match_id}"
    take(browser, base_url, "matchview", match_id, "schedule", "m000-3 約定時間地點",
         {"meeting_time": when.strftime("%Y-%m-%d %H:%M"), "place": place})
    pane = show_tab(browser, "MeetingsOfMatch")
    links = [a.get_attribute("href") for a in pane.find_elements(
        By.CSS_SELECTOR, "a[href*='/meetingsofmatch/show/']")]
    ids = {int(m.group(1)) for h in links
           if (m := re.search(r"/meetingsofmatch/show/(\d+)", h or ""))}
    assert len(ids) == 1, links
    meeting_id = ids.pop()

    # --- 3. briefing each side before the meeting (000 客戶匹配與約見 3) --------------------
    row = _inbox_row(browser, base_url, "meeting", meeting_id, "yx_mm1")
    form = row.find_element(By.CSS_SELECTOR, f"form[action$='/meetingview/brief/{meeting_id}']")
    _choose(form, "side", "candidate")
    form.find_element(By.NAME, "note").send_keys("提醒準時到達、穿著得體")
    _submit_in_inbox(browser, base_url, form, "yx_mm1 briefs the candidate from the inbox")

    switch_user(browser, base_url, "th_mm1")
    open_page(browser, base_url, "/unbriefedmeetingview/list/", "th_mm1 meetings to brief")
    link = browser.find_elements(By.CSS_SELECTOR, f"a[href$='/show/{meeting_id}']")
    assert link, f"meeting {meeting_id} is not listed as still to brief"
    click_and_wait(browser, link[0], base_url, "th_mm1 opens the meeting")
    form = browser.find_element(By.CSS_SELECTOR, "form.yl-brief")
    _choose(form, "side", "client")
    form.find_element(By.NAME, "note").send_keys("提醒尊重對方隱私")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"),
                   base_url, "th_mm1 briefs the client")
    open_page(browser, base_url, "/unbriefedmeetingview/list/", "th_mm1 meetings to brief")
    assert not browser.find_elements(By.CSS_SELECTOR, f"a[href$='/show/{meeting_id}']")

    # --- 4. the meeting is held -------------------------------------------------------------
    open_page(browser, base_url, f"/matchview/show/{match_id}", "th_mm1 match")
    take(browser, base_url, "matchview", match_id, "meet", "m000-4 雙方已見面")

    # --- 5. both sides' feedback and the matchmaker's guidance (見面服務與跟進 3, 4) -------
    open_page(browser, base_url, f"/meetingview/edit/{meeting_id}", "th_mm1 feedback form")
    form = browser.find_element(By.NAME, "client_feedback").find_element(By.XPATH,
                                                                        "./ancestor::form")
    form.find_element(By.NAME, "client_feedback").send_keys("對方談吐得體，有共同話題")
    form.find_element(By.NAME, "candidate_feedback").send_keys("印象不錯，想再見一次")
    for name in ("client_wishes_continue", "candidate_wishes_continue"):
        browser.execute_script(
            "var s = $(arguments[0]); s.val('1').trigger('change');",
            form.find_element(By.NAME, name))
    form.find_element(By.NAME, "guidance").send_keys("建議下次約在戶外，多聊興趣")
    screenshot(browser, "meeting000_feedback", screenshot_dir)
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"),
                   base_url, "th_mm1 saves the feedback")
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success"), "feedback not saved"
    open_page(browser, base_url, f"/meetingview/show/{meeting_id}", "meeting after feedback")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "建議下次約在戶外" in body and "held" not in body and "scheduled" not in body

    # --- 6. a follow-up with its next date ---------------------------------------------------
    # The "no next follow-up" list offers the form with the client chosen; a client whose
    # next date is already set is not listed there, and its page is then opened directly.
    open_page(browser, base_url, "/nonextfollowup/", "th_mm1 clients without a next date")
    links = browser.find_elements(
        By.CSS_SELECTOR, f"tr[data-pk='{client_id}'] a[href*='/followupview/add']")
    if links:
        click_and_wait(browser, links[0], base_url, "th_mm1 opens the follow-up form")
    else:
        open_page(browser, base_url, f"/followupview/add?client_id={client_id}",
                  "th_mm1 follow-up form")
    chosen = browser.find_element(By.CSS_SELECTOR, "select[name='client']")
    assert chosen.get_attribute("value") == str(client_id), "the client is not chosen"
    browser.execute_script("var s = $('select[name=channel]'); s.val('phone')"
                           ".trigger('change');")
    browser.find_element(By.NAME, "content").send_keys("見面後電話回訪：雙方願意繼續")
    due = browser.find_element(By.NAME, "next_due")
    browser.execute_script("arguments[0].value = arguments[1];", due,
                           (dt.date.today() + dt.timedelta(days=14)).isoformat())
    click_and_wait(browser, due.find_element(By.XPATH, "./ancestor::form").find_element(
        By.CSS_SELECTOR, "button[type=submit]"), base_url, "th_mm1 saves the follow-up")
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success"), "follow-up not saved"

    # --- 7. the head reviews the meeting (never their own) -----------------------------------
    switch_user(browser, base_url, "th_mm_head")
    open_page(browser, base_url, f"/meetingview/show/{meeting_id}", "th_mm_head meeting")
    form = browser.find_element(By.CSS_SELECTOR, "form.yl-review-form")
    form.find_element(By.NAME, "comment").send_keys("流程完整：見面前已分別溝通，反饋及時")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"),
                   base_url, "th_mm_head reviews")
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-success"), "review not saved"
    assert "流程完整" in browser.find_element(By.TAG_NAME, "body").text
    screenshot(browser, "meeting000_reviewed", screenshot_dir)

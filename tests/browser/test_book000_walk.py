"""Book 000 in one continuous walk, as the users it names, each step by clicking what the pages
offer (only the login page and the home page are typed):

客戶接待與資料收集 — 客服專員 th_cs1 registers a new client with every section of the
客戶信息登記表 filled and sends it to 紅娘部; the store's 紅娘部 head th_mm_head reviews it from
the inbox and records the owning 紅娘 th_mm1 there.
客戶匹配與約見 — th_mm1 opens the client, waits for the candidates, proposes one and contacts
the other side; the candidate's 紅娘 accepts; th_mm1 arranges the meeting and briefs each side.
見面服務與跟進 — th_mm1 records the meeting held, both sides' feedback and guidance, and the next
follow-up.
客戶投訴處理 — th_cs1 registers a complaint about the service and forwards it to 紅娘部; its
head investigates and resolves it with a finding and the response given; th_cs1's return visit
records the client satisfied and the complaint closes by itself.

At each step the users who may not take it are shown not to be offered its button. Selectors
are form actions, input names and data attributes; the Chinese texts asserted are the UI's own
(demo names may be in either script, so none is asserted).
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import uuid
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import PAGE_LOAD_TIMEOUT, login, screenshot
from tests.browser.pages import (
    by,
    click_and_wait,
    detail_text,
    history_steps,
    open_page,
    show_tab,
    take,
    transition_names,
)

pytestmark = pytest.mark.browser


# --------------------------------------------------------------------------- small helpers


def _wait(browser, condition, timeout: float = PAGE_LOAD_TIMEOUT, message: str = ""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition, message)


def _body(browser) -> str:
    return browser.find_element(by().TAG_NAME, "body").text


def _flash(browser) -> str:
    return " ".join(a.text for a in browser.find_elements(by().CSS_SELECTOR, ".alert-success"))


def _employee_name(live_server, username: str) -> str:
    """The person behind a demo account, read from the live server's database (the demo names
    are being converted between scripts: never hard-code them)."""
    with sqlite3.connect(live_server.tmp / "yuelao.db") as db:
        row = db.execute("SELECT e.name FROM employee e JOIN ab_user u ON u.id = e.user_id "
                         "WHERE u.username = ?", (username,)).fetchone()
    assert row, f"no employee for {username}"
    return row[0]


def _username_of(live_server, name: str) -> str:
    with sqlite3.connect(live_server.tmp / "yuelao.db") as db:
        row = db.execute("SELECT u.username FROM employee e JOIN ab_user u ON u.id = e.user_id "
                         "WHERE e.name = ?", (name,)).fetchone()
    assert row, f"no account for {name}"
    return row[0]


def _head_of(live_server, department: str) -> str:
    with sqlite3.connect(live_server.tmp / "yuelao.db") as db:
        row = db.execute("SELECT u.username FROM department d JOIN employee e ON e.id = d.head_id "
                         "JOIN ab_user u ON u.id = e.user_id WHERE d.name = ?",
                         (department,)).fetchone()
    assert row, f"no head for {department}"
    return row[0]


def _department_name(live_server, code: str) -> str:
    with sqlite3.connect(live_server.tmp / "yuelao.db") as db:
        row = db.execute("SELECT name FROM department WHERE code = ?", (code,)).fetchone()
    assert row, f"no department {code}"
    return row[0]


def _pick_client(browser, form, text):
    """A client picker (select2, search as you type): type, wait, click the result."""
    By = by()
    select = form.find_element(By.CSS_SELECTOR, "select[name='client']")
    select.find_element(By.XPATH, "following-sibling::span[contains(@class,'select2')]").click()
    box = _wait(browser, lambda d: [b for b in d.find_elements(
        By.CSS_SELECTOR, ".select2-container--open .select2-search__field") if b.is_displayed()],
        5, "the picker did not open")[0]
    box.send_keys(text)
    option = _wait(browser, lambda d: [o for o in d.find_elements(
        By.CSS_SELECTOR, ".select2-results__option") if text in o.text], 10,
        f"the picker finds no {text}")[0]
    option.click()
    assert select.get_attribute("value"), "no client chosen"


def _home(browser, base_url, who):
    open_page(browser, base_url, "/", f"{who} home")


def _menu(browser, base_url, href, who, check=True):
    """Follow a link the page shows (a visible one, else the menu's: its dropdown is opened
    first, as a person would)."""
    By = by()
    links = browser.find_elements(By.CSS_SELECTOR, f"a[href='{href}']:not([data-toggle])")
    assert links, f"{who}: the page offers no link to {href}"
    shown = [a for a in links if a.is_displayed()]
    if not shown:
        toggle = links[0].find_elements(
            By.XPATH, "./ancestor::li[contains(@class,'dropdown')][1]/a[@data-toggle]")
        if toggle:
            toggle[0].click()
            _wait(browser, lambda d: links[0].is_displayed(), 5)
        shown = [a for a in links if a.is_displayed()]
    assert shown, f"{who}: no visible link to {href}"
    if check:
        click_and_wait(browser, shown[0], base_url, f"{who} follows {href}")
        return
    from tests.browser.pages import wait_for_new_page

    old = browser.find_element(By.TAG_NAME, "html")
    shown[0].click()
    wait_for_new_page(browser, old)


def switch_user(browser, base_url, username):
    """Log out through the user menu's 退出登录, then log in as ``username``."""
    _home(browser, base_url, "logging out")
    _menu(browser, base_url, "/logout/", "the current user", check=False)
    browser.delete_all_cookies()
    login(browser, base_url, username)


def _choose(browser, name, text, scope=None):
    """Choose the option whose text is ``text`` (or contains it) in select ``name``."""
    scope = scope or browser
    select = scope.find_element(by().CSS_SELECTOR, f"select[name='{name}']")
    value = browser.execute_script(
        "const s = arguments[0], want = arguments[1];"
        "const o = Array.from(s.options).find(o => o.text.trim() === want)"
        "  || Array.from(s.options).find(o => o.text.includes(want));"
        "if (!o) return null;"
        "if (s.multiple) { o.selected = true; } else { s.value = o.value; }"
        "if (window.jQuery) { jQuery(s).trigger('change'); }"
        "else { s.dispatchEvent(new Event('change', {bubbles: true})); }"
        "return o.value;", select, text)
    assert value is not None, f"{name}: no option {text!r}"
    return value


def _type(browser, name, text, scope=None):
    from tests.browser.pages import fill

    fill(browser, (scope or browser).find_element(by().NAME, name), text)


def _submit(browser, base_url, form, where):
    click_and_wait(browser, form.find_element(by().CSS_SELECTOR, "button[type=submit]"),
                   base_url, where)


def _refused(browser, button) -> str:
    """Click a button whose step the app refuses: the page comes back with the reason."""
    from tests.browser.pages import wait_for_new_page

    old = browser.find_element(by().TAG_NAME, "html")
    button.click()
    wait_for_new_page(browser, old)
    alerts = " ".join(a.text for a in browser.find_elements(by().CSS_SELECTOR, ".alert-danger"))
    assert alerts, f"no refusal on {browser.current_url}"
    return alerts


def _pk_from(browser, view) -> int:
    found = re.fullmatch(rf"/{view}/show/(\d+)", urlsplit(browser.current_url).path)
    assert found, f"not on a {view} page: {browser.current_url}"
    return int(found.group(1))


def _inbox_row(browser, base_url, resource, pk, who):
    """The inbox entry of record ``pk`` (reached through the navbar's inbox link)."""
    By = by()
    _home(browser, base_url, who)
    _menu(browser, base_url, "/inbox/", who)
    rows = browser.find_elements(
        By.CSS_SELECTOR, f"table.yl-inbox[data-resource='{resource}'] "
                         f"tr.yl-inbox-item[data-pk='{pk}']")
    if pk is None:
        return None
    return rows[0] if rows else None


def _field(browser, label) -> str:
    """The value shown next to ``label`` on a show page's detail tab."""
    By = by()
    pane = show_tab(browser, "Home")
    for tr in pane.find_elements(By.CSS_SELECTOR, "tr"):
        cells = tr.find_elements(By.CSS_SELECTOR, "th, td")
        if len(cells) >= 2 and cells[0].text.strip() == label:
            return cells[1].text.strip()
    raise AssertionError(f"no {label} on {browser.current_url}")


def _candidates(browser) -> list[dict]:
    """The Candidates tab's rows, once loaded (they may come by a separate request)."""
    By = by()
    pane = show_tab(browser, "Candidates")
    table = pane.find_element(By.CSS_SELECTOR, "table.yl-candidates")

    def loaded(_d) -> bool:
        # Rows fetched when the tab is shown carry data-state (loading / loaded / failed);
        # rows rendered with the page are there at once.
        if table.get_attribute("data-url"):
            return table.get_attribute("data-state") in ("loaded", "failed")
        return bool(pane.find_elements(
            By.CSS_SELECTOR, "form[action$='/matchview/propose'], .yl-no-candidates"))

    _wait(browser, loaded, message="the candidates never loaded")
    assert table.get_attribute("data-state") != "failed", "the candidates failed to load"
    rows = []
    for tr in pane.find_elements(By.CSS_SELECTOR, "table.yl-candidates tbody tr"):
        forms = tr.find_elements(By.CSS_SELECTOR, "form[action$='/matchview/propose']")
        if not forms:
            continue
        cells = tr.find_elements(By.TAG_NAME, "td")
        rows.append({"other_team": bool(cells[1].find_elements(By.CSS_SELECTOR, "small")),
                     "text": tr.text,
                     "button": forms[0].find_element(By.CSS_SELECTOR, "button[type=submit]")})
    return rows


def _open_row(browser, base_url, text, view, where) -> int:
    """On a list page: open (查看) the one row that shows ``text``."""
    By = by()
    rows = [tr for tr in browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
            if text in tr.text]
    assert len(rows) == 1, f"{where}: {len(rows)} rows show {text!r}"
    click_and_wait(browser, rows[0].find_element(By.CSS_SELECTOR, f"a[href*='/{view}/show/']"),
                   base_url, where)
    return _pk_from(browser, view)


# --------------------------------------------------------------------------- the walk


def walk(browser, base_url, shots, live_server):
    By = by()
    tag = uuid.uuid4().hex[:4]
    name = f"林{tag}"  # surname + a tag: new on every run
    owner_name = _employee_name(live_server, "th_mm1")

    # === 客戶接待與資料收集 1–2: 客服專員 registers the client ===================================
    login(browser, base_url, "th_cs1")
    _home(browser, base_url, "th_cs1")
    _menu(browser, base_url, "/clientview/list/", "th_cs1")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href$='/clientview/add']"),
                   base_url, "th_cs1 opens the registration form")
    body = _body(browser)
    for section in ("基本信息", "家庭与兴趣", "择偶要求"):
        assert section in body, f"the registration form has no {section} section"
    form = browser.find_element(By.NAME, "name").find_element(By.XPATH, "./ancestor::form")
    _type(browser, "name", name, form)
    _choose(browser, "gender", "女", form)
    _type(browser, "birth_date", "1994-03-18", form)
    _type(browser, "height_cm", "163", form)
    _choose(browser, "education", "本科", form)
    _choose(browser, "city", "广州", form)
    _choose(browser, "marital_status", "未婚", form)
    _type(browser, "occupation", "会计", form)
    _type(browser, "income_monthly", "12000", form)
    _type(browser, "phone", f"1390000{int(tag, 16) % 10000:04d}", form)
    _type(browser, "family_background", "父母退休教师，独生女", form)
    _type(browser, "hobbies", "徒步、烘焙", form)
    _type(browser, "self_description", "性格开朗，做事认真", form)
    _type(browser, "pref_age_min", "28", form)
    _type(browser, "pref_age_max", "40", form)
    _type(browser, "pref_height_min", "170", form)
    _choose(browser, "intake_channel", "到店", form)
    screenshot(browser, "walk000_01_register", shots)
    _submit(browser, base_url, form, "th_cs1 saves the registration form")
    assert "新增成功" in _flash(browser), "the client was not saved"
    client_id = _open_row(browser, base_url, name, "clientview", "th_cs1 opens the new client")
    assert browser.find_element(By.CSS_SELECTOR, ".yl-state").text == "意向客户"
    assert transition_names(browser, client_id) >= {"submit"}, "no 提交审核 for th_cs1"
    assert not {"approve", "reject"} & transition_names(browser, client_id)

    # === 3: the form goes to 紅娘部 for review ================================================
    pending = take(browser, base_url, "clientview", client_id, "submit",
                   "w000-1 资料齐全，转红娘部")
    assert "待审核" in pending, pending
    assert not transition_names(browser, client_id) & {"approve", "reject"}, \
        "客服專員 is offered the review"
    detail = detail_text(browser)
    assert "红娘部" in detail or "紅娘部" in detail, "the form was not sent to 紅娘部"

    # The 客服 head is not the reviewer (000: 紅娘部 reviews): nothing in their inbox.
    switch_user(browser, base_url, "th_cs_head")
    row = _inbox_row(browser, base_url, "client", client_id, "th_cs_head")
    assert row is None, "the 客服 head is offered the intake review"
    # Nor is a 紅娘 of the department: the review is the head's.
    switch_user(browser, base_url, "th_mm1")
    row = _inbox_row(browser, base_url, "client", client_id, "th_mm1")
    assert row is None or not row.find_elements(By.CSS_SELECTOR, "form.yl-inbox-action"), \
        "a 紅娘 is offered the intake review"

    # === 紅娘部 head reviews from the inbox and records the owning 紅娘 there ==================
    switch_user(browser, base_url, "th_mm_head")
    row = _inbox_row(browser, base_url, "client", client_id, "th_mm_head")
    assert row is not None, "the new client is not in the 紅娘部 head's inbox"
    section = row.find_element(By.XPATH, "./ancestor::table/preceding-sibling::h4[1]").text
    assert "待审核客户" in section, section
    assert name in row.text and "待审核" in row.text, row.text
    form = row.find_element(By.CSS_SELECTOR,
                            f"form[action$='/clientview/transition/{client_id}/approve']")
    owners = [o.text for o in form.find_elements(By.CSS_SELECTOR, "select[name=owner_id] option")]
    assert owners[0] == "请选择负责红娘" and owner_name in owners, owners
    assert _employee_name(live_server, "th_cs1") not in owners, "客服 offered as the owner"
    assert row.find_elements(By.CSS_SELECTOR,
                             f"form[action$='/clientview/transition/{client_id}/reject']")
    # Approving without choosing says what is missing, and keeps the client waiting.
    alerts = _refused(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "负责红娘" in alerts, alerts
    row = _inbox_row(browser, base_url, "client", client_id, "th_mm_head")
    form = row.find_element(By.CSS_SELECTOR,
                            f"form[action$='/clientview/transition/{client_id}/approve']")
    _choose(browser, "owner_id", owner_name, form)
    _type(browser, "comment", "w000-2 资料完整，归档", form)
    screenshot(browser, "walk000_02_inbox_review", shots)
    _submit(browser, base_url, form, "th_mm_head approves from the inbox")
    assert urlsplit(browser.current_url).path == "/inbox/", browser.current_url
    assert "审核通过" in _flash(browser), _flash(browser)
    assert not browser.find_elements(
        By.CSS_SELECTOR, f"table.yl-inbox tr.yl-inbox-item[data-pk='{client_id}'] "
                         "form[action*='/clientview/transition/']"), "still waiting for review"

    # === 客戶匹配與約見 1: th_mm1 opens the client, sees candidates and proposes one ==========
    switch_user(browser, base_url, "th_mm1")
    _home(browser, base_url, "th_mm1")
    _menu(browser, base_url, "/clientview/list/", "th_mm1")
    assert _open_row(browser, base_url, name, "clientview", "th_mm1 opens the client") \
        == client_id
    assert "有效" in browser.find_element(By.CSS_SELECTOR, ".yl-state").text
    assert owner_name in detail_text(browser), "the owning 紅娘 is not recorded"
    picks = [r for r in _candidates(browser) if r["other_team"]]
    assert picks, "no candidate of another 紅娘 for the new client"
    screenshot(browser, "walk000_03_candidates", shots)
    click_and_wait(browser, picks[0]["button"], base_url, "th_mm1 proposes")
    match_id = _pk_from(browser, "matchview")
    assert "已推荐" in _flash(browser), _flash(browser)
    assert not {"accept", "decline"} & transition_names(browser, match_id)
    detail = detail_text(browser)
    # Who answers for the candidate: their 紅娘, or (a pool client has none) the head of
    # their department — as the match page names them.
    other_mm = _field(browser, "推荐对象的红娘")
    other_user = (_username_of(live_server, other_mm) if other_mm else
                  _head_of(live_server, _field(browser, "推荐对象所属部门")))
    assert other_user != "th_mm1", detail
    take(browser, base_url, "matchview", match_id, "contact", "w000-3 已联系对方红娘")
    assert not {"accept", "decline"} & transition_names(browser, match_id), \
        "th_mm1 may answer for the candidate"

    # === 客戶匹配與約見 2: the candidate's 紅娘 asks the candidate, who agrees =================
    switch_user(browser, base_url, other_user)
    row = _inbox_row(browser, base_url, "match", match_id, other_user)
    assert row is not None, f"match {match_id} is not in {other_user}'s inbox"
    assert " × " in row.text and f"#{match_id}" not in row.text, row.text  # both clients
    form = row.find_element(By.CSS_SELECTOR,
                            f"form[action$='/matchview/transition/{match_id}/accept']")
    _type(browser, "comment", "w000-4 对方同意见面", form)
    _submit(browser, base_url, form, f"{other_user} accepts from the inbox")
    assert "同意" in _flash(browser), _flash(browser)

    # th_mm1 arranges the time and place (from the inbox).
    switch_user(browser, base_url, "th_mm1")
    row = _inbox_row(browser, base_url, "match", match_id, "th_mm1")
    assert row is not None, "th_mm1 is not asked to schedule the meeting"
    form = row.find_element(By.CSS_SELECTOR,
                            f"form[action$='/matchview/transition/{match_id}/schedule']")
    when = (dt.datetime.now() + dt.timedelta(days=5)).replace(hour=19, minute=30)
    place = f"天河城咖啡馆 w000-{match_id}"
    _type(browser, "meeting_time", when.strftime("%Y-%m-%d %H:%M"), form)
    _type(browser, "place", place, form)
    _submit(browser, base_url, form, "th_mm1 schedules the meeting")
    assert "安排约见" in _flash(browser), _flash(browser)

    # === 客戶匹配與約見 3: a briefing with each side before the meeting ======================
    rows = [r for r in browser.find_elements(
        By.CSS_SELECTOR, "table.yl-inbox[data-resource='meeting'] tr.yl-inbox-item")
        if name in r.text and r.find_elements(By.CSS_SELECTOR, "form[action*='/brief/']")]
    assert len(rows) == 1, "the new meeting is not listed to brief"
    meeting_id = int(rows[0].get_attribute("data-pk"))
    assert "尚未沟通：客户、推荐对象" in rows[0].text, rows[0].text
    assert when.strftime("%Y-%m-%d %H:%M") in rows[0].text, rows[0].text
    form = rows[0].find_element(By.CSS_SELECTOR, f"form[action$='/meetingview/brief/{meeting_id}']")
    _choose(browser, "side", "客户", form)
    _type(browser, "note", "提醒穿着得体、准时到达", form)
    _submit(browser, base_url, form, "th_mm1 briefs the client from the inbox")
    assert "已登记见面前沟通" in _flash(browser), _flash(browser)
    row = _inbox_row(browser, base_url, "meeting", meeting_id, "th_mm1")
    assert row is not None and "尚未沟通：推荐对象" in row.text, "the candidate's briefing"
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "a[href*='/show/']"), base_url,
                   "th_mm1 opens the meeting")
    form = browser.find_element(By.CSS_SELECTOR, "form.yl-brief")
    sides = [o.text for o in form.find_elements(By.CSS_SELECTOR, "select[name=side] option")]
    assert sides == ["推荐对象"], f"sides offered to brief: {sides}"
    _choose(browser, "side", "推荐对象", form)
    _type(browser, "note", "提醒尊重对方隐私、准时到达", form)
    _submit(browser, base_url, form, "th_mm1 briefs the candidate from the meeting page")
    assert "已登记见面前沟通" in _flash(browser), _flash(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, "form.yl-brief"), "both sides briefed"
    assert "提醒尊重对方隐私" in detail_text(browser)

    # === 見面服務與跟進 1–2: the meeting is held ==============================================
    offered = transition_names(browser, meeting_id)
    assert {"hold", "no_show", "cancel"} <= offered, offered
    held = take(browser, base_url, "meetingview", meeting_id, "hold", "w000-5 双方准时见面")
    assert held == "已见面", held
    assert "见面礼仪提醒" in detail_text(browser), "the etiquette reminder is not shown"
    assert not transition_names(browser, meeting_id), "a held meeting offers no other end"
    # The match moved on with it (已見面).
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a.yl-match-link"), base_url,
                   "th_mm1 opens the match of the meeting")
    assert _pk_from(browser, "matchview") == match_id
    assert browser.find_element(By.CSS_SELECTOR, ".yl-state").text == "已见面"
    browser.back()

    # === 見面服務與跟進 3–4: both sides' feedback, the 紅娘's guidance =========================
    open_meeting = browser.find_elements(By.CSS_SELECTOR, "a.yl-edit")
    assert open_meeting and open_meeting[0].text.strip() == "登记见面反馈", \
        "the held meeting offers no feedback form"
    click_and_wait(browser, open_meeting[0], base_url, "th_mm1 opens the feedback form")
    form = browser.find_element(By.NAME, "client_feedback").find_element(By.XPATH,
                                                                        "./ancestor::form")
    body = _body(browser)
    for label in ("客户的见面感受", "对方的见面感受", "客户愿意继续交往", "红娘的情感指导"):
        assert label in body, f"the feedback form has no {label}"
    _type(browser, "client_feedback", "对方谈吐得体，有共同话题", form)
    _type(browser, "candidate_feedback", "印象不错，希望再见一次", form)
    _type(browser, "client_rating", "4", form)
    _type(browser, "candidate_rating", "4", form)
    _choose(browser, "client_wishes_continue", "是", form)
    _choose(browser, "candidate_wishes_continue", "是", form)
    _type(browser, "guidance", "建议下次约在户外，多聊共同爱好", form)
    screenshot(browser, "walk000_04_feedback", shots)
    _submit(browser, base_url, form, "th_mm1 saves the feedback")
    assert _flash(browser), "the feedback was not saved"
    if f"/meetingview/show/{meeting_id}" not in browser.current_url:
        _menu(browser, base_url, "/meetingview/list/", "th_mm1")
        click_and_wait(browser, browser.find_element(
            By.CSS_SELECTOR, f"a[href*='/meetingview/show/{meeting_id}']"), base_url,
            "th_mm1 opens the meeting again")
    detail = detail_text(browser)
    for text in ("建议下次约在户外", "印象不错", "是"):
        assert text in detail, f"{text!r} not on the meeting page"
    for code in ("held", "scheduled", "True"):
        assert not re.search(rf"(?<![\w_]){code}(?![\w_])", detail), f"code {code} shown"

    # === 見面服務與跟進 / 服務反饋: the next follow-up ==========================================
    row = _inbox_row(browser, base_url, "client", client_id, "th_mm1")
    assert row is not None and "无下次回访日期" in row.text, "the client is not listed for a " \
        "next follow-up"
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "a.yl-inbox-link"), base_url,
                   "th_mm1 opens the follow-up form")
    form = browser.find_element(By.NAME, "content").find_element(By.XPATH, "./ancestor::form")
    chosen = form.find_element(By.CSS_SELECTOR, "select[name='client']")
    assert chosen.get_attribute("value") == str(client_id), "the client is not chosen"
    _choose(browser, "channel", "电话", form)
    _type(browser, "content", "见面后电话回访：双方愿意继续交往", form)
    next_due = dt.date.today() + dt.timedelta(days=14)
    _type(browser, "next_due", next_due.isoformat(), form)
    _submit(browser, base_url, form, "th_mm1 saves the follow-up")
    assert _flash(browser), "the follow-up was not saved"
    row = _inbox_row(browser, base_url, "client", client_id, "th_mm1")
    assert row is None or "无下次回访日期" not in row.text, "still without a next follow-up"
    screenshot(browser, "walk000_05_followed_up", shots)

    # === 客戶投訴處理 1: 客服專員 registers the complaint and forwards it ======================
    responsible = _department_name(live_server, "TH-MM")
    switch_user(browser, base_url, "th_cs1")
    _home(browser, base_url, "th_cs1")
    _menu(browser, base_url, "/complaintview/list/", "th_cs1")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR,
                                                 "a[href$='/complaintview/add']"),
                   base_url, "th_cs1 opens the complaint form")
    form = browser.find_element(By.NAME, "content").find_element(By.XPATH, "./ancestor::form")
    _pick_client(browser, form, name)
    _type(browser, "complainant_phone", "13800006666", form)
    _choose(browser, "channel", "电话", form)
    _choose(browser, "category_ref", "服务质量", form)
    content = f"w000 {tag}：见面后红娘三天未回复客户的询问。"
    _type(browser, "content", content, form)
    _submit(browser, base_url, form, "th_cs1 saves the complaint")
    assert "新增成功" in _flash(browser), _flash(browser)
    complaint_id = _open_row(browser, base_url, name, "complaintview",
                             "th_cs1 opens the complaint")
    detail = detail_text(browser)
    assert "13800006666" not in detail and "138****6666" in detail, "phone not masked"
    assert transition_names(browser, complaint_id) == {"assign"}, \
        "客服專員 forwards the complaint (and only that)"
    take(browser, base_url, "complaintview", complaint_id, "assign", "w000-6 转红娘部处理",
         {"department_id": responsible})
    assert responsible in detail_text(browser)
    assert not transition_names(browser, complaint_id), "nothing left for 客服 until resolved"

    # The 客服 head is offered nothing now, and never a close button.
    switch_user(browser, base_url, "th_cs_head")
    _home(browser, base_url, "th_cs_head")
    _menu(browser, base_url, "/complaintview/list/", "th_cs_head")
    _open_row(browser, base_url, name, "complaintview", "th_cs_head opens the complaint")
    assert not transition_names(browser, complaint_id) & {"investigate", "resolve", "close"}

    # === 2: the responsible department investigates and resolves ============================
    switch_user(browser, base_url, "th_mm_head")
    row = _inbox_row(browser, base_url, "complaint", complaint_id, "th_mm_head")
    assert row is not None, "the complaint is not in the 紅娘部 head's inbox"
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "a[href*='/show/']"), base_url,
                   "th_mm_head opens the complaint")
    assert transition_names(browser, complaint_id) == {"investigate"}
    take(browser, base_url, "complaintview", complaint_id, "investigate", "w000-7 调查",
         {"evidence_note": "微信记录：三天未回复"})
    assert transition_names(browser, complaint_id) == {"resolve"}
    take(browser, base_url, "complaintview", complaint_id, "resolve", "w000-8 处理",
         {"finding": "成立", "plan": "红娘当面致歉，今后24小时内回复",
          "result": "已电话向客户致歉并说明改进措施"})
    assert not transition_names(browser, complaint_id), "the department makes no return visit"

    # === 3: the return visit finds the client satisfied; the complaint closes itself ========
    switch_user(browser, base_url, "th_cs1")
    row = _inbox_row(browser, base_url, "complaint", complaint_id, "th_cs1")
    assert row is not None, "the resolved complaint is not in th_cs1's inbox"
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "a[href*='/show/']"), base_url,
                   "th_cs1 opens the resolved complaint")
    assert transition_names(browser, complaint_id) == {"follow_up"}, \
        "the return visit is the only step, and there is no close button"
    closed = take(browser, base_url, "complaintview", complaint_id, "follow_up",
                  "w000-9 回访：客户满意", {"client_satisfied": "满意", "satisfaction": "5"})
    assert closed == "已关闭", closed
    assert not transition_names(browser, complaint_id), "a closed complaint offers nothing"
    detail = detail_text(browser)
    for text in ("成立", "已电话向客户致歉", responsible):
        assert text in detail, f"{text!r} missing from the closed complaint"
    steps = history_steps(browser, "w000-")
    assert [(c, a) for c, a, _ in steps] == [
        ("w000-6 转红娘部处理", "th_cs1"), ("w000-7 调查", "th_mm_head"),
        ("w000-8 处理", "th_mm_head"), ("w000-9 回访：客户满意", "th_cs1")], steps
    assert "system" in browser.find_element(By.CSS_SELECTOR, "table.yl-history").text, \
        "the close is the engine's, not a person's"
    screenshot(browser, "walk000_06_complaint_closed", shots)


def test_book000_walk(browser, base_url, screenshot_dir, live_server):
    walk(browser, base_url, screenshot_dir, live_server)

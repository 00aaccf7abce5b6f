"""Issue 11's Done-when in a real browser, on the demo: HR opens last month's cycle (a draft in
the seed); th_mm1 opens her appraisal (relationships, satisfaction, complaint rate computed,
with the drill-down), submits her self-assessment; th_mm_head rates the manual indicator and
logs the talk; HR consolidates and publishes; th_mm1 appeals inside the window and HR answers;
after the window HR finalizes: grade and bonus; her personnel file lists it with her honour;
the other store never sees any of it.

"After the window" is test setup: the live server's SQLite row gets yesterday's
``publish_until`` (as tests/appraisal/factories.py::force_state does for states).
Selectors are form actions, input names and hrefs, never translated text. The browser
fixtures are the browser suite's own (tests/browser/conftest.py)."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import (  # noqa: F401  (fixtures)
    _browser_gate,
    _chrome,
    base_url,
    browser,
    live_server,
    screenshot_dir,
)
from tests.browser.helpers import assert_no_external_requests, login, screenshot, visit
from tests.browser.pages import (
    by,
    click_and_wait,
    detail_text,
    history_steps,
    open_page,
    switch_user,
    take,
)

pytestmark = pytest.mark.browser


def _pk(browser, view) -> int:  # noqa: F811
    return int(re.fullmatch(rf"/{view}/show/(\d+)",
                            urlsplit(browser.current_url).path).group(1))


def _db(live_server, sql, *args):  # noqa: F811
    with sqlite3.connect(live_server.tmp / "yuelao.db") as con:
        return con.execute(sql, args).fetchall()


@pytest.mark.rule("000.appraisal.self_review", "000.appraisal.supervisor_review",
                  "000.appraisal.appeal_window")
def test_appraisal_flow(browser, base_url, live_server, screenshot_dir):  # noqa: F811
    By = by()
    # HR opens last month's cycle (the newest on the list).
    login(browser, base_url, "hr")
    open_page(browser, base_url, "/appraisalcycleview/list/", "HR's cycles")
    cycles = browser.find_elements(By.CSS_SELECTOR, "a[href*='/appraisalcycleview/show/']")
    assert cycles, "no appraisal cycle in the demo"
    click_and_wait(browser, cycles[0], base_url, "HR opens the cycle's page")
    cycle_pk = _pk(browser, "appraisalcycleview")
    take(browser, base_url, "appraisalcycleview", cycle_pk, "open", "e2e-0 open", {})

    switch_user(browser, base_url, "th_mm1")
    open_page(browser, base_url, "/appraisalview/list/", "th_mm1 appraisals")
    links = browser.find_elements(By.CSS_SELECTOR, "a[href*='/appraisalview/show/']")
    assert links, "th_mm1 has no appraisal in the opened cycle"
    click_and_wait(browser, links[0], base_url, "th_mm1 opens her appraisal")
    pk = _pk(browser, "appraisalview")
    assert _db(live_server, "select cycle_id from appraisal where id = ?", pk) == [(cycle_pk,)]
    codes = [tr.get_attribute("data-code")
             for tr in browser.find_elements(By.CSS_SELECTOR, "tr.yl-indicator")]
    assert {"relationships", "satisfaction", "complaint_rate", "service_quality"} <= set(codes)
    screenshot(browser, "appraisal_th_mm1", screenshot_dir)
    drill = browser.find_element(
        By.CSS_SELECTOR, f"a[href$='/appraisalview/records/{pk}/satisfaction']")
    click_and_wait(browser, drill, base_url, "th_mm1 drills down into satisfaction")
    assert browser.find_elements(By.CSS_SELECTOR, "ul.yl-records a[href*='/surveyview/show/']")
    for code in ("relationships", "complaint_rate"):
        open_page(browser, base_url, f"/appraisalview/records/{pk}/{code}", f"{code} records")
    open_page(browser, base_url, f"/appraisalview/show/{pk}", "back to the appraisal")

    steps = [
        ("th_mm1", "submit", "e2e-1 self", {"self_assessment": "本月促成配對，回訪按時。"}),
        ("th_mm_head", "review", "e2e-2 talked", {"score_service_quality": "85"}),
        ("hr", "approve", "e2e-3 consolidated", {}),
        ("hr", "publish", "e2e-4 published", {}),
        ("th_mm1", "appeal", "e2e-5 a visit was not counted", {}),
        ("hr", "resolve", "e2e-6 checked and answered", {}),
    ]
    user = "th_mm1"
    for actor, name, comment, fields in steps:
        if actor != user:
            switch_user(browser, base_url, actor)
            user = actor
            open_page(browser, base_url, f"/appraisalview/show/{pk}", f"{actor} opens it")
        take(browser, base_url, "appraisalview", pk, name, comment, fields)
    screenshot(browser, "appraisal_after_appeal", screenshot_dir)

    # The 公示 window ends (test setup); HR finalizes: grade and bonus, locked.
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    _db(live_server, "update appraisal set publish_until = ? where id = ?", yesterday, pk)
    open_page(browser, base_url, f"/appraisalview/show/{pk}", "HR after the window")
    take(browser, base_url, "appraisalview", pk, "finalize", "e2e-7 final", {})
    assert [s[0] for s in history_steps(browser, "e2e-")] == \
        [s[2] for s in steps] + ["e2e-7 final"]
    [(status, grade, bonus)] = _db(live_server,
                                   "select status, grade, bonus from appraisal where id = ?", pk)
    assert status == "final" and grade and bonus is not None
    assert grade in detail_text(browser)
    screenshot(browser, "appraisal_final", screenshot_dir)

    # Her personnel file: this appraisal and last month's 服務之星.
    switch_user(browser, base_url, "th_mm1")
    open_page(browser, base_url, f"/appraisalview/show/{pk}", "th_mm1 sees the result")
    link = browser.find_element(By.CSS_SELECTOR, "a.yl-personnel-file")
    file_url = urlsplit(link.get_attribute("href")).path
    click_and_wait(browser, link, base_url, "th_mm1 opens her personnel file")
    assert browser.find_elements(
        By.CSS_SELECTOR, f"table.yl-file-appraisals a[href$='/appraisalview/show/{pk}']")
    assert browser.find_elements(By.CSS_SELECTOR, "table.yl-file-honours tbody tr td")

    switch_user(browser, base_url, "yx_mm1")
    for path in (f"/appraisalview/show/{pk}", file_url):
        page = visit(browser, f"{base_url}{path}")
        assert page.status == 404, f"yx_mm1 opened {path}: HTTP {page.status}"
    assert_no_external_requests(page.requests, base_url)

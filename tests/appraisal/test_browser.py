"""Issue 11 end to end in a real browser, on the demo's open cycle (last month): th_mm1 opens
her appraisal (indicators with their drill-down), submits her self-assessment; th_mm_head
rates the manual indicator and logs the talk; HR consolidates and publishes; th_mm1 appeals
inside the window and HR answers; the other store never sees it.

Selectors are form actions, input names and hrefs, never translated text. The browser
fixtures are the browser suite's own (tests/browser/conftest.py)."""
from __future__ import annotations

import re
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
from tests.browser.pages import by, click_and_wait, history_steps, open_page, switch_user, take

pytestmark = pytest.mark.browser


@pytest.mark.rule("000.appraisal.self_review", "000.appraisal.appeal_window")
def test_appraisal_flow(browser, base_url, screenshot_dir):  # noqa: F811
    By = by()
    login(browser, base_url, "th_mm1")
    open_page(browser, base_url, "/appraisalview/list/", "th_mm1 appraisals")
    links = browser.find_elements(By.CSS_SELECTOR, "a[href*='/appraisalview/show/']")
    assert links, "th_mm1 has no appraisal in the demo cycle"
    click_and_wait(browser, links[0], base_url, "th_mm1 opens her appraisal")
    pk = int(re.fullmatch(r"/appraisalview/show/(\d+)",
                          urlsplit(browser.current_url).path).group(1))
    codes = [tr.get_attribute("data-code")
             for tr in browser.find_elements(By.CSS_SELECTOR, "tr.yl-indicator")]
    assert {"relationships", "satisfaction", "complaint_rate", "service_quality"} <= set(codes)
    screenshot(browser, "appraisal_th_mm1", screenshot_dir)
    drill = browser.find_element(
        By.CSS_SELECTOR, f"a[href$='/appraisalview/records/{pk}/satisfaction']")
    click_and_wait(browser, drill, base_url, "th_mm1 drills down into satisfaction")
    assert browser.find_elements(By.CSS_SELECTOR, "ul.yl-records a[href*='/surveyview/show/']")
    open_page(browser, base_url, f"/appraisalview/show/{pk}", "back to the appraisal")

    labels = {}
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
        labels[name] = take(browser, base_url, "appraisalview", pk, name, comment, fields)
    assert [s[0] for s in history_steps(browser, "e2e-")] == [s[2] for s in steps]
    screenshot(browser, "appraisal_after_appeal", screenshot_dir)

    switch_user(browser, base_url, "yx_mm1")
    page = visit(browser, f"{base_url}/appraisalview/show/{pk}")
    assert page.status == 404, f"yx_mm1 opened appraisal {pk}: HTTP {page.status}"
    assert_no_external_requests(page.requests, base_url)

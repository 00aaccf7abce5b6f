"""Every menu entry, as a real user in a real browser: it renders, nothing leaves the server.

Menus are discovered from the rendered navbar (modules come and go), never from a fixed list.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import (
    assert_no_external_requests,
    login,
    screenshot,
    visit,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Words that stay in Latin letters in a Chinese UI.
LATIN_OK = re.compile(r"\b(Yuelao|KPI|API|OpenAPI|Swagger|WeChat|ID|CSV|PDF|SLA)\b")
ERROR_TEXT = ("Internal Server Error", "Traceback (most recent call last)",
              "The requested URL was not found", "Method Not Allowed", "Bad Request")
DENIED_TEXT = ("Access is Denied", "访问被拒绝", "訪問被拒絕", "存取被拒")
SKIP_PATHS = ("/logout", "/lang/")


def _by():
    from selenium.webdriver.common.by import By

    return By


# One round trip per page: everything the checks need, read by the page itself.
INSPECT_JS = """
const text = el => (el ? el.textContent : '').replace(/\\s+/g, ' ').trim();
const brand = document.querySelector('.navbar-brand');
const img = brand && brand.querySelector('img');
const show = document.querySelector("table a[href*='/show/']");
return {
  title: document.title,
  body: document.body ? document.body.textContent : '',
  alerts: Array.from(document.querySelectorAll('.alert-danger, .alert-error')).map(text),
  brand: !brand ? 'missing' : (img ? (img.complete && img.naturalWidth > 0 ? 'ok' : 'broken')
                                  : (text(brand).includes('月老') ? 'ok' : 'no 月老')),
  links: Array.from(document.querySelectorAll('ul.navbar-nav a[href]'))
              .map(a => [a.href, text(a)]),
  labels: Array.from(document.querySelectorAll('ul.navbar-nav:not(.navbar-right) a'))
               .map(text).filter(t => t),
  show: show ? show.href : null,
};
"""


def inspect(browser) -> dict:
    return browser.execute_script(INSPECT_JS)


def menu_links(info: dict) -> dict[str, str]:
    """{absolute url: label} for every navbar link worth visiting, in navbar order."""
    links: dict[str, str] = {}
    for href, label in info["links"]:
        parts = urlsplit(href)
        if not href or href.endswith("#") or parts.fragment and not parts.path.strip("/"):
            continue
        if any(parts.path.startswith(p) for p in SKIP_PATHS):
            continue
        # The navbar counter's entries are sections of one page (/inbox/#…): visit it once.
        href = href.split("#", 1)[0]
        links.setdefault(href, label)
    return links


def page_problems(info: dict, page, base_url: str, label: str) -> list[str]:
    """Everything wrong with the page the browser is showing, as readable lines."""
    where = f"{label} <{page.url}>"
    problems = []
    if page.status is None:
        problems.append(f"{where}: no document response seen")
    elif page.status >= 400:
        problems.append(f"{where}: HTTP {page.status}")
    final = urlsplit(page.final_url)
    if final.path.startswith("/login"):
        problems.append(f"{where}: redirected to the login page ({page.redirects})")
    title = info["title"] or ""
    if re.match(r"^\s*[45]\d\d\b", title):
        problems.append(f"{where}: error page {title!r}")
    for text in ERROR_TEXT:
        if text in info["body"]:
            problems.append(f"{where}: page says {text!r}")
    alerts = " | ".join(info["alerts"])
    if any(t in alerts for t in DENIED_TEXT):
        problems.append(f"{where}: access denied for a link the menu offers ({alerts})")
    if "月老" not in title:
        problems.append(f"{where}: title {title!r} lacks 月老")
    if info["brand"] != "ok":
        problems.append(f"{where}: navbar brand (月老 logo): {info['brand']}")
    try:
        assert_no_external_requests(page.requests, base_url)
    except AssertionError as err:
        problems.append(f"{where}: {err}")
    if page.failed:
        problems.append(f"{where}: sub-resources failed: {page.failed}")
    if page.console_errors:
        problems.append(f"{where}: console errors: {page.console_errors}")
    return problems


def check(browser, url: str, base_url: str, label: str) -> tuple[dict, list[str]]:
    """Open url; return what the page shows and what is wrong with it."""
    page = visit(browser, url)
    info = inspect(browser)
    return info, page_problems(info, page, base_url, label)


def brand_logo_text(browser) -> str:
    """The navbar brand is an SVG logo; read its source from the server to check its text."""
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const img = document.querySelector('.navbar-brand img');"
        "if (!img) { done(document.querySelector('.navbar-brand').textContent); return; }"
        "fetch(img.src).then(r => r.text()).then(done, e => done('fetch failed: ' + e));")


# Each walk runs in one UI language, so both Chinese catalogs are exercised page by page
# without walking twice: admin in the default (Simplified), the store manager in Traditional.
WALKS = [("admin", "zh"), ("th_manager", "zh_TW")]


@pytest.mark.parametrize(("username", "locale"), WALKS, ids=[u for u, _ in WALKS])
def test_every_menu_entry_renders(browser, base_url, username, locale, screenshot_dir):
    login(browser, base_url, username)
    _switch(browser, base_url, locale)
    info, problems = check(browser, base_url + "/", base_url, f"{username} home")
    assert "月老" in brand_logo_text(browser), "navbar brand logo does not say 月老"
    if username == "admin":
        screenshot(browser, "home_admin", screenshot_dir)
    links = menu_links(info)
    assert len(links) >= 3, f"{username}: suspiciously few menu links: {links}"
    english = [f"menu: {label}" for label in info["labels"] if _untranslated(label)]

    visited = {base_url + "/"}
    shows = 0
    for url, label in links.items():
        if url in visited:
            continue
        visited.add(url)
        info, found = check(browser, url, base_url, f"{username} menu {label!r}")
        problems += found
        english += _english_title(info, label, url)
        show = info["show"]
        if show and show not in visited:
            visited.add(show)
            shows += 1
            where = f"{username} show of {label!r}"
            info, found = check(browser, show, base_url, where)
            problems += found
            english += _english_title(info, where, show)
    print(f"\n{username} ({locale}): {len(links)} menu links, {shows} show pages visited")
    if english and _catalog(locale).exists():
        problems.append(f"English left in the {locale} UI (catalog "
                        f"{_catalog(locale).relative_to(REPO)}):\n  " + "\n  ".join(english))
    elif english:
        print(f"note: no compiled {locale} catalog; English labels: {english}")
    assert not problems, "\n".join(problems)


def _english_title(info, label, url) -> list[str]:
    title = info["title"].split(" · ")[0]
    if re.match(r"^\s*[45]\d\d\b", title) or not _untranslated(title):
        return []  # error pages are reported as such
    return [f"title of {label!r} <{urlsplit(url).path}>: {title}"]


def _list_text(browser, base_url):
    # Demo staff (E0001…) first and all on one page: other browser tests import employees
    # (tests/browser/test_export_import.py) into the same server.
    url = (base_url + "/employeeview/list/?_oc_EmployeeView=employee_no"
           "&_od_EmployeeView=desc&psize_EmployeeView=100")
    _, problems = check(browser, url, base_url, "employees list")
    assert not problems, "\n".join(problems)
    tables = browser.find_elements(_by().CSS_SELECTOR, "table.table-bordered")
    assert tables, "the employees list has no table"
    return tables[0].text


def test_department_head_sees_only_own_store(browser, base_url, screenshot_dir):
    login(browser, base_url, "admin")
    everyone = _list_text(browser, base_url)
    assert "王晓燕" in everyone and "马丽娟" in everyone, "admin should see both stores' staff"

    browser.delete_all_cookies()
    login(browser, base_url, "th_manager")
    table = _list_text(browser, base_url)
    screenshot(browser, "employees_th_manager", screenshot_dir)
    assert "王晓燕" in table, "th_manager should see 天河 staff (王晓燕)"
    assert "李永明" in table, "th_manager should see themself"
    for outsider in ("马丽娟", "郑国强", "梁颖"):
        assert outsider not in table, f"th_manager sees 越秀 staff {outsider}"

    # An employee's show page with its History tab open.
    By = _by()
    row_link = None
    for row in browser.find_elements(By.CSS_SELECTOR, "table.table-bordered tr"):
        if "王晓燕" in row.text:
            links = row.find_elements(By.CSS_SELECTOR, "a[href*='/show/']")
            row_link = links[0].get_attribute("href") if links else None
            break
    assert row_link, "no show link on 王晓燕's row"
    _, problems = check(browser, row_link, base_url, "employee show")
    assert not problems, "\n".join(problems)
    tab = browser.find_element(By.CSS_SELECTOR, "a[href='#History']")
    tab.click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(
        lambda d: d.find_element(By.ID, "History").is_displayed())
    history = browser.find_element(By.ID, "History").text
    assert history.strip(), "History tab is empty"
    screenshot(browser, "employee_show_history", screenshot_dir)


def _logout_text(browser) -> str:
    links = browser.find_elements(_by().CSS_SELECTOR, "ul.navbar-nav a[href*='/logout']")
    assert links, "no logout link in the navbar"
    return " ".join(links[0].get_attribute("textContent").split())


def _switch(browser, base_url, locale):
    page = visit(browser, f"{base_url}/lang/{locale}")
    assert page.status is not None and page.status < 400, f"/lang/{locale}: {page.status}"
    _, problems = check(browser, base_url + "/", base_url, f"home in {locale}")
    assert not problems, "\n".join(problems)


def test_language_switch(browser, base_url):
    By = _by()
    login(browser, base_url, "admin")

    _switch(browser, base_url, "en")
    assert _logout_text(browser) == "Logout"
    hero = browser.find_element(By.CSS_SELECTOR, ".yl-hero").text
    assert "Operations back office" in hero, hero
    assert "Signed in as" in hero, hero

    _switch(browser, base_url, "zh")
    assert CJK.search(_logout_text(browser)), _logout_text(browser)
    assert CJK.search(browser.find_element(By.CSS_SELECTOR, ".navbar-right").text)

    _switch(browser, base_url, "zh_TW")
    assert CJK.search(_logout_text(browser)), _logout_text(browser)

    _switch(browser, base_url, "zh")


def _catalog(locale: str) -> Path:
    """Flask-Babel reads zh_TW from the folder named str(Locale.parse("zh_TW")): zh_Hant_TW."""
    from babel import Locale

    folder = str(Locale.parse(locale))
    return REPO / "app" / "translations" / folder / "LC_MESSAGES" / "messages.mo"


def _untranslated(text: str) -> bool:
    text = LATIN_OK.sub("", text.replace("月老 Yuelao", ""))
    return bool(re.search(r"[A-Za-z]{2,}", text)) and not CJK.search(text)


@pytest.mark.parametrize("locale", ["zh", "zh_TW"])
def test_chinese_menu_has_no_english_labels(browser, base_url, locale):
    """The whole menu (admin sees every entry) is Chinese once the app's catalogs are built;
    page titles are checked by the menu walks above."""
    if not _catalog(locale).exists():
        pytest.skip(f"no compiled catalog {_catalog(locale).relative_to(REPO)} "
                    "(run `make translations`)")
    login(browser, base_url, "admin")
    _switch(browser, base_url, locale)
    english = [label for label in inspect(browser)["labels"] if _untranslated(label)]
    assert not english, f"English menu labels in the {locale} UI: {english}"

"""Helpers for the browser tests: log in, open a page and see what it requested, screenshots."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "Yuelao@2026"
PAGE_LOAD_TIMEOUT = 30
DEFAULT_SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "yuelao-browser-screenshots"


def drain_logs(browser) -> list[dict]:
    """Read (and so empty) the performance log; returns its DevTools events {method, params}."""
    events = []
    for entry in browser.get_log("performance"):
        try:
            message = json.loads(entry["message"])["message"]
        except (KeyError, ValueError):
            continue
        events.append(message)
    browser.get_log("browser")  # console messages since the last drain are dropped with it
    return events


def requested_urls(browser, events: list[dict] | None = None) -> list[str]:
    """Every URL the page asked for (Network.requestWillBeSent) since the logs were last read."""
    if events is None:
        events = drain_logs(browser)
    return [e["params"]["request"]["url"] for e in events
            if e.get("method") == "Network.requestWillBeSent"]


def assert_no_external_requests(urls: list[str], base_url: str) -> None:
    """Everything must come from the live server itself (or be inline data:/blob:)."""
    origin = urlsplit(base_url)
    external = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if (parts.scheme, parts.hostname, parts.port) != (origin.scheme, origin.hostname,
                                                          origin.port):
            external.append(url)
    assert not external, f"requests leaving {base_url}: {sorted(set(external))}"


@dataclass
class Visit:
    """What happened when the browser opened one URL."""

    url: str
    final_url: str
    status: int | None  # the main document's HTTP status (after redirects)
    redirects: list[tuple[int, str]]
    requests: list[str]
    failed: list[tuple[str, int | str]]  # sub-resources answering >= 400 or failing to load
    console_errors: list[str]


def visit(browser, url: str) -> Visit:
    """Open url, wait for the load, and collect status, requests and console errors."""
    drain_logs(browser)
    browser.get(url)
    events = []
    for entry in browser.get_log("performance"):
        try:
            events.append(json.loads(entry["message"])["message"])
        except (KeyError, ValueError):
            continue
    console = [e["message"] for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    status, redirects, failed = None, [], []
    request_urls: dict[str, str] = {}
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Network.requestWillBeSent":
            request_urls[params["requestId"]] = params["request"]["url"]
            redirect = params.get("redirectResponse")
            if redirect and params.get("type") == "Document":
                redirects.append((redirect["status"], redirect["url"]))
        elif method == "Network.responseReceived":
            response = params["response"]
            if params.get("type") == "Document":
                status = response["status"]
            elif response["status"] >= 400:
                failed.append((response["url"], response["status"]))
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            failed.append((request_urls.get(params["requestId"], params["requestId"]),
                           params.get("blockedReason") or params.get("errorText", "failed")))
    return Visit(url=url, final_url=browser.current_url, status=status, redirects=redirects,
                 requests=requested_urls(browser, events), failed=failed,
                 console_errors=console)


def login(browser, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through FAB's login form, as a person would."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base_url + "/login/")
    form_user = browser.find_element(By.NAME, "username")
    form_user.clear()
    form_user.send_keys(username)
    form_pass = browser.find_element(By.NAME, "password")
    form_pass.clear()
    form_pass.send_keys(password)
    form_pass.submit()
    WebDriverWait(browser, PAGE_LOAD_TIMEOUT).until(
        lambda d: "/login" not in urlsplit(d.current_url).path
        or d.find_elements(By.CSS_SELECTOR, ".alert-danger, .alert-warning"))
    WebDriverWait(browser, PAGE_LOAD_TIMEOUT).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "body")))
    if "/login" in urlsplit(browser.current_url).path:
        alerts = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".alert")]
        pytest.fail(f"login of {username!r} failed: {alerts}", pytrace=False)
    drain_logs(browser)


def screenshot(browser, name: str, directory: Path | None = None) -> Path:
    """Save a full-window PNG (name.png) and print where it went."""
    if directory is None:
        directory = Path(os.environ.get("BROWSER_SCREENSHOT_DIR") or DEFAULT_SCREENSHOT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.png"
    # Grow the window to the page height so the picture shows the whole page.
    height = browser.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    width = browser.get_window_size()["width"]
    browser.set_window_size(width, min(max(int(height) + 120, 600), 4000))
    try:
        assert browser.save_screenshot(str(path)), f"could not save {path}"
    finally:
        browser.set_window_size(width, 900)
    print(f"screenshot: {path}")
    return path

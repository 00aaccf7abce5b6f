"""Real-browser fixtures: the app under gunicorn in its own process, driven by headless Chromium.

The live server always uses its own SQLite file in a temporary directory, prepared exactly like
`make run` does (``db upgrade heads``, ``roles sync``, ``seed demo``). It never touches
TEST_DATABASE_URL; on the PostgreSQL pass of `make test` (TEST_DATABASE_URL set) the browser
tests are skipped, since they would only repeat the SQLite run.

Chromium and chromedriver come from Debian (``chromium``, ``chromium-driver``); override with
CHROMIUM_BIN / CHROMEDRIVER_BIN. When they are missing the browser tests are skipped locally, but
fail under CI (env CI set), where a silently skipped browser suite would hide regressions.
Screenshots go to BROWSER_SCREENSHOT_DIR, or to a pytest temporary directory (path printed).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.helpers import (
    DEFAULT_SCREENSHOT_DIR,
    DEMO_PASSWORD,
    PAGE_LOAD_TIMEOUT,
    drain_logs,
)

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent if (Path(sys.executable).parent / "flask").exists() \
    else REPO / ".venv" / "bin"

CHROME_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-default-apps",
    "--window-size=1366,900",
    "--lang=zh-CN",
]

SERVER_START_TIMEOUT = 60


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no")


def _binaries() -> tuple[str | None, str | None]:
    def find(env: str, names: tuple[str, ...], default: str) -> str | None:
        if os.environ.get(env):
            return os.environ[env] if os.access(os.environ[env], os.X_OK) else None
        for name in names:
            if shutil.which(name):
                return shutil.which(name)
        return default if os.access(default, os.X_OK) else None

    return (find("CHROMIUM_BIN", ("chromium", "chromium-browser"), "/usr/bin/chromium"),
            find("CHROMEDRIVER_BIN", ("chromedriver",), "/usr/bin/chromedriver"))


@pytest.fixture(scope="session", autouse=True)
def _browser_gate():
    """Decide once whether this directory's tests run at all (before any server starts)."""
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("browser tests run on the SQLite pass only (they use their own SQLite "
                    "live server); skipped because TEST_DATABASE_URL is set")
    chromium, driver = _binaries()
    missing = [name for name, path in (("chromium", chromium), ("chromedriver", driver))
               if not path]
    if missing:
        msg = (f"{' and '.join(missing)} not found: install Debian packages chromium and "
               "chromium-driver (or set CHROMIUM_BIN / CHROMEDRIVER_BIN)")
        if _truthy(os.environ.get("CI")):
            pytest.fail(f"CI is set and the browser suite cannot run: {msg}", pytrace=False)
        pytest.skip(f"browser tests skipped: {msg}")
    try:
        import selenium  # noqa: F401
    except ImportError:
        if _truthy(os.environ.get("CI")):
            pytest.fail("CI is set and selenium is not installed (requirements-dev.txt)",
                        pytrace=False)
        pytest.skip("browser tests skipped: selenium is not installed (requirements-dev.txt)")
    return chromium, driver


# --------------------------------------------------------------------------- live server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("TEST_DATABASE_URL", "REDIS_URL", "SECRET_KEY", "AUTH_TYPE", "SERVER_NAME",
                "SESSION_COOKIE_SECURE", "PROXY_FIX_COUNT"):
        env.pop(key, None)
    env.update({
        "DATABASE_URL": f"sqlite:///{tmp / 'yuelao.db'}",
        "YUELAO_INSTANCE_DIR": str(tmp),
        "UPLOAD_ROOT": str(tmp / "uploads"),
        "AUTH_RATE_LIMIT": "1000 per minute",
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "PYTHONPATH": str(REPO),
        "FLASK_APP": "wsgi",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def _prepare_database(env: dict[str, str], log: Path) -> None:
    flask = str(VENV_BIN / "flask")
    for args in (["db", "upgrade", "heads"], ["roles", "sync"], ["seed", "demo"]):
        cmd = [flask, "--app", "wsgi", *args]
        with log.open("a") as out:
            out.write(f"\n$ {' '.join(cmd)}\n")
            out.flush()
            proc = subprocess.run(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=180, check=False)
        if proc.returncode != 0:
            pytest.fail(f"`{' '.join(cmd[1:])}` failed (exit {proc.returncode}):\n"
                        f"{_tail(log)}", pytrace=False)


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_until_up(proc: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"live server exited with {proc.returncode}:\n{_tail(log)}",
                        pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return
        except urllib.error.HTTPError as err:
            if err.code < 500:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    pytest.fail(f"live server did not answer {url} within {SERVER_START_TIMEOUT}s:\n"
                f"{_tail(log)}", pytrace=False)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # our own process group: gunicorn master + worker
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@dataclass
class LiveServer:
    url: str
    tmp: Path
    log: Path
    proc: subprocess.Popen = field(repr=False)

    def log_tail(self, lines: int = 80) -> str:
        return _tail(self.log, lines)


@pytest.fixture(scope="session")
def live_server(_browser_gate):
    """The real app under gunicorn on a free localhost port, with its own seeded SQLite file.

    Its directory is a private mkdtemp, not pytest's basetemp, which concurrent pytest runs on
    the same machine may prune while this session still uses it. Removed at the end unless
    BROWSER_KEEP_TMP is set."""
    tmp = Path(tempfile.mkdtemp(prefix="yuelao-live-"))
    log = tmp / "server.log"
    env = _server_env(tmp)
    started = time.monotonic()
    _prepare_database(env, log)
    port = _free_port()
    # One worker, a few threads: a page's dozen static files load in parallel, as behind
    # `make run`, instead of queueing behind one synchronous worker.
    cmd = [str(VENV_BIN / "gunicorn"), "--preload", "-w", "1", "--threads", "4",
           "-b", f"127.0.0.1:{port}", "--timeout", "60", "--access-logfile", "-",
           "--access-logformat", '%(s)s %(M)sms "%(r)s"', "wsgi:app"]
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = LiveServer(url=f"http://127.0.0.1:{port}", tmp=tmp, log=log, proc=proc)
    try:
        _wait_until_up(proc, server.url + "/login/", log)
        print(f"\nlive server {server.url} ready in {time.monotonic() - started:.1f}s "
              f"(log {log})")
        yield server
    finally:
        _stop(proc)
        if not _truthy(os.environ.get("BROWSER_KEEP_TMP")):
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def _chrome(_browser_gate):
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = _browser_gate
    profile = tempfile.mkdtemp(prefix="yuelao-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=driver_path,
                      log_output=os.path.join(profile, "chromedriver.log"))
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except WebDriverException as err:
        shutil.rmtree(profile, ignore_errors=True)
        msg = f"could not start Chromium ({chromium}) with {driver_path}: {err.msg}"
        if _truthy(os.environ.get("CI")):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(_chrome, live_server):
    """The session's Chromium, logged out, with empty logs (one browser for the whole run)."""
    _chrome.get(live_server.url + "/static/yuelao/logo.svg")
    _chrome.delete_all_cookies()
    drain_logs(_chrome)
    yield _chrome
    drain_logs(_chrome)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """BROWSER_SCREENSHOT_DIR, else $TMPDIR/yuelao-browser-screenshots (emptied at each run).

    Not under pytest's basetemp: other runs on the same machine prune that within minutes."""
    configured = os.environ.get("BROWSER_SCREENSHOT_DIR")
    path = Path(configured) if configured else DEFAULT_SCREENSHOT_DIR
    if not configured and path.is_dir():
        for old in path.glob("*.png"):
            old.unlink()
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {path}")
    return path

"""Security defaults under the production configuration (checked in a subprocess)."""
import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def probe():
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    env.pop("TEST_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "tests.core.security_probe"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_security_headers(probe):
    h = probe["headers"]
    assert "default-src 'self'" in h["Content-Security-Policy"]
    assert h["X-Frame-Options"] == "SAMEORIGIN"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"


def test_csrf_required_on_forms(probe):
    assert probe["login_without_csrf"] == 400


def test_no_open_redirect_after_login(probe):
    assert "evil.example" not in probe["next_redirect"]


def test_session_cookie_flags(probe):
    assert probe["cookie_httponly"] and probe["cookie_samesite"]


def test_password_complexity(probe):
    assert probe["weak_password_user_created"] is False


def test_login_rate_limited_on_form_and_api(probe):
    assert probe["form_limited"] and probe["api_limited"]

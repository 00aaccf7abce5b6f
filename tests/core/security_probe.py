"""Run in a subprocess by test_security: the production configuration (CSRF on, rate limits
on) needs an app of its own, and FAB allows one app per process."""
import json
import os
import re
import sys
import tempfile

from app.core.roles import role_of_kind


def main() -> None:
    tmp = tempfile.mkdtemp()
    os.environ["YUELAO_INSTANCE_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/probe.db"
    os.environ["AUTH_RATE_LIMIT"] = "5 per minute"
    from flask_migrate import upgrade

    from app import create_app
    from app.core.roles import bootstrap
    from seeds import demo

    app = create_app()
    with app.app_context():
        upgrade(directory="migrations", revision="heads")
        bootstrap()
        demo.seed()
    out = {}
    c = app.test_client()
    r = c.get("/login/")
    out["headers"] = {k: r.headers.get(k) for k in (
        "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
        "Referrer-Policy")}
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', r.text).group(1)
    # No CSRF token: refused.
    out["login_without_csrf"] = c.post("/login/", data={
        "username": "admin", "password": app.config["DEMO_PASSWORD"]}).status_code
    # Unsafe next: never an open redirect.
    r = c.post("/login/?next=http://evil.example/x", data={
        "username": "admin", "password": app.config["DEMO_PASSWORD"], "csrf_token": token})
    out["next_redirect"] = r.headers.get("Location", "")
    cookie = r.headers.get("Set-Cookie", "")
    out["cookie_httponly"] = "HttpOnly" in cookie
    out["cookie_samesite"] = "SameSite=Lax" in cookie
    # Weak password refused by the user form (password complexity).
    r = c.get("/users/add")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', r.text).group(1)
    with app.app_context():
        role_id = role_of_kind("Frontline").id
    r = c.post("/users/add", data={
        "first_name": "弱", "last_name": "密碼", "username": "weakpw", "email": "w@x.example",
        "active": "y", "roles": str(role_id), "password": "abc", "conf_password": "abc",
        "csrf_token": token})
    with app.app_context():
        out["weak_password_user_created"] = app.appbuilder.sm.find_user("weakpw") is not None
    # Rate limits: the form and the JWT endpoint.
    attacker = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      attacker.get("/login/").text).group(1)
    form_codes = [attacker.post("/login/", data={"username": "x", "password": "y",
                                                 "csrf_token": token}).status_code
                  for _ in range(8)]
    api_codes = [app.test_client().post("/api/v1/security/login", json={
        "username": "x", "password": "y", "provider": "db"}).status_code for _ in range(8)]
    out["form_limited"] = 429 in form_codes
    out["api_limited"] = 429 in api_codes
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

"""The navigation bar, rendered once per user, language and permission set.

FAB renders the menu on every page, asking the security manager about every entry; the
result only changes when the user's permissions, name or language change. The key holds the
permission set loaded for this request, so a permission change shows at once; entries live
``NAVBAR_TTL`` seconds (a renamed user sees the new name by then).
"""
from __future__ import annotations

import time

from flask import current_app, session
from flask_babel import get_locale
from jinja2 import pass_context
from markupsafe import Markup

NAVBAR_TTL = 60.0
_CACHE_SIZE = 1024


def _key(user) -> tuple | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    perms = current_app.appbuilder.sm.permission_set(user)
    if perms is None:  # builtin roles: FAB answers each check itself
        perms = tuple(sorted(r.id for r in user.roles))
    return (user.id, user.get_full_name(), perms, str(get_locale()), session.get("locale"))


@pass_context
def yuelao_navbar(context) -> Markup:
    env = context.environment
    cache = current_app.extensions["yuelao_navbar"]
    key = _key(context.get("current_user"))
    now = time.monotonic()
    if key is not None:
        hit = cache.get(key)
        if hit is not None and now - hit[0] < NAVBAR_TTL:
            return hit[1]
    html = Markup(env.get_template("appbuilder/navbar.html").render(context.get_all()))
    if key is not None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = (now, html)
    return html


def register_navbar(app) -> None:
    app.extensions["yuelao_navbar"] = {}
    app.jinja_env.globals["yuelao_navbar"] = yuelao_navbar

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
# The cached navbar keeps this slot; each page fills it with the counter of what waits for
# the user (registered by the dashboard module as ``yuelao_notices``: its own short cache).
NOTICES_SLOT = "<!--yl-notices-->"


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
            return _with_notices(hit[1])
    html = Markup(env.get_template("appbuilder/navbar.html").render(context.get_all()))
    if key is not None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = (now, html)
    return _with_notices(html)


def _with_notices(html: Markup) -> Markup:
    fill = current_app.extensions.get("yuelao_notices")
    if fill is None or NOTICES_SLOT not in html:
        return html
    return Markup(str(html).replace(NOTICES_SLOT, str(fill()), 1))


def register_navbar(app) -> None:
    from app.core.rules import cite_here

    app.extensions["yuelao_navbar"] = {}
    app.jinja_env.globals["yuelao_navbar"] = yuelao_navbar
    # 制度依據: templates quote the clause of a rule where it acts (dialogs, overdue lists).
    app.jinja_env.globals["rule_citation"] = cite_here


# Menu categories of the core and of FAB, not business modules.
_NOT_MODULES = {"Workbench", "System", "Security"}


def visible_categories(appbuilder, sm) -> list:
    """Labels of the business menu categories with at least one entry the user may open."""
    out = []
    for category in appbuilder.menu.get_list():
        if category.name in _NOT_MODULES or not category.childs:
            continue
        if any(child.name != "-" and sm.has_access("menu_access", child.name)
               for child in category.childs):
            out.append(category.label or category.name)
    return out

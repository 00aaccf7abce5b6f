"""制度依據: the page and the REST list of every rule the current profile enforces."""
from __future__ import annotations

from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, safe
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import lazy_gettext as _l

from app.core import rules
from app.profiles import profile_of


def rule_rows() -> list[dict]:
    out = []
    for r in rules.for_profile(profile_of()):
        out.append({
            "code": r.code, "book": r.book_file, "book_title": r.book_title,
            "clause": r.clause, "kind": r.kind, "enforced_by": r.enforced_by,
            "profiles": list(r.profiles) or [p for p in _profiles_with(r.book)],
            "tests": list(rules.tests_of(r.code)),
        })
    return out


def _profiles_with(book: str) -> list[str]:
    from app.profiles import PROFILES

    return [name for name, p in PROFILES.items() if book in p.books]


class RuleView(BaseView):
    route_base = "/rules"
    class_permission_name = "rule"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        return self.render_template("yuelao/rules.html", rows=rule_rows(),
                                    title=_l("Rule basis"))


class RuleApi(BaseApi):
    resource_name = "rule"
    class_permission_name = "rule"
    method_permission_name = {"get_list": "read"}
    allow_browser_login = True

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get_list")
    def get_list(self):
        """Every rule the app enforces for the current profile, with its clause
        ---
        get:
          responses:
            200:
              description: >-
                rules: code, book (rule-book file), clause (the quoted sentence), kind,
                enforced_by (where), profiles, tests (the tests that prove it)
        """
        rows = rule_rows()
        return self.response(200, result=rows, count=len(rows))

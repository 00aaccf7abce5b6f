"""紅娘業績 page (inline SVG chart, nothing from the internet) and GET /api/v1/match_figures/."""
from __future__ import annotations

from flask import request
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, safe
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import lazy_gettext as _l

from app.matching.figures import matchmaker_figures, parse_args


class MatchFiguresView(BaseView):
    route_base = "/matchfigures"
    class_permission_name = "match_figures"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        error = None
        try:
            dept, since = parse_args(request.args)
        except ValueError:
            dept, since, error = None, None, str(_l("Bad filter: use a department id and a "
                                                    "date YYYY-MM-DD"))
        data = matchmaker_figures(department_id=dept, since=since)
        peak = max([r["proposals"] for r in data["matchmakers"]] + [1])
        body = self.render_template("matching/figures.html", data=data, peak=peak,
                                    since=since, department_id=dept, error=error)
        return (body, 400) if error else body


class MatchFiguresApi(BaseApi):
    resource_name = "match_figures"
    class_permission_name = "match_figures"
    method_permission_name = {"get_list": "read"}
    allow_browser_login = True
    openapi_spec_tag = "Match figures"

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get_list")
    def get_list(self):
        """Matchmaker figures, per matchmaker and per department, within the user's scope
        ---
        get:
          parameters:
          - in: query
            name: department_id
            schema: {type: integer}
          - in: query
            name: since
            schema: {type: string, format: date}
          responses:
            200: {description: "{matchmakers: [...], departments: [...], totals: {...}}"}
            400: {description: bad department_id or since}
        """
        try:
            dept, since = parse_args(request.args)
        except ValueError:
            return self.response_400(message="department_id must be an integer and since a "
                                             "date YYYY-MM-DD")
        return self.response(200, **matchmaker_figures(department_id=dept, since=since))

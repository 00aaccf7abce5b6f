"""Registers the print pages and hands the core its two hooks: the home page's panels and the
navbar's counter."""
from flask import current_app


def register(appbuilder, add_view) -> None:
    from app.dashboard.links import list_url
    from app.dashboard.notices import navbar_item
    from app.dashboard.panels import panels_for_user
    from app.dashboard.printing import PrintView, print_url

    appbuilder.add_view_no_menu(PrintView)
    current_app.extensions["yuelao_home_panels"] = panels_for_user
    current_app.extensions["yuelao_notices"] = navbar_item
    current_app.jinja_env.globals["print_url"] = print_url
    # Figure pages link each bar to the list behind it (matching, service figures).
    current_app.jinja_env.globals["drill_url"] = list_url

"""Registers the customer-service pages and REST resources (app/service/module.py)."""
from flask_babel import lazy_gettext as _l


def register(appbuilder, add_view) -> None:
    from app.service import workflows  # noqa: F401  (declares the complaint workflow)
    from app.service.api import (
        ComplaintApi,
        ComplaintCategoryApi,
        ComplaintFiguresApi,
        SurveyApi,
    )
    from app.service.pages import ClientCareView, ComplaintFiguresView
    from app.service.survey_views import SurveyQuestionView, SurveyTemplateView, SurveyView
    from app.service.views import ComplaintCategoryView, ComplaintView, OverdueComplaintView

    cs = ("Service", _l("Customer service"), "fa-comments")
    add_view(appbuilder, ComplaintView, "Complaints", _l("Complaints"), "fa-exclamation-circle",
             *cs)
    add_view(appbuilder, OverdueComplaintView, "Overdue complaints", _l("Overdue complaints"),
             "fa-clock-o", *cs)
    add_view(appbuilder, SurveyView, "Return visits", _l("Return visits and surveys"),
             "fa-phone", *cs)
    add_view(appbuilder, ClientCareView, "Client care", _l("Birthdays and festivals"),
             "fa-gift", *cs)
    add_view(appbuilder, ComplaintFiguresView, "Complaint figures", _l("Complaint figures"),
             "fa-bar-chart", *cs)
    add_view(appbuilder, ComplaintCategoryView, "Complaint categories",
             _l("Complaint categories (SLA)"), "fa-tags", *cs)
    add_view(appbuilder, SurveyTemplateView, "Questionnaires", _l("Questionnaires"),
             "fa-list-ol", *cs)
    appbuilder.add_view_no_menu(SurveyQuestionView)
    for api in (ComplaintApi, ComplaintCategoryApi, SurveyApi, ComplaintFiguresApi):
        appbuilder.add_api(api)

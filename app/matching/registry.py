"""Registers the matching pages and REST resources (called by app.initialization)."""
from flask_babel import lazy_gettext as _l


def register(appbuilder, add_view) -> None:
    from app.matching import workflows  # noqa: F401  (declares the match / sign-up workflows)
    from app.matching.api import EventApi, EventSignupApi, FollowUpApi, MatchApi, MeetingApi
    from app.matching.services import register_exclusions
    from app.matching.views import MatchView, MeetingsOfMatch, MeetingView
    from app.matching.views_activity import (
        EventSignupView,
        EventView,
        FollowUpView,
        OverdueFollowUpView,
        SignupsOfEvent,
    )
    from app.matching.views_figures import MatchFiguresApi, MatchFiguresView
    from app.matching.views_lists import (
        MissingFeedbackMeetingView,
        NoNextFollowUpView,
        UnbriefedMeetingView,
    )
    from app.matching.views_marketing import (
        LeadSourceApi,
        LeadSourceView,
        MarketingFiguresApi,
        MarketingFiguresView,
        PartnerApi,
        PartnerView,
    )

    cat = ("Matching", _l("Matching"), "fa-heart")
    add_view(appbuilder, MatchView, "Matches", _l("Matches"), "fa-heart", *cat)
    add_view(appbuilder, MeetingView, "Meetings", _l("Meetings"), "fa-coffee", *cat)
    add_view(appbuilder, UnbriefedMeetingView, "Meetings to brief", _l("Meetings to brief"),
             "fa-comments", *cat)
    add_view(appbuilder, MissingFeedbackMeetingView, "Meetings missing feedback",
             _l("Meetings missing feedback"), "fa-exclamation-circle", *cat)
    add_view(appbuilder, FollowUpView, "Follow-ups", _l("Follow-ups"), "fa-phone", *cat)
    add_view(appbuilder, OverdueFollowUpView, "Overdue follow-ups", _l("Overdue follow-ups"),
             "fa-exclamation-triangle", *cat)
    add_view(appbuilder, EventView, "Events", _l("Events"), "fa-glass", *cat)
    add_view(appbuilder, EventSignupView, "Event sign-ups", _l("Event sign-ups"),
             "fa-check-square-o", *cat)
    add_view(appbuilder, PartnerView, "Partner institutions", _l("Partner institutions"),
             "fa-handshake-o", *cat)
    add_view(appbuilder, LeadSourceView, "Lead sources", _l("Lead sources"), "fa-bullhorn",
             *cat)
    appbuilder.add_view(MatchFiguresView, "Matchmaker figures", label=_l("Matchmaker figures"),
                        icon="fa-bar-chart", category=cat[0], category_label=cat[1],
                        category_icon=cat[2])
    for view, name, label, icon in (
            (NoNextFollowUpView, "Clients without a next follow-up",
             _l("Clients without a next follow-up"), "fa-calendar-times-o"),
            (MarketingFiguresView, "Leads per source", _l("Leads per event and partner"),
             "fa-pie-chart")):
        appbuilder.add_view(view, name, label=label, icon=icon, category=cat[0],
                            category_label=cat[1], category_icon=cat[2])
    for view in (MeetingsOfMatch, SignupsOfEvent):
        appbuilder.add_view_no_menu(view)
    for api in (MatchApi, MeetingApi, FollowUpApi, EventApi, EventSignupApi, MatchFiguresApi,
                PartnerApi, LeadSourceApi, MarketingFiguresApi):
        appbuilder.add_api(api)
    register_exclusions()

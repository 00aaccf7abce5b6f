"""Follow-up (回訪) and event (相親會, 交友派對) pages."""
from __future__ import annotations

from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l

from app.clients.public import ClientPickerField
from app.core.errors import ServiceError
from app.core.interface import YuelaoInterface
from app.core.views import YuelaoModelView
from app.matching import events, followups
from app.matching.interface import ClientPrefetchInterface
from app.matching.models_event import Event, EventSignup
from app.matching.models_followup import CHANNEL_LABELS, FollowUp

FOLLOWUP_LABELS = {
    "client": _l("Client"), "client_label": _l("Client"), "matchmaker": _l("Matchmaker"),
    "department": _l("Department"), "channel": _l("Channel"), "content": _l("Content"),
    "followed_at": _l("Followed up at"), "next_due": _l("Next due"),
}


class FollowUpView(YuelaoModelView):
    resource = "followup"
    datamodel = ClientPrefetchInterface(FollowUp)
    list_title = _l("Follow-ups")
    show_title = _l("Follow-up")
    add_title = _l("Record a follow-up")
    edit_title = _l("Edit follow-up")
    label_columns = FOLLOWUP_LABELS
    list_columns = ["client_label", "matchmaker", "channel", "followed_at", "next_due"]
    show_columns = ["client_label", "matchmaker", "department", "channel", "content",
                    "followed_at", "next_due"]
    add_columns = ["client", "channel", "content", "next_due"]  # followed_at: now
    add_form_extra_fields = {"client": ClientPickerField(_l("Client"))}
    edit_columns = ["channel", "content", "next_due"]
    search_columns = ["matchmaker", "channel", "followed_at", "next_due"]
    order_columns = ["followed_at", "next_due", "channel"]
    base_order = ("followed_at", "desc")
    description_columns = {"channel": _l("phone / wechat / visit / other")}
    formatters_columns = {"channel": lambda v: CHANNEL_LABELS.get(v, v)}

    def pre_add(self, item):
        try:
            followups.prepare_followup(item)
        except ServiceError as err:
            raise ValueError(err.message) from err
        super().pre_add(item)


class FilterFollowUpOverdue(BaseFilter):
    # FAB keeps one global map of filter arg names: this one must not be "overdue", which
    # the complaints' deadline filter uses.
    name = _l("Overdue")
    arg_name = "followup_overdue"

    def apply(self, query, value):
        return query.filter(followups.overdue_criteria())


class OverdueFollowUpView(FollowUpView):
    """Follow-ups whose next one is due and not done: per matchmaker, scoped like any list."""

    list_title = _l("Overdue follow-ups")
    list_template = "matching/overdue_followups.html"  # quotes the deadline rule above the list
    base_filters = [["next_due", FilterFollowUpOverdue, True]]
    base_order = ("next_due", "asc")
    list_columns = ["matchmaker", "client_label", "next_due", "followed_at", "channel"]


EVENT_LABELS = {
    "title": _l("Title"), "kind": _l("Kind"), "starts_at": _l("Starts at"),
    "place": _l("Place"), "capacity": _l("Capacity"), "department": _l("Organiser"),
    "status": _l("Status"), "description": _l("Description"), "taken": _l("Signed up"),
}
SIGNUP_LABELS = {"event": _l("Event"), "client": _l("Client"), "client_label": _l("Client"),
                 "matchmaker": _l("Matchmaker"), "status": _l("Status"), "note": _l("Note")}


class EventSignupView(YuelaoModelView):
    resource = "event_signup"
    datamodel = ClientPrefetchInterface(EventSignup)
    list_title = _l("Event sign-ups")
    show_title = _l("Sign-up")
    add_title = _l("Sign a client up")
    label_columns = SIGNUP_LABELS
    list_columns = ["event", "client_label", "matchmaker", "status"]
    show_columns = ["event", "client_label", "matchmaker", "status", "note"]
    add_columns = ["event", "client", "note"]
    add_form_extra_fields = {"client": ClientPickerField(_l("Client"))}
    edit_columns = ["note"]
    search_columns = ["event", "status"]
    base_order = ("id", "desc")

    def pre_add(self, item):
        try:
            events.check_signup(item)
        except ServiceError as err:
            raise ValueError(err.message) from err
        super().pre_add(item)


class SignupsOfEvent(EventSignupView):
    list_columns = ["client_label", "matchmaker", "status"]


class EventView(YuelaoModelView):
    resource = "event"
    datamodel = YuelaoInterface(Event)
    list_title = _l("Events")
    show_title = _l("Event")
    add_title = _l("Add event")
    edit_title = _l("Edit event")
    label_columns = EVENT_LABELS
    list_columns = ["starts_at", "title", "kind", "place", "capacity", "department", "status"]
    show_columns = ["title", "kind", "starts_at", "place", "capacity", "department", "status",
                    "description"]
    add_columns = edit_columns = show_columns
    search_columns = ["title", "kind", "starts_at", "department", "status"]
    order_columns = ["starts_at", "title", "status"]
    base_order = ("starts_at", "desc")
    related_views = [SignupsOfEvent]
    # Events are cancelled (status), not deleted: sign-ups and history refer to them.
    exclude_route_methods = {"delete"}
    description_columns = {
        "kind": _l("matchmaking_party / social_party / salon / outdoor"),
        "status": _l("planned / open / closed / done / cancelled"),
    }


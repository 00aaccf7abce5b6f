"""Follow-up (回訪) and event (相親會, 交友派對) pages."""
from __future__ import annotations

from flask import request
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired

from app.clients.public import ClientPickerField
from app.core.interface import YuelaoInterface
from app.core.scope import scoped_get
from app.core.views import YuelaoModelView
from app.matching import events, followups
from app.matching.interface import ClientPrefetchInterface
from app.matching.models_event import EVENT_KIND_LABELS, Event, EventSignup
from app.matching.models_followup import CHANNEL_LABELS, FollowUp
from app.matching.workflows import EVENT_WORKFLOW, SIGNUP_WORKFLOW


def choice_field(label, labels: dict):
    """A list of words to choose from (never a code typed into a text box)."""
    return SelectField(label, choices=[(k, v) for k, v in labels.items()],
                       widget=Select2Widget(), validators=[InputRequired()])

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
    edit_columns = ["channel", "content", "next_due"]
    search_columns = ["matchmaker", "channel", "followed_at", "next_due"]
    order_columns = ["followed_at", "next_due", "channel"]
    base_order = ("followed_at", "desc")
    add_form_extra_fields = {"client": ClientPickerField(_l("Client")),
                             "channel": choice_field(_l("Channel"), CHANNEL_LABELS)}
    edit_form_extra_fields = {"channel": choice_field(_l("Channel"), CHANNEL_LABELS)}
    description_columns = {"next_due": _l("Every active client has a next follow-up date")}
    formatters_columns = {"channel": lambda v: CHANNEL_LABELS.get(v, v)}

    def pre_add(self, item):
        followups.prepare_followup(item)
        super().pre_add(item)

    def _get_add_widget(self, form, exclude_cols=None, widgets=None):
        """``?client_id=`` (the inbox and the "no next follow-up" list link here) opens the
        form with that client chosen — read through scope like the picker itself."""
        raw = request.args.get("client_id", "")
        if request.method == "GET" and raw.isdigit() and getattr(form, "client", None):
            from app.clients.models import Client

            form.client.data = scoped_get(Client, int(raw))
        return super()._get_add_widget(form, exclude_cols=exclude_cols, widgets=widgets)


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
    "cost": _l("Cost"),
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
    formatters_columns = {"status": lambda v: SIGNUP_WORKFLOW.state_label(v)}

    def pre_add(self, item):
        events.check_signup(item)
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
    list_columns = ["starts_at", "title", "kind", "place", "capacity", "cost", "department",
                    "status"]
    show_columns = ["title", "kind", "starts_at", "place", "capacity", "cost", "department",
                    "status", "description"]
    # The state moves only by transitions (open / close / finish / cancel).
    add_columns = edit_columns = [c for c in show_columns if c != "status"]
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": choice_field(_l("Kind"), EVENT_KIND_LABELS)}
    formatters_columns = {"kind": lambda v: EVENT_KIND_LABELS.get(v, v),
                          "status": lambda v: EVENT_WORKFLOW.state_label(v)}
    search_columns = ["title", "kind", "starts_at", "department", "status"]
    order_columns = ["starts_at", "title", "status"]
    base_order = ("starts_at", "desc")
    related_views = [SignupsOfEvent]
    # Events are cancelled (status), not deleted: sign-ups and history refer to them.
    exclude_route_methods = {"delete"}


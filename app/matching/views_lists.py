"""Work lists of 見面服務與跟進: meetings to brief, meetings missing feedback, active clients
with no next follow-up date. Scoped like every list; each quotes its rule (制度依據)."""
from __future__ import annotations

from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l

from app.core.inbox import SHOW_ENDPOINTS
from app.matching import followups, meetings
from app.matching.views import MeetingView


class FilterUnbriefed(BaseFilter):
    name = _l("Not briefed")
    arg_name = "meeting_unbriefed"

    def apply(self, query, value):
        return query.filter(meetings.unbriefed_criteria())


class FilterMissingFeedback(BaseFilter):
    name = _l("Feedback missing")
    arg_name = "meeting_no_feedback"

    def apply(self, query, value):
        return query.filter(meetings.missing_feedback_criteria())


class UnbriefedMeetingView(MeetingView):
    """Upcoming meetings where one side has not been briefed (000 客戶匹配與約見 3)."""

    list_title = _l("Meetings to brief")
    list_template = "matching/unbriefed_meetings.html"
    base_filters = [["time", FilterUnbriefed, True]]
    base_order = ("time", "asc")
    list_columns = ["pair_label", "time", "place", "client_briefed_at", "candidate_briefed_at"]


class MissingFeedbackMeetingView(MeetingView):
    """Held meetings whose feedback is still missing N days later (見面服務與跟進 3)."""

    list_title = _l("Meetings missing feedback")
    list_template = "matching/missing_feedback.html"
    base_filters = [["time", FilterMissingFeedback, True]]
    base_order = ("time", "asc")
    list_columns = ["pair_label", "time", "place", "client_wishes_continue",
                    "candidate_wishes_continue"]


class NoNextFollowUpView(BaseView):
    """Active clients of the user's scope with no next follow-up date (定期回訪)."""

    route_base = "/nonextfollowup"
    class_permission_name = "followup"
    method_permission_name = {"index": "read"}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        rows = followups.without_next_followup(limit=200)
        return self.render_template("matching/no_next_followup.html", rows=rows,
                                    client_endpoint=SHOW_ENDPOINTS.get("client"),
                                    title=_l("Clients without a next follow-up"))

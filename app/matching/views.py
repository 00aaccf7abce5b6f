"""Match and meeting pages: list and show through limited-profile labels, the propose route,
the briefing and the head's review. Typed service errors are answered by the core
(app/core/web.py); these views do not catch them."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.sqla.filters import FilterEqual, FilterNotEqual
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.clients.public import ClientPickerField
from app.core.interface import YuelaoInterface
from app.core.views import VIEW_METHOD_PERMISSIONS, YuelaoModelView, local_next
from app.extensions import db
from app.matching import meetings, services
from app.matching.interface import ClientPrefetchInterface
from app.matching.models import Match, Meeting
from app.matching.workflows import MATCH_STATE_LABELS, MATCH_WORKFLOW, MEETING_WORKFLOW

MATCH_LABELS = {
    "id": "#", "client_label": _l("Client"), "candidate_label": _l("Candidate"),
    "pair_label": _l("Match"),
    "matchmaker": _l("Matchmaker"), "candidate_matchmaker": _l("Candidate's matchmaker"),
    "department": _l("Department"), "candidate_department": _l("Candidate's department"),
    "score": _l("Score"), "reasons_text": _l("Reasons"), "status": _l("Status"),
    "contacted_at": _l("Contacted at"), "accepted_at": _l("Accepted at"),
    "declined_at": _l("Declined at"), "relationship_at": _l("Relationship since"),
    "ended_at": _l("Ended at"), "notes": _l("Notes"), "created_at": _l("Proposed at"),
    "reviewed_at": _l("Reviewed at"), "reviewed_by": _l("Reviewed by"),
    "review_comment": _l("Review comment"),
    # Columns only the History tab shows.
    "client": _l("Client"), "candidate": _l("Candidate"), "reasons": _l("Reasons"),
    "pair_low": _l("Pair (first client)"), "pair_high": _l("Pair (second client)"),
}
MEETING_LABELS = {
    "match": _l("Match"), "pair_label": _l("Match"), "time": _l("Time"), "place": _l("Place"),
    "etiquette": _l("Etiquette reminder"), "status": _l("Status"),
    "client_feedback": _l("Client's impression"), "client_rating": _l("Client's rating"),
    "client_wishes_continue": _l("Client wishes to continue"),
    "candidate_feedback": _l("Candidate's impression"),
    "candidate_rating": _l("Candidate's rating"),
    "candidate_wishes_continue": _l("Candidate wishes to continue"),
    "guidance": _l("Matchmaker's guidance"), "recorded_by": _l("Recorded by"),
    "client_briefed_at": _l("Client briefed at"), "client_briefing": _l("Client briefing"),
    "candidate_briefed_at": _l("Candidate briefed at"),
    "candidate_briefing": _l("Candidate briefing"),
    "reviewed_at": _l("Reviewed at"), "reviewed_by": _l("Reviewed by"),
    "review_comment": _l("Review comment"),
}
FEEDBACK_COLUMNS = ["client_feedback", "client_rating", "client_wishes_continue",
                    "candidate_feedback", "candidate_rating", "candidate_wishes_continue",
                    "guidance"]
MEETING_COLUMNS = ["pair_label", "time", "place", "status", "etiquette", "client_briefed_at",
                   "client_briefing", "candidate_briefed_at", "candidate_briefing",
                   *FEEDBACK_COLUMNS, "recorded_by", "reviewed_at", "reviewed_by",
                   "review_comment"]
REVIEW_COLUMNS = ("reviewed_at", "reviewed_by", "review_comment")
BRIEF_COLUMNS = ("client_briefed_at", "client_briefing", "candidate_briefed_at",
                 "candidate_briefing")


def _yes_no(value):
    if value is None:
        return "—"
    return _l("Yes") if value else _l("No")


def _wish_field(label):
    """是 / 否 / 未知 as a choice, never a checkbox that cannot say "not asked yet"."""
    return SelectField(label, choices=[("", "—"), ("1", _l("Yes")), ("0", _l("No"))],
                       coerce=lambda v: None if v in (None, "", "None") else v in (True, "1",
                                                                                  "True"),
                       widget=Select2Widget())


def _record_id(value):
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    return None


def _client_text(value):
    """A client id as the match pages show the client: in full in scope, else the limited
    profile (surname + 先生/女士 …)."""
    from app.matching.profile import client_label

    pk = _record_id(value)
    if pk is None:
        return value or ""
    return client_label(None, "client", pk) or value


def _name_of(kind: str, value):
    """The name of the other side's matchmaker or department (shown on the match page)."""
    from sqlalchemy import select

    from app.core.scope import unscoped
    from app.org.models import Department, Employee

    pk = _record_id(value)
    if pk is None:
        return value or ""
    model = Employee if kind == "employee" else Department
    with unscoped():
        name = db.session.scalar(select(model.name).where(model.id == pk))
    return name or value


def state_select(label, workflow) -> SelectField:
    """The search form's field of a state column: the workflow's states, in the user's
    language, never a code typed into a text box."""
    return SelectField(label, choices=list(workflow.states.items()), widget=Select2Widget())


def equality_only(filters, column: str) -> None:
    """A state column is searched by 等於 / 不等於 only (what a select of states means). FAB
    reads the filter of ``_flt_<index>_<column>`` from ``_all_filters`` and lists
    ``_search_filters`` in the form: both get the same two, in the same order."""
    for table in (filters._search_filters, filters._all_filters):
        table[column] = [FilterEqual(column, filters.datamodel),
                         FilterNotEqual(column, filters.datamodel)]


class ReviewMixin:
    """The head's review form on the show page (only for whoever may take it), its route."""

    show_template = "matching/show_review.html"

    def _review_allowed(self, item) -> bool:
        sm = self.appbuilder.sm
        if item is None or not sm.has_access("can_review", self.resource):
            return False
        user = sm.current_user
        return not meetings._own_record(item, meetings._actor_employee_id(),
                                        getattr(user, "id", None))

    def render_template(self, template, **kwargs):
        if template == self.show_template and "pk" in kwargs:
            item = self.datamodel.get(kwargs["pk"])
            kwargs["review_allowed"] = self._review_allowed(item)
            kwargs["brief_sides"] = self._brief_sides(item)
            kwargs["record_resource"] = self.resource
            kwargs["record_links"] = self._record_links(item) if item is not None else []
        return super().render_template(template, **kwargs)

    def _brief_sides(self, item):
        return []

    def _edit_label(self, item):
        return _l("Edit")

    def _record_links(self, item) -> list[tuple[str, object, str]]:
        """(url, label, css class) buttons of the show page: edit, where the user may, and
        the records next to this one (a meeting's match)."""
        sm = self.appbuilder.sm
        links = []
        if sm.has_access("can_write", self.resource) and "edit" not in (
                self.exclude_route_methods or ()):
            links.append((url_for(f"{self.endpoint}.edit", pk=item.id), self._edit_label(item),
                          "yl-edit"))
        return links

    def _record_page(self, pk) -> str:
        """The record's own page (a work list's filter may no longer hold once the step is
        taken: a briefed meeting leaves "meetings to brief")."""
        from app.core.inbox import SHOW_ENDPOINTS

        return url_for(f"{SHOW_ENDPOINTS.get(self.resource, self.endpoint)}.show", pk=pk)

    @expose("/review/<int:pk>", methods=["POST"])
    @has_access
    def review(self, pk):
        meetings.review(self.resource, pk, request.form.get("comment", ""))
        db.session.commit()
        flash(str(_l("Marked as reviewed")), "success")
        return redirect(local_next() or self._record_page(pk))


class MeetingView(ReviewMixin, YuelaoModelView):
    resource = "meeting"
    method_permission_name = {**VIEW_METHOD_PERMISSIONS, "brief": "brief", "review": "review"}
    datamodel = YuelaoInterface(Meeting)
    list_title = _l("Meetings")
    show_title = _l("Meeting")
    add_title = _l("Schedule a meeting")
    edit_title = _l("Edit meeting / record feedback")
    label_columns = MEETING_LABELS
    list_columns = ["pair_label", "time", "place", "status", "client_wishes_continue",
                    "candidate_wishes_continue"]
    show_columns = MEETING_COLUMNS
    # The state moves only by transitions (hold / no_show / cancel); briefings and reviews
    # by their own steps.
    add_columns = ["match", "time", "place", "etiquette"]
    edit_columns = ["time", "place", "etiquette", *FEEDBACK_COLUMNS]
    add_form_extra_fields = edit_form_extra_fields = {
        "client_wishes_continue": _wish_field(_l("Client wishes to continue")),
        "candidate_wishes_continue": _wish_field(_l("Candidate wishes to continue")),
    }
    search_columns = ["time", "place", "status"]
    search_form_extra_fields = {"status": state_select(_l("Status"), MEETING_WORKFLOW)}
    order_columns = ["time", "status"]
    base_order = ("time", "desc")
    description_columns = {"client_rating": _l("1–5"), "candidate_rating": _l("1–5"),
                           "guidance": _l("Advice to the client after the meeting")}
    formatters_columns = {"status": lambda v: MEETING_WORKFLOW.state_label(v),
                          "client_wishes_continue": _yes_no,
                          "candidate_wishes_continue": _yes_no}

    def _init_properties(self):
        super()._init_properties()
        equality_only(self._filters, "status")

    def pre_update(self, item):
        # A browser sends a textarea's line breaks as CRLF: the etiquette reminder (and any
        # text) saved unchanged must not come back as a change in History.
        for column in self.edit_columns:
            value = getattr(item, column, None)
            if isinstance(value, str) and "\r\n" in value:
                setattr(item, column, value.replace("\r\n", "\n"))
        super().pre_update(item)

    def _edit_label(self, item):
        # After the meeting the form is where both sides' feedback and the guidance go.
        return _l("Record feedback") if item.status == "held" else _l("Edit")

    def _record_links(self, item):
        from app.core.inbox import SHOW_ENDPOINTS

        links = super()._record_links(item)
        if item.match_id is not None and self.appbuilder.sm.has_access("can_read", "match"):
            links.append((url_for(f"{SHOW_ENDPOINTS.get('match', 'MatchView')}.show",
                                  pk=item.match_id), _l("Match"), "yl-match-link"))
        return links

    def _brief_sides(self, item):
        if item is None or item.status != "scheduled" or \
                not self.appbuilder.sm.has_access("can_brief", "meeting"):
            return []
        # Only the sides still to brief: a briefed side is not offered again.
        return [(s, meetings.SIDE_LABELS[s]) for s in meetings.SIDES
                if getattr(item, f"{s}_briefed_at") is None]

    @expose("/brief/<int:pk>", methods=["POST"])
    @has_access
    def brief(self, pk):
        meetings.brief(pk, request.form.get("side", ""), request.form.get("note", ""))
        db.session.commit()
        flash(str(_l("Briefing logged")), "success")
        return redirect(local_next() or self._record_page(pk))


class MeetingsOfMatch(MeetingView):
    list_title = _l("Meetings")
    list_columns = ["time", "place", "status", "client_rating", "candidate_rating"]


class MatchView(ReviewMixin, YuelaoModelView):
    resource = "match"
    datamodel = ClientPrefetchInterface(Match, client_fields=("client_id", "candidate_id"))
    method_permission_name = {**VIEW_METHOD_PERMISSIONS, "propose": "propose",
                              "review": "review"}
    list_title = _l("Matches")
    show_title = _l("Match")
    add_title = _l("Propose a match")
    edit_title = _l("Edit match notes")
    label_columns = MATCH_LABELS
    list_columns = ["id", "client_label", "candidate_label", "matchmaker", "score", "status",
                    "created_at"]
    show_columns = ["id", "client_label", "candidate_label", "matchmaker",
                    "candidate_matchmaker", "department", "candidate_department", "score",
                    "reasons_text", "status", "created_at", "contacted_at", "accepted_at",
                    "declined_at", "relationship_at", "ended_at", "notes", *REVIEW_COLUMNS]
    add_columns = ["client", "candidate", "notes"]
    add_form_extra_fields = {"client": ClientPickerField(_l("Client")),
                             "candidate": ClientPickerField(_l("Candidate"))}
    edit_columns = ["notes"]
    search_columns = ["status", "matchmaker", "score", "created_at"]
    search_form_extra_fields = {"status": state_select(_l("Status"), MATCH_WORKFLOW)}
    order_columns = ["id", "score", "status", "created_at"]
    base_order = ("id", "desc")
    related_views = [MeetingsOfMatch]
    formatters_columns = {
        "status": lambda v: MATCH_STATE_LABELS.get(v, v),
        # The History tab: the clients as this user may see them (never a bare id), the
        # other side's matchmaker and department by name (as the match page shows them),
        # the reasons as the page lists them.
        **{c: (lambda v: _client_text(v))
           for c in ("client_id", "candidate_id", "pair_low", "pair_high")},
        "candidate_matchmaker_id": lambda v: _name_of("employee", v),
        "candidate_department_id": lambda v: _name_of("department", v),
        "reasons": lambda v: "；".join(str(r) for r in v) if isinstance(v, list) else v,
    }

    def _init_properties(self):
        super()._init_properties()
        equality_only(self._filters, "status")

    def pre_add(self, item):
        services.propose(item.client.id if item.client is not None else item.client_id,
                         item.candidate.id if item.candidate is not None
                         else item.candidate_id, match=item)
        super().pre_add(item)

    @expose("/propose", methods=["GET", "POST"])
    @has_access
    def propose(self):
        """The candidates tab and the client page post client × candidate here; a refusal
        goes back to that page with the reason (app/core/web.py)."""
        if request.method != "POST":
            return redirect(url_for(f"{self.endpoint}.add"))
        match = services.propose(request.form.get("client_id"),
                                 request.form.get("candidate_id"),
                                 notes=request.form.get("notes") or None)
        db.session.commit()
        flash(str(_l("Match proposed: %(label)s", label=match.candidate_label)), "success")
        return redirect(url_for(f"{self.endpoint}.show", pk=match.id))

"""Match and meeting pages: list and show through limited-profile labels, the propose route."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.clients.public import ClientPickerField
from app.core.errors import ServiceError
from app.core.interface import YuelaoInterface
from app.core.views import VIEW_METHOD_PERMISSIONS, YuelaoModelView
from app.extensions import db
from app.matching import services
from app.matching.interface import ClientPrefetchInterface
from app.matching.models import Match, Meeting

MATCH_LABELS = {
    "id": "#", "client_label": _l("Client"), "candidate_label": _l("Candidate"),
    "matchmaker": _l("Matchmaker"), "candidate_matchmaker": _l("Candidate's matchmaker"),
    "department": _l("Department"), "candidate_department": _l("Candidate's department"),
    "score": _l("Score"), "reasons_text": _l("Reasons"), "status": _l("Status"),
    "contacted_at": _l("Contacted at"), "accepted_at": _l("Accepted at"),
    "declined_at": _l("Declined at"), "relationship_at": _l("Relationship since"),
    "ended_at": _l("Ended at"), "notes": _l("Notes"), "created_at": _l("Proposed at"),
}
MEETING_LABELS = {
    "match": _l("Match"), "time": _l("Time"), "place": _l("Place"),
    "etiquette": _l("Etiquette reminder"), "status": _l("Status"),
    "client_feedback": _l("Client's feedback"), "client_rating": _l("Client's rating"),
    "candidate_feedback": _l("Candidate's feedback"),
    "candidate_rating": _l("Candidate's rating"), "recorded_by": _l("Recorded by"),
}
MEETING_COLUMNS = ["match", "time", "place", "status", "etiquette", "client_feedback",
                   "client_rating", "candidate_feedback", "candidate_rating", "recorded_by"]


class MeetingView(YuelaoModelView):
    resource = "meeting"
    datamodel = YuelaoInterface(Meeting)
    list_title = _l("Meetings")
    show_title = _l("Meeting")
    add_title = _l("Schedule a meeting")
    edit_title = _l("Edit meeting / record feedback")
    label_columns = MEETING_LABELS
    list_columns = ["match", "time", "place", "status", "client_rating", "candidate_rating"]
    show_columns = MEETING_COLUMNS
    # The state moves only by transitions (hold / no_show / cancel).
    add_columns = edit_columns = [c for c in MEETING_COLUMNS
                                  if c not in ("status", "recorded_by")]
    search_columns = ["time", "place", "status"]
    order_columns = ["time", "status"]
    base_order = ("time", "desc")
    description_columns = {"client_rating": _l("1–5"), "candidate_rating": _l("1–5")}


class MeetingsOfMatch(MeetingView):
    list_title = _l("Meetings")
    list_columns = ["time", "place", "status", "client_rating", "candidate_rating"]


class MatchView(YuelaoModelView):
    resource = "match"
    datamodel = ClientPrefetchInterface(Match, client_fields=("client_id", "candidate_id"))
    method_permission_name = {**VIEW_METHOD_PERMISSIONS, "propose": "propose"}
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
                    "declined_at", "relationship_at", "ended_at", "notes"]
    add_columns = ["client", "candidate", "notes"]
    add_form_extra_fields = {"client": ClientPickerField(_l("Client")),
                             "candidate": ClientPickerField(_l("Candidate"))}
    edit_columns = ["notes"]
    search_columns = ["status", "matchmaker", "score", "created_at"]
    order_columns = ["id", "score", "status", "created_at"]
    base_order = ("id", "desc")
    related_views = [MeetingsOfMatch]

    def pre_add(self, item):
        item.client_id = item.client.id if item.client is not None else item.client_id
        item.candidate_id = item.candidate.id if item.candidate is not None \
            else item.candidate_id
        try:
            services.fill_proposal(item)
        except ServiceError as err:
            raise ValueError(err.message) from err
        super().pre_add(item)

    @expose("/propose", methods=["GET", "POST"])
    @has_access
    def propose(self):
        """Propose client × candidate (from the candidate list); 422 with the form on error."""
        from app.clients.models import Client

        error = None
        if request.method == "POST":
            try:
                match = services.propose(request.form.get("client_id"),
                                         request.form.get("candidate_id"),
                                         notes=request.form.get("notes") or None)
                flash(str(_l("Match proposed: %(label)s", label=match.candidate_label)),
                      "success")
                return redirect(url_for(f"{self.endpoint}.show", pk=match.id))
            except ServiceError as err:
                error = err.message
        clients = db.session.scalars(
            select(Client).where(Client.status == "active", Client.archived_at.is_(None))
            .order_by(Client.client_no).limit(500)).all()
        body = self.render_template("matching/propose.html", clients=clients, error=error,
                                    form_data=request.form)
        return (body, 422) if error else body

"""REST resources match, meeting, followup, event, event_signup (limited profiles in JSON)."""
from __future__ import annotations

from flask import request
from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.errors import ServiceError
from app.core.interface import YuelaoInterface
from app.matching import events, followups, services
from app.matching.interface import ClientPrefetchInterface
from app.matching.models import Match, Meeting
from app.matching.models_event import Event, EventSignup
from app.matching.models_followup import FollowUp


class MatchApi(YuelaoModelApi):
    """``POST /api/v1/match/`` {client_id, candidate_id} proposes (same checks as the UI).

    Clients appear as ``client_profile`` / ``candidate_profile``: the full profile when the
    user may see that client, else the limited one (``"limited": true``, no name or contact).
    """

    resource = "match"
    datamodel = ClientPrefetchInterface(Match, client_fields=("client_id", "candidate_id"))
    method_permission_name = {**API_METHOD_PERMISSIONS, "propose": "propose"}
    list_columns = ["id", "client_id", "candidate_id", "client_profile", "candidate_profile",
                    "matchmaker_id", "candidate_matchmaker_id", "department_id",
                    "candidate_department_id", "score", "reasons", "status", "created_at"]
    show_columns = list_columns + ["contacted_at", "accepted_at", "declined_at",
                                   "relationship_at", "ended_at", "notes"]
    add_columns = ["client_id", "candidate_id", "notes"]
    edit_columns = ["notes"]
    order_columns = ["id", "score", "status", "created_at"]
    search_columns = ["status", "client_id", "candidate_id", "matchmaker_id",
                      "candidate_matchmaker_id", "department_id", "score"]

    def pre_add(self, item):
        services.fill_proposal(item)
        super().pre_add(item)

    @expose("/propose", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("propose")
    def propose(self):
        """Propose a match
        ---
        post:
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    client_id: {type: integer}
                    candidate_id: {type: integer}
                    notes: {type: string}
          responses:
            201: {description: the new match}
            404: {description: client not found or out of scope}
            422: {description: self, same gender, inactive, or already proposed}
        """
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return self.response_400(message="Request body must be a JSON object")
        try:
            match = services.propose(payload.get("client_id"), payload.get("candidate_id"),
                                     notes=payload.get("notes"))
        except ServiceError as err:
            return self._service_error(err)
        return self.response(201, id=match.id, result=self.show_model_schema.dump(match))


class MeetingApi(YuelaoModelApi):
    resource = "meeting"
    datamodel = YuelaoInterface(Meeting)
    list_columns = show_columns = ["id", "match_id", "time", "place", "etiquette", "status",
                                   "client_feedback", "client_rating", "candidate_feedback",
                                   "candidate_rating", "recorded_by_id"]
    # The state moves only by transitions (hold / no_show / cancel).
    add_columns = edit_columns = ["match_id", "time", "place", "etiquette",
                                  "client_feedback", "client_rating", "candidate_feedback",
                                  "candidate_rating"]
    order_columns = ["time", "status"]
    search_columns = ["match_id", "status", "time"]


class FollowUpApi(YuelaoModelApi):
    resource = "followup"
    datamodel = ClientPrefetchInterface(FollowUp)
    method_permission_name = {**API_METHOD_PERMISSIONS, "overdue": "read"}
    list_columns = show_columns = ["id", "client_id", "client_label", "matchmaker_id",
                                   "department_id", "channel", "content", "followed_at",
                                   "next_due"]
    add_columns = ["client_id", "channel", "content", "followed_at", "next_due"]
    edit_columns = ["channel", "content", "next_due"]
    order_columns = ["followed_at", "next_due"]
    search_columns = ["client_id", "matchmaker_id", "channel", "next_due", "followed_at"]

    def pre_add(self, item):
        followups.prepare_followup(item)
        super().pre_add(item)

    @expose("/overdue", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("overdue")
    def overdue(self):
        """Overdue follow-ups (next_due passed, no later follow-up), scoped
        ---
        get:
          parameters:
          - in: query
            name: matchmaker_id
            schema: {type: integer}
          responses:
            200: {description: overdue follow-ups, oldest due first}
        """
        mm = request.args.get("matchmaker_id", type=int)
        rows = followups.overdue(matchmaker_id=mm)
        return self.response(200, count=len(rows),
                             result=self.list_model_schema.dump(rows, many=True))


class EventApi(YuelaoModelApi):
    resource = "event"
    datamodel = YuelaoInterface(Event)
    list_columns = show_columns = ["id", "title", "kind", "starts_at", "place", "capacity",
                                   "department_id", "status", "description"]
    add_columns = edit_columns = ["title", "kind", "starts_at", "place", "capacity",
                                  "department_id", "status", "description"]
    order_columns = ["starts_at", "title", "status"]
    search_columns = ["title", "kind", "starts_at", "department_id", "status"]

    # Events are cancelled (status), not deleted: sign-ups and history refer to them.
    exclude_route_methods = {"delete"}


class EventSignupApi(YuelaoModelApi):
    """``POST /api/v1/event_signup/`` {event_id, client_id}: 422 when full or duplicate."""

    resource = "event_signup"
    datamodel = ClientPrefetchInterface(EventSignup)
    list_columns = show_columns = ["id", "event_id", "client_id", "client_label",
                                   "matchmaker_id", "department_id", "status", "note"]
    add_columns = ["event_id", "client_id", "note"]
    edit_columns = ["note"]
    search_columns = ["event_id", "client_id", "status"]

    def pre_add(self, item):
        events.check_signup(item)
        super().pre_add(item)

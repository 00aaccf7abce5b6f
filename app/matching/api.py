"""REST resources match, meeting, followup, event, event_signup (limited profiles in JSON)."""
from __future__ import annotations

from flask import request
from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.interface import YuelaoInterface
from app.extensions import db
from app.matching import events, followups, meetings, services
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
    list_columns = ["id", "client_id", "candidate_id", "client_profile", "candidate_profile",
                    "matchmaker_id", "candidate_matchmaker_id", "department_id",
                    "candidate_department_id", "score", "reasons", "status", "created_at"]
    show_columns = list_columns + ["contacted_at", "accepted_at", "declined_at",
                                   "relationship_at", "ended_at", "notes", "reviewed_at",
                                   "reviewed_by_id", "review_comment"]
    method_permission_name = {**API_METHOD_PERMISSIONS, "propose": "propose",
                              "review": "review"}
    add_columns = ["client_id", "candidate_id", "notes"]
    edit_columns = ["notes"]
    order_columns = ["id", "score", "status", "created_at"]
    search_columns = ["status", "client_id", "candidate_id", "matchmaker_id",
                      "candidate_matchmaker_id", "department_id", "score"]

    def pre_add(self, item):
        services.propose(item.client_id, item.candidate_id, match=item)
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
        match = services.propose(payload.get("client_id"), payload.get("candidate_id"),
                                 notes=payload.get("notes"))
        db.session.commit()
        return self.response(201, id=match.id, result=self.show_model_schema.dump(match))

    @expose("/<int:pk>/review", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("review")
    def review(self, pk):
        """The head marks the match reviewed (never their own)
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    comment: {type: string}
          responses:
            200: {description: the match}
            403: {description: not permitted, or the reviewer's own record}
        """
        return _review(self, "match", pk)


class MeetingApi(YuelaoModelApi):
    resource = "meeting"
    datamodel = YuelaoInterface(Meeting)
    method_permission_name = {**API_METHOD_PERMISSIONS, "brief": "brief", "review": "review"}
    list_columns = show_columns = ["id", "match_id", "time", "place", "etiquette", "status",
                                   "client_briefed_at", "client_briefing",
                                   "candidate_briefed_at", "candidate_briefing",
                                   "client_feedback", "client_rating", "client_wishes_continue",
                                   "candidate_feedback", "candidate_rating",
                                   "candidate_wishes_continue", "guidance", "recorded_by_id",
                                   "reviewed_at", "reviewed_by_id", "review_comment"]
    # The state moves only by transitions (hold / no_show / cancel); briefings and reviews
    # by their own endpoints.
    add_columns = ["match_id", "time", "place", "etiquette"]
    edit_columns = ["time", "place", "etiquette", "client_feedback", "client_rating",
                    "client_wishes_continue", "candidate_feedback", "candidate_rating",
                    "candidate_wishes_continue", "guidance"]
    order_columns = ["time", "status"]
    search_columns = ["match_id", "status", "time"]

    @expose("/<int:pk>/brief", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("brief")
    def brief(self, pk):
        """Log the briefing of one side before the meeting
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    side: {type: string, enum: [client, candidate]}
                    note: {type: string}
          responses:
            200: {description: the meeting}
            409: {description: the meeting is not scheduled}
            422: {description: no side or no note}
        """
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return self.response_400(message="Request body must be a JSON object")
        meeting = meetings.brief(pk, str(payload.get("side") or ""),
                                 str(payload.get("note") or ""))
        db.session.commit()
        return self.response(200, id=meeting.id, result=self.show_model_schema.dump(meeting))

    @expose("/<int:pk>/review", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("review")
    def review(self, pk):
        """The head marks the meeting reviewed (never their own)
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    comment: {type: string}
          responses:
            200: {description: the meeting}
            403: {description: not permitted, or the reviewer's own record}
        """
        return _review(self, "meeting", pk)


def _review(api, resource, pk):
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return api.response_400(message="Request body must be a JSON object")
    obj = meetings.review(resource, pk, str(payload.get("comment") or ""))
    db.session.commit()
    return api.response(200, id=obj.id, result=api.show_model_schema.dump(obj))


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
                                   "cost", "department_id", "status", "description"]
    # The state moves only by transitions (open / close / finish / cancel).
    add_columns = edit_columns = ["title", "kind", "starts_at", "place", "capacity", "cost",
                                  "department_id", "description"]
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

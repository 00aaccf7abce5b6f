"""REST: /api/v1/client/ (contract field names), contact reveal, candidates, photo;
assignments."""
from __future__ import annotations

from flask import request, send_file, url_for
from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.clients import data_care, photos, services
from app.clients.candidates import MAX_LIMIT, candidates_for, no_candidates_reason
from app.clients.interface import ClientInterface
from app.clients.models import Client, ClientAssignment
from app.core.api import API_METHOD_PERMISSIONS, YuelaoModelApi
from app.core.interface import YuelaoInterface

CONTRACT_FIELDS = [
    "name", "gender", "birth_date", "height_cm", "education", "city", "marital_status",
    "income_monthly", "phone", "wechat", "department_id", "matchmaker_id", "tier",
    "pref_age_min", "pref_age_max", "pref_height_min", "pref_height_max", "pref_education_min",
    "pref_cities", "pref_marital_statuses",
]
EXTRA_FIELDS = [
    "weight_kg", "hukou", "has_children", "occupation", "employer", "id_number", "email",
    "family_background", "hobbies", "marital_history", "self_description", "pref_income_min",
    "pref_notes", "intake_channel", "referral_source", "contract_no", "contract_fee", "notes",
    "share_consent_at",
]


def _mask_row(row: dict) -> None:
    for f in services.CONTACT_FIELDS:
        if f in row:
            row[f] = services.audit.mask(row[f])


class ClientApi(YuelaoModelApi):
    resource = "client"
    datamodel = ClientInterface(Client)
    method_permission_name = {**API_METHOD_PERMISSIONS, "delete": "archive",
                              "contact": "view_contact",
                              "candidates": "read", "photo": "read", "upload_photo": "write"}
    list_columns = ["id", "client_no", "status", "department.name", "matchmaker.name",
                    "created_at"] + CONTRACT_FIELDS
    show_columns = ["id", "client_no", "status", "assigned_at", "last_followup_at",
                    "pool_since", "created_at", "archived_at", "verified_at"] \
        + CONTRACT_FIELDS + EXTRA_FIELDS
    add_columns = edit_columns = CONTRACT_FIELDS + EXTRA_FIELDS
    order_columns = ["id", "client_no", "name", "city", "tier", "status", "created_at",
                     "birth_date", "height_cm", "income_monthly"]
    search_columns = ["client_no", "name", "gender", "city", "education", "marital_status",
                      "tier", "status", "department_id", "matchmaker_id", "birth_date",
                      "created_at"]
    base_order = ("id", "desc")

    def pre_get(self, data):
        _mask_row(data.get("result") or {})

    def pre_get_list(self, data):
        for row in data.get("result") or []:
            _mask_row(row)

    def pre_update(self, item):
        services.keep_masked_contact(item)
        data_care.check_reclassify(item)
        super().pre_update(item)

    @expose("/<int:pk>/contact", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("contact")
    def contact(self, pk):
        """The client's real contact details (audited)
        ---
        get:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200: {description: phone, wechat, id_number}
            403: {description: no can_view_contact}
            404: {description: not found or out of scope}
        """
        values = services.reveal_contact(pk, reason=request.args.get("reason"))
        return self.response(200, id=pk, **values)

    @expose("/<int:pk>/candidates", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("candidates")
    def candidates(self, pk):
        """Candidate suggestions, best first
        ---
        get:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          - in: query
            name: limit
            schema: {type: integer, minimum: 1, maximum: 100, default: 20}
          responses:
            200: {description: "[{client_id, score, reasons}], and why there are none"}
            400: {description: limit out of range}
            404: {description: not found or out of scope}
        """
        raw = request.args.get("limit", "20")
        try:
            limit = int(raw)
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            return self.response_400(message=f"limit must be between 1 and {MAX_LIMIT}")
        client = self.datamodel.get(pk)
        if client is None:
            return self.response_404()
        result = candidates_for(client, limit)
        reason = "" if result else no_candidates_reason(client)
        return self.response(200, result=result, count=len(result), reason=reason)

    @expose("/<int:pk>/photo", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("photo")
    def photo(self, pk):
        """The client's photo (JPEG, PNG or WebP)
        ---
        get:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200:
              description: the image
              content:
                image/jpeg: {schema: {type: string, format: binary}}
                image/png: {schema: {type: string, format: binary}}
                image/webp: {schema: {type: string, format: binary}}
            404: {description: no photo, not found or out of scope}
        """
        path, mimetype = photos.photo_file(pk)
        # Private to the browser: app.core.web keeps files sent by views out of shared caches.
        return send_file(path, mimetype=mimetype)

    @expose("/<int:pk>/photo", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("upload_photo")
    def upload_photo(self, pk):
        """Replace the client's photo (multipart field ``photo``; JPEG, PNG or WebP, max 5 MB)
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    photo: {type: string, format: binary}
          responses:
            200: {description: "{photo: url of the image}"}
            403: {description: no can_write on client}
            404: {description: not found or out of scope}
            422: {description: not an accepted image, empty or too large}
        """
        upload = request.files.get("photo")
        photos.set_photo(pk, upload.filename if upload else None,
                         upload.stream if upload else None)
        return self.response(200, photo=url_for(f"{self.endpoint}.photo", pk=pk))


class ClientAssignmentApi(YuelaoModelApi):
    resource = "client_assignment"
    datamodel = YuelaoInterface(ClientAssignment)
    include_route_methods = {"get", "get_list", "info", "history", "transition"}
    list_columns = show_columns = ["id", "client_id", "employee_id", "department_id", "status",
                                   "note", "created_at", "decided_at"]
    order_columns = ["id", "created_at", "status"]
    search_columns = ["status", "employee_id", "client_id"]
    base_order = ("id", "desc")

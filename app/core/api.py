"""Base REST resource: FAB's ModelRestApi plus transitions, history and typed errors.

No input gets a 5xx (DESIGN §8): requests are screened by ``SafeInputApi``
(app/core/api_input.py, re-exported here), and bodies of POST / PUT are checked field by
field against the model's columns (app/core/validation.py) before the schema loads them.
Database refusals become 409 / 422 without the database's text.
"""
from __future__ import annotations

from flask import current_app, request
from flask_appbuilder.api import expose, safe
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.security.decorators import permission_name, protect
from marshmallow import ValidationError

from app.core import audit
from app.core.api_input import (  # noqa: F401  re-exported: callers import them from here
    MAX_PK,
    MAX_QUERY_LENGTH,
    SafeInputApi,
    TypedForeignKeys,
    parse_pk,
    parse_rison,
)
from app.core.errors import Conflict, Invalid, NotFound, ServiceError, from_database_error
from app.core.interface import prepare_save
from app.core.validation import references_to, validate_payload
from app.core.workflow import REGISTRY
from app.extensions import db


class _BadRequest(Exception):
    """The body is not a JSON object: 400."""


def _refusal(err: DatabaseException, *, deleting: bool = False) -> ServiceError:
    """The data interface's refusal: its own message when it raised one itself, else the
    database's error typed without the database's text."""
    if err.__cause__ is None:
        return Invalid(str(err))
    return from_database_error(err.__cause__, deleting=deleting)


def _still_referred(tables: list[str]) -> str:
    from flask_babel import lazy_gettext as _l

    return str(_l("Still referred to by: %(t)s", t=", ".join(tables)))


API_METHOD_PERMISSIONS = {
    "get": "read", "get_list": "read", "info": "read", "related": "read", "distinct": "read",
    "history": "read", "transition": "read",
    "post": "write", "put": "write", "delete": "delete",
    "export": "export", "import_rows": "write",
}


def audit_row_json(row) -> dict:
    return {
        "id": row.id,
        "at": row.created_at.isoformat() if row.created_at else None,
        "actor_id": row.actor_id,
        "actor": row.actor_name,
        "ip": row.ip,
        "action": row.action,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "comment": row.comment,
        "changes": row.changes,
    }


class YuelaoModelApi(SafeInputApi):
    """Declare ``resource`` and ``datamodel``; scope, audit and workflow come from the core."""

    resource: str = ""
    method_permission_name = API_METHOD_PERMISSIONS
    allow_browser_login = True
    page_size = 25

    def __init__(self):
        if self.resource:
            self.resource_name = self.resource
            self.class_permission_name = self.resource
        self.workflow = REGISTRY.get(self.resource)
        if self.workflow:
            state = self.workflow.state_field
            for attr in ("add_exclude_columns", "edit_exclude_columns"):
                setattr(self, attr, list(getattr(self, attr, None) or []) + [state])
        routes = self.include_route_methods
        if routes is not None:  # a list exports; a resource one may post to imports
            self.include_route_methods = set(routes) | (
                {"export"} if "get_list" in routes else set()) | (
                {"import_rows"} if "post" in routes else set())
        super().__init__()
        if self.workflow:
            for t in self.workflow.transitions:
                if t.permission not in self.base_permissions:
                    self.base_permissions.append(t.permission)

    def pre_add(self, item):
        prepare_save(item, is_new=True, user=current_app.appbuilder.sm.current_user)

    def pre_update(self, item):
        prepare_save(item, is_new=False, user=current_app.appbuilder.sm.current_user)

    # --- writes: FAB's, with the body checked first and database refusals typed ------------
    def _json_object(self):
        if not request.is_json:
            raise _BadRequest("Request is not JSON")
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise _BadRequest("Request body must be a JSON object")
        return body

    def post_headless(self):
        try:
            payload = validate_payload(self.datamodel.obj, self._json_object())
            item = self.add_model_schema.load(payload)
            self.pre_add(item)
            self.datamodel.add(item)
            self.post_add(item)
        except _BadRequest as err:
            return self.response_400(message=str(err))
        except ValidationError as err:
            db.session.rollback()
            return self.response_422(message=err.messages)
        except ServiceError as err:
            db.session.rollback()
            return self._service_error(err)
        except DatabaseException as err:
            return self._service_error(_refusal(err))
        return self.response(201, result=self.add_model_schema.dump(item, many=False),
                             id=self.datamodel.get_pk_value(item))

    def put_headless(self, pk):
        item = self.datamodel.get(parse_pk(pk), self._base_filters)
        if item is None:
            return self.response_404()
        try:
            payload = validate_payload(self.datamodel.obj, self._json_object())
            data = self._merge_update_item(item, payload)
            item = self.edit_model_schema.load(data, instance=item)
            self.pre_update(item)
            self.datamodel.edit(item)
            self.post_update(item)
        except _BadRequest as err:
            return self.response_400(message=str(err))
        except ValidationError as err:
            db.session.rollback()
            return self.response_422(message=err.messages)
        except ServiceError as err:
            db.session.rollback()
            return self._service_error(err)
        except DatabaseException as err:
            return self._service_error(_refusal(err))
        return self.response(200, result=self.edit_model_schema.dump(item, many=False))

    def delete_headless(self, pk):
        item = self.datamodel.get(parse_pk(pk), self._base_filters)
        if item is None:
            return self.response_404()
        try:
            self.pre_delete(item)
            if not getattr(type(item), "__soft_delete__", False):
                refs = references_to(item)
                if refs:
                    raise Conflict(message=_still_referred(refs), references=refs)
            self.datamodel.delete(item)
            self.post_delete(item)
        except ServiceError as err:
            db.session.rollback()
            return self._service_error(err)
        except DatabaseException as err:
            return self._service_error(_refusal(err, deleting=True))
        return self.response(200, message="OK")

    @expose("/<int:pk>/transition/<name>", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("transition")
    def transition(self, pk, name):
        """Take a workflow transition
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          - in: path
            name: name
            schema: {type: string}
          requestBody:
            content:
              application/json:
                schema: {type: object, properties: {comment: {type: string}}}
          responses:
            200: {description: the new state}
            403: {description: not permitted}
            404: {description: not found or out of scope}
            409: {description: not allowed from the current state}
            422: {description: a required comment or field is missing or invalid}
        """
        if not self.workflow:
            return self.response_404()
        payload = request.get_json(silent=True) or {}
        if not isinstance(payload, dict):
            return self.response_400(message="Request body must be a JSON object")
        try:
            obj = self.workflow.run(pk, name, comment=str(payload.get("comment") or ""),
                                    data=payload)
        except ServiceError as err:
            return self._service_error(err)
        state = self.workflow.state_of(obj)
        return self.response(200, id=int(pk) if str(pk).isdigit() else pk, state=state,
                             state_label=str(self.workflow.state_label(state)))

    @expose("/<int:pk>/history", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("history")
    def history(self, pk):
        """The record's audit rows and transitions, oldest first
        ---
        get:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200: {description: audit rows}
            404: {description: not found or out of scope}
        """
        try:
            if self.datamodel.get(pk) is None:
                raise NotFound()
        except (ValueError, ValidationError):
            return self.response_404()
        except ServiceError as err:
            return self._service_error(err)
        rows = audit.history(db.session, self.resource, pk)
        return self.response(200, result=[audit_row_json(r) for r in rows], count=len(rows))

    @expose("/export", methods=["GET"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("export")
    def export(self):
        """The list's rows as a file, for the rison ``q`` of the list (filters, order)
        ---
        get:
          parameters:
          - in: query
            name: format
            schema: {type: string, enum: [csv, xlsx], default: xlsx}
          - in: query
            name: q
            schema: {type: string}
          - in: query
            name: reveal
            description: 1 — contacts unmasked, audited as a reveal (needs can_view_contact)
            schema: {type: integer, enum: [0, 1], default: 0}
          responses:
            200: {description: "CSV (UTF-8 with BOM) or XLSX"}
            202: {description: "large: a background export job; poll /api/v1/export_job/<id>"}
            400: {description: a malformed q or an unknown column}
            403: {description: no can_export, or reveal without can_view_contact}
            422: {description: an unknown format}
        """
        from flask_appbuilder.exceptions import FABException

        from app.core import export

        fmt = export.format_of(request.args.get("format"))
        try:
            args = parse_rison(request.args["q"]) if request.args.get("q") else {}
            if not isinstance(args, dict):
                raise ValueError("q must be an object")
            table = export.api_table(self, args)
        except (ValueError, FABException) as err:
            return self.response_400(message=str(err))
        return export.export(table, fmt)

    @expose("/import", methods=["POST"])
    @protect(allow_browser_login=True)
    @safe
    @permission_name("import_rows")
    def import_rows(self):
        """Import rows from an XLSX or CSV file, all or nothing
        ---
        post:
          parameters:
          - in: query
            name: dry_run
            schema: {type: integer, enum: [0, 1]}
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    file: {type: string, format: binary}
          responses:
            200: {description: "{rows: [{row, action, errors}], counts, batch_id}"}
            403: {description: no can_write}
            404: {description: the resource does not import}
            422: {description: a bad file, or rows in error (nothing written; the preview)}
        """
        from app.core import import_views

        return import_views.api_import(self)

"""Base REST resource: FAB's ModelRestApi plus transitions, history and typed errors."""
from __future__ import annotations

from flask import current_app, request
from flask_appbuilder.api import ModelRestApi, expose, safe
from flask_appbuilder.security.decorators import permission_name, protect
from marshmallow import ValidationError

from app.core import audit
from app.core.errors import NotFound, ServiceError
from app.core.interface import prepare_save
from app.core.workflow import REGISTRY
from app.extensions import db

API_METHOD_PERMISSIONS = {
    "get": "read", "get_list": "read", "info": "read", "related": "read", "distinct": "read",
    "history": "read", "transition": "read",
    "post": "write", "put": "write", "delete": "delete",
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


class YuelaoModelApi(ModelRestApi):
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
        super().__init__()
        if self.workflow:
            for t in self.workflow.transitions:
                if t.permission not in self.base_permissions:
                    self.base_permissions.append(t.permission)

    def _service_error(self, err: ServiceError):
        if err.status == 404:
            return self.response_404()
        return self.response(err.status, message=err.message, **err.details)

    def pre_add(self, item):
        prepare_save(item, is_new=True, user=current_app.appbuilder.sm.current_user)

    def pre_update(self, item):
        prepare_save(item, is_new=False, user=current_app.appbuilder.sm.current_user)

    def post_headless(self):
        try:
            return super().post_headless()
        except ServiceError as err:
            db.session.rollback()
            return self._service_error(err)

    def put_headless(self, pk):
        try:
            return super().put_headless(pk)
        except ServiceError as err:
            db.session.rollback()
            return self._service_error(err)

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

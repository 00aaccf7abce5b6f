"""Base REST resource: FAB's ModelRestApi plus transitions, history and typed errors.

No input gets a 5xx (DESIGN §8): every request to a resource is screened before its view
runs (a path id that is not an integer, a ``?q=`` that does not parse, a body that is not a
JSON object or carries NUL, control characters, lone surrogates or non-finite numbers), and
bodies of POST / PUT are checked field by field against the model's columns
(app/core/validation.py) before the schema loads them. Database refusals become 409 / 422
without the database's text.
"""
from __future__ import annotations

import json
import logging
import sys

import prison
from flask import current_app, request
from flask_appbuilder.api import ModelRestApi, expose, safe
from flask_appbuilder.api.convert import Model2SchemaConverter
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.security.decorators import permission_name, protect
from marshmallow import ValidationError
from marshmallow_sqlalchemy import SQLAlchemyAutoSchema
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from app.core import audit
from app.core.errors import Conflict, Invalid, NotFound, ServiceError, from_database_error
from app.core.interface import prepare_save
from app.core.rest_keyset import KeysetListMixin
from app.core.validation import (
    TEXT_MAX_LENGTH,
    references_to,
    validate_body,
    validate_payload,
)
from app.core.workflow import REGISTRY
from app.extensions import db

log = logging.getLogger(__name__)
# Primary keys are positive and fit a 64-bit column; anything else names no row.
MAX_PK = 2 ** 63 - 1
MAX_QUERY_LENGTH = 4000

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


def parse_pk(value) -> int | None:
    """A path id as an int, or None when it cannot name a row ("Infinity", "1e3", 2**70)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    pk = int(text)
    return pk if 0 < pk <= MAX_PK else None


def parse_rison(value: str):
    """FAB's reading of ``?q=`` (rison, else JSON), refusing instead of raising: the
    parser recurses on "(((" and raises IndexError / TypeError on some garbage."""
    if len(value) > MAX_QUERY_LENGTH:
        raise ValueError("too long")
    try:
        return prison.loads(value)
    except Exception:  # noqa: BLE001  any parser failure is the caller's malformed query
        if not current_app.config.get("FAB_API_ALLOW_JSON_QS", True):
            raise ValueError("not rison") from None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        raise ValueError("not rison or JSON") from None


class TypedForeignKeys(Model2SchemaConverter):
    """FAB's schema converter, with foreign-key columns (``department_id``) typed like their
    column (Integer, String, nullable or not). FAB leaves them to marshmallow-sqlalchemy,
    which skips foreign keys, so they load untyped: "abc" reached an integer column."""

    def _meta_schema_factory(self, columns, model, class_mixin, parent_schema_name=None):
        meta = {"model": model, "include_fk": True, "load_instance": True,
                "sqla_session": current_app.appbuilder.session,
                "parent_schema_name": parent_schema_name}
        if columns:
            meta["fields"] = columns
        schema = type("MetaSchema", (SQLAlchemyAutoSchema, class_mixin),
                      {"Meta": type("Meta", (), meta)})
        # Typed, but not required: services fill some (a survey's department) in pre_add.
        for column in sa_inspect(model).columns:
            field = schema._declared_fields.get(column.key)
            if column.foreign_keys and field is not None:
                field.required = False
        return schema


class SafeInputApi(KeysetListMixin, ModelRestApi):
    """FAB's ModelRestApi that answers 4xx, never 5xx, to malformed requests. Any REST
    resource of the app derives from it (YuelaoModelApi does; so can a plain one)."""

    model2schemaconverter = TypedForeignKeys

    def create_blueprint(self, appbuilder, *args, **kwargs):
        blueprint = super().create_blueprint(appbuilder, *args, **kwargs)
        blueprint.before_request(self._screen_request)
        return blueprint

    def _screen_request(self):
        """Runs before the view (and so before its login check): nothing here reveals data."""
        args = request.view_args or {}
        if "pk" in args and parse_pk(args["pk"]) is None:
            return self.response_404()
        q = request.args.get("q")
        if q:
            try:
                parsed = parse_rison(q)
                validate_body(parsed)
            except (ValueError, Invalid):
                return self.response_400(message="Not a valid rison or JSON argument")
        # An empty body is the view's to judge (a transition without a comment is fine).
        if request.method in ("POST", "PUT", "PATCH") and request.is_json and \
                request.get_data(cache=True):
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                return self.response_400(message="Request body must be a JSON object")
            # post / put check each field against its own column's length afterwards.
            per_field = (request.endpoint or "").rsplit(".", 1)[-1] in ("post", "put")
            try:
                validate_body(body, max_length=None if per_field else TEXT_MAX_LENGTH)
            except Invalid as err:
                return self.response(422, message=err.message, **err.details)
        return None

    def get_list_headless(self, **kwargs):
        try:
            return super().get_list_headless(**kwargs)
        except SQLAlchemyError:
            # A filter value the column's type cannot take (text on an integer, a search on
            # a JSON column): the database refused the query, not the server.
            db.session.rollback()
            log.info("list query refused by the database", exc_info=True)
            return self.response_400(message="A filter does not apply to that column")

    def response_500(self, message: str | None = None):
        """FAB's @safe catches everything; errors the caller caused keep their 4xx here."""
        err = sys.exc_info()[1]
        if isinstance(err, ServiceError):
            db.session.rollback()
            return self._service_error(err)
        if isinstance(err, ValidationError):
            return self.response_422(message=err.messages)
        cause = err.__cause__ if isinstance(err, DatabaseException) else err
        if isinstance(cause, (IntegrityError, DataError)):
            # An outage (OperationalError) stays a failure: app/core/web.py answers 503.
            db.session.rollback()
            log.warning("database refused a request", exc_info=True)
            return self._service_error(from_database_error(err))
        return super().response_500(message=message)

    def _service_error(self, err: ServiceError):
        # A refused action keeps nothing it wrote (an effect may refuse after the state moved).
        db.session.rollback()
        if err.status == 404:
            return self.response_404()
        return self.response(err.status, message=err.message, **err.details)


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
          responses:
            200: {description: "CSV (UTF-8 with BOM) or XLSX"}
            400: {description: a malformed q or an unknown column}
            403: {description: no can_export}
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

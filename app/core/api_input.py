"""The input side of every REST resource: no request gets a 5xx (DESIGN §8).

Every request to a resource is screened before its view runs (a path id that is not an
integer, a ``?q=`` that does not parse, a body that is not a JSON object or carries NUL,
control characters, lone surrogates or non-finite numbers); errors the caller caused keep
their 4xx; foreign keys load typed. ``SafeInputApi`` is the base of ``YuelaoModelApi``
(app/core/api.py, which re-exports these names) and of any plain resource of the app.
"""
from __future__ import annotations

import copy
import json
import logging
import sys

import prison
from flask import current_app, request
from flask_appbuilder.api import ModelRestApi
from flask_appbuilder.api.convert import Model2SchemaConverter
from flask_appbuilder.const import API_FILTERS_RIS_KEY
from flask_appbuilder.exceptions import DatabaseException
from marshmallow import ValidationError
from marshmallow_sqlalchemy import SQLAlchemyAutoSchema
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from app.core.errors import Invalid, ServiceError, from_database_error
from app.core.rest_keyset import KeysetListMixin
from app.core.rest_show import ItemGetMixin
from app.core.validation import TEXT_MAX_LENGTH, validate_body
from app.extensions import db

log = logging.getLogger(__name__)
# Primary keys are positive and fit a 64-bit column; anything else names no row.
MAX_PK = 2 ** 63 - 1
MAX_QUERY_LENGTH = 4000


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


class SafeInputApi(ItemGetMixin, KeysetListMixin, ModelRestApi):
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

    def _handle_filters_args(self, rison_args):
        """FAB's, on a private copy: FAB clears and fills the resource's shared ``_filters``
        (threads of a gthread worker share it) and joins the base filters into a new
        ``Filters``, which converts the filters of every column of the model again (~60 for
        a client: a millisecond of each list request)."""
        mine = copy.copy(self._filters)
        mine.clear_filters()  # new lists on the copy; the shared object is not touched
        mine.rest_add_filters(rison_args.get(API_FILTERS_RIS_KEY, []))
        joined = copy.copy(mine)
        joined.filters = mine.filters + self._base_filters.filters
        joined.values = mine.values + self._base_filters.values
        return joined

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

"""REST lists of large tables that page by keyset: ``next`` cursors instead of deep OFFSETs.

FAB's ``GET /api/v1/<resource>/?q=(page:N)`` reads and skips N × page_size rows; at 10^6 rows
page 20,000 costs 0.4 s. ``KeysetListMixin`` (put it before ``ModelRestApi`` in an API's
bases) changes ``get_list`` of any API whose datamodel is a ``LargeTableInterface``:

- every full page answers ``next``, an opaque cursor (the last row's id in the default id
  order, else the last row's order value and id); pass it back as ``after`` in the rison ``q``
  (``q=(after:'…',page_size:25)``) or as a query argument (``?after=…``) and the next page is
  read from an index at the cost of the first: ``WHERE (column, id) < (value, id)``;
- numbered pages stop at ``keyset_max_offset`` rows: a deeper ``page`` is a 400 that names
  the cursor;
- ``count`` is the interface's count: the planner estimate when the result is large
  (``count_estimated`` says which), exact below ``COUNT_CAP``;
- orders by a column that may be NULL have no cursor (``next`` is null): their pages are
  numbered, within the cap.

Other APIs (small tables, plain interfaces) are untouched: FAB's own get_list runs.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
import urllib.parse
from decimal import Decimal, InvalidOperation

import jsonschema
import prison
from flask import current_app, request
from flask_appbuilder.api import ModelRestApi, expose, merge_response_func, safe
from flask_appbuilder.api.schemas import get_list_schema
from flask_appbuilder.const import (
    API_DESCRIPTION_COLUMNS_RIS_KEY,
    API_LABEL_COLUMNS_RIS_KEY,
    API_LIST_COLUMNS_RIS_KEY,
    API_LIST_TITLE_RIS_KEY,
    API_ORDER_COLUMNS_RIS_KEY,
    API_RESULT_RES_KEY,
    API_SELECT_COLUMNS_RIS_KEY,
    API_URI_RIS_KEY,
)
from flask_appbuilder.exceptions import (
    FABException,
    InvalidColumnArgsFABException,
    InvalidOrderByColumnFABException,
)
from flask_appbuilder.security.decorators import permission_name, protect
from sqlalchemy import tuple_

from app.core.large import LargeTableInterface
from app.core.rest_dump import dump_many

# Numbered REST pages stop here (rows skipped); deeper pages follow the cursor.
KEYSET_MAX_OFFSET = 10_000
CURSOR_ARG = "after"

# get_list's rison schema with the cursor (FAB's accepts unknown keys; this documents it).
keyset_list_schema = {
    **get_list_schema,
    "properties": {**get_list_schema["properties"], CURSOR_ARG: {"type": ["string", "integer"]}},
}


# Checked against the metaschema once, here. FAB's @rison calls jsonschema.validate, which
# checks the schema itself again on every request: 2-5 ms of a 10 ms list request.
_LIST_ARGS = jsonschema.Draft7Validator(keyset_list_schema)


def rison_args(validator):
    """FAB's @rison (rison, else JSON, in ``q``; a 400 when malformed or off-schema) with a
    validator built once."""

    def decorate(f):
        @functools.wraps(f)
        def wraps(self, *args, **kwargs):
            value = request.args.get(API_URI_RIS_KEY)
            kwargs["rison"] = {}
            if value:
                try:
                    kwargs["rison"] = prison.loads(value)
                except prison.decoder.ParserException:
                    if not current_app.config.get("FAB_API_ALLOW_JSON_QS", True):
                        return self.response_400(message="Not a valid rison argument")
                    try:
                        kwargs["rison"] = json.loads(urllib.parse.parse_qs(
                            f"{API_URI_RIS_KEY}={value}")[API_URI_RIS_KEY][0])
                    except (ValueError, KeyError, IndexError):
                        return self.response_400(message="Not a valid rison/json argument")
            error = next(iter(validator.iter_errors(kwargs["rison"])), None)
            if error is not None:
                return self.response_400(
                    message=f"Not a valid rison schema {str(error).splitlines()[0]}")
            return f(self, *args, **kwargs)

        return wraps

    return decorate


class BadCursor(ValueError):
    pass


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _typed(value, column):
    """A cursor's JSON value back as the column's Python type (dates, datetimes, decimals)."""
    try:
        kind = column.type.python_type
    except NotImplementedError:
        kind = None
    try:
        if kind is dt.datetime:
            return dt.datetime.fromisoformat(value)
        if kind is dt.date:
            return dt.date.fromisoformat(value)
        if kind is Decimal:
            return Decimal(str(value))
        if kind is int and not isinstance(value, bool):
            return int(value)
        if kind is str and isinstance(value, str):
            return value
        if kind is bool and isinstance(value, bool):
            return value
    except (TypeError, ValueError, InvalidOperation) as err:
        raise BadCursor(str(err)) from err
    raise BadCursor("cursor value of the wrong type")


def encode_cursor(row, column: str, direction: str) -> str:
    """The cursor just past ``row`` in the order (column, id) ``direction``."""
    if column == "id":
        return str(row.id)
    raw = json.dumps([column, direction, _plain(getattr(row, column)), row.id],
                     ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token, column: str, direction: str) -> tuple:
    """(value, id) from a cursor made for this order; BadCursor otherwise."""
    token = str(token).strip()
    if column == "id":
        if not token.isdigit() or int(token) < 1:
            raise BadCursor("this order's cursor is a row id")
        return None, int(token)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        col, dirn, value, pk = json.loads(raw.decode())
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as err:
        raise BadCursor("not a cursor") from err
    if col != column or dirn != direction:
        raise BadCursor("the cursor was made for another order")
    if not isinstance(pk, int) or isinstance(pk, bool) or pk < 1:
        raise BadCursor("not a cursor")
    return value, pk


def keyset_column(model, column: str):
    """The model column a cursor can follow: the id, or a column that is never NULL."""
    if column == "id":
        return model.id
    col = model.__table__.columns.get(column)
    if col is None or col.nullable:
        return None
    return getattr(model, column)


class _KeysetFilters:
    """FAB's joined filters plus the cursor's predicate. Looks like the filters alone to the
    interface's estimate cache (same key as the first page: the count is the list's, not the
    rest's)."""

    def __init__(self, inner, predicate):
        self.inner, self.predicate = inner, predicate

    @property
    def filters(self):
        return self.inner.filters if self.inner is not None else []

    @property
    def values(self):
        return self.inner.values if self.inner is not None else []

    def __bool__(self):
        return True

    def apply_all(self, query):
        query = self.inner.apply_all(query) if self.inner is not None else query
        return query.filter(self.predicate)


class KeysetListMixin:
    """Keyset paging for ``get_list`` of large tables. Bases: ``(KeysetListMixin, …Api)``."""

    keyset_max_offset = KEYSET_MAX_OFFSET

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get")
    @rison_args(_LIST_ARGS)
    @merge_response_func(ModelRestApi.merge_order_columns, API_ORDER_COLUMNS_RIS_KEY)
    @merge_response_func(ModelRestApi.merge_list_label_columns, API_LABEL_COLUMNS_RIS_KEY)
    @merge_response_func(ModelRestApi.merge_description_columns,
                         API_DESCRIPTION_COLUMNS_RIS_KEY)
    @merge_response_func(ModelRestApi.merge_list_columns, API_LIST_COLUMNS_RIS_KEY)
    @merge_response_func(ModelRestApi.merge_list_title, API_LIST_TITLE_RIS_KEY)
    def get_list(self, **kwargs):
        """A page of records: by cursor (``next`` / ``after``) on large tables
        ---
        get:
          description: >-
            A page of records. On large tables (clients, matches, follow-ups, the audit log)
            a full page answers `next`, a cursor: send it back as `after` (in `q` or as a
            query argument) for the following page, which costs what the first page costs.
            Numbered pages (`page`) stop after 10,000 rows (400). `count` is the planner's
            estimate when the result is large (`count_estimated: true`).
          parameters:
          - in: query
            name: q
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/get_list_schema'
          - in: query
            name: after
            description: the `next` cursor of the previous page (also accepted inside `q`)
            schema: {type: string}
          responses:
            200:
              description: Items from Model
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      count:
                        description: >-
                          Matching records: exact up to 10,000, else the planner's estimate
                        type: number
                      count_estimated:
                        description: true when count is the planner's estimate
                        type: boolean
                      next:
                        description: >-
                          Cursor of the following page (null on the last page, or when the
                          order column may be empty)
                        type: string
                        nullable: true
                      ids:
                        type: array
                        items: {type: string}
                      list_columns:
                        type: array
                        items: {type: string}
                      order_columns:
                        type: array
                        items: {type: string}
                      result:
                        type: array
                        items:
                          $ref: '#/components/schemas/{{self.__class__.__name__}}.get_list'  # noqa
            400:
              $ref: '#/components/responses/400'
            401:
              $ref: '#/components/responses/401'
            422:
              $ref: '#/components/responses/422'
            500:
              $ref: '#/components/responses/500'
        """
        return self.get_list_headless(**kwargs)

    def get_list_headless(self, **kwargs):
        if not isinstance(self.datamodel, LargeTableInterface):
            return super().get_list_headless(**kwargs)
        args = kwargs.get("rison") or {}
        response: dict = {}
        try:
            select_columns, pruned = self._handle_columns_args(
                args, self.list_select_columns, self.list_columns)
        except InvalidColumnArgsFABException as e:
            return self.response_400(message=str(e))
        self.set_response_key_mappings(response, self.get_list, args,
                                       **{API_SELECT_COLUMNS_RIS_KEY: pruned})
        schema = self.model2schemaconverter.convert(pruned) if pruned \
            else self.list_model_schema
        try:
            filters = self._handle_filters_args(args)
            order_column, order_direction = self._handle_order_args(args)
        except InvalidOrderByColumnFABException as e:
            return self.response_400(message=str(e))
        except FABException as e:
            return self.response_400(message=str(e))
        page, page_size = self._handle_page_args(args)
        order_column = order_column or "id"
        order_direction = "asc" if order_direction == "asc" else "desc"
        out = self._keyset_query(args, filters, order_column, order_direction, page,
                                 page_size, select_columns)
        if isinstance(out, str):
            return self.response_400(message=out)
        count, rows, estimated, next_cursor = out
        # The list schema is compiled once (app/core/rest_dump.py); a schema made for this
        # request's columns is dumped by marshmallow.
        response[API_RESULT_RES_KEY] = schema.dump(rows, many=True) if pruned \
            else dump_many(schema, rows)
        response["ids"] = self.datamodel.get_keys(rows)
        response["count"] = count
        response["count_estimated"] = estimated
        response["next"] = next_cursor
        self.pre_get_list(response)
        return self.response(200, **response)

    def _keyset_query(self, args, filters, column, direction, page, page_size, select_columns):
        """(count, rows, estimated, next) — or the message of a 400."""
        dm = self.datamodel
        key = keyset_column(dm.obj, column)
        token = args.get(CURSOR_ARG)
        if token in (None, ""):
            token = request.args.get(CURSOR_ARG) or None
        if token is not None:
            if page:
                return "Use either page or after, not both"
            if key is None or not page_size:
                return f"The list ordered by {column} has no cursor: use page"
            try:
                value, pk = decode_cursor(token, column, direction)
                bound = None if column == "id" else _typed(value, dm.obj.__table__.c[column])
            except BadCursor as err:
                return f"Invalid cursor (after): {err}"
            ids = dm.obj.id
            if column == "id":
                predicate = ids > pk if direction == "asc" else ids < pk
            else:
                pair, at = tuple_(key, ids), tuple_(bound, pk)
                predicate = pair > at if direction == "asc" else pair < at
            # The list's count first (cached estimate, or exact below the cap), then the
            # page through the interface (scope, archive, columns, eager loads, prefetch).
            count, estimated = dm.capped_count(dm.apply_filters(dm.base_query(), filters),
                                               filters)
            _, rows = dm.query(_KeysetFilters(filters, predicate), column, direction,
                               page=None, page_size=page_size, select_columns=select_columns,
                               outer_default_load=self.list_outer_default_load)
        else:
            if page and page_size and page * page_size >= self.keyset_max_offset:
                return (f"page {page} is past the first {self.keyset_max_offset} rows: "
                        f"follow the cursor instead (the response's next, sent back as "
                        f"after: ?q=(after:'<next>') or &after=<next>)")
            count, rows = dm.query(filters, column, direction, page=page, page_size=page_size,
                                   select_columns=select_columns,
                                   outer_default_load=self.list_outer_default_load)
            state = getattr(request, "yuelao_list_state", None) or {}
            estimated = bool(state.get("count_estimated"))
        full = bool(page_size) and len(rows) == page_size
        next_cursor = encode_cursor(rows[-1], column, direction) \
            if full and key is not None else None
        return count, rows, estimated, next_cursor

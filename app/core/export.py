"""Export of any list, as the user sees it, to CSV (UTF-8 with BOM) or XLSX (DESIGN §1).

One path for list pages (``<view>/export/?format=xlsx`` keeps the page's filters and sort) and
REST (``GET /api/v1/<resource>/export?format=csv&q=<rison>``). Rows come from the view's or
API's own data interface with its base filters, so the core's scope applies as on the list;
columns, labels and formatters are the list's (choices as labels, dates readable); columns the
model masks in its audit rows (``audit_masked_columns``: phone, WeChat, ID number) stay masked,
unless the request asks ``reveal=1`` and the user holds the record's reveal permission
(``can_view_contact``): then each export is also an audited ``reveal`` (403 otherwise).
Where the running profile requires consent (``Profile.consent_required_for_export``) and the
model names its consent column (``export_consent_column``), rows without consent are left out
and the export says how many. Every export is audited (format, filters, sort, row counts).

Rows stream: ``yield_per`` (a server-side cursor on PostgreSQL) feeds the CSV response batch
by batch; XLSX is written by openpyxl's write-only workbook to a temporary file, then sent.
Either way memory stays flat whatever the row count (bench/export_bench.py). A list estimated
above ``EXPORT_BACKGROUND_ROWS`` rows is exported by a background job with a progress page and
a download link instead (app/core/export_jobs.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import (
    Response,
    current_app,
    has_request_context,
    request,
    send_file,
    stream_with_context,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import text
from sqlalchemy.orm import joinedload, load_only

from app.core import audit, export_writers
from app.core.errors import Forbidden, Invalid
from app.core.rules import Rule, register
from app.extensions import db

FORMATS = ("csv", "xlsx")
PERMISSION = "can_export"
# Unmasked contacts: the permission of the record's own reveal action (app/clients).
REVEAL_PERMISSION = "can_view_contact"
BATCH = export_writers.BATCH
# One sheet holds 1,048,576 rows, the header included.
XLSX_MAX_ROWS = 1_048_575
ACTION_EXPORT = "export"
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

CONSENT_RULE = register(Rule(
    "000.export.consent", "000", "2.嚴格保密客戶信息,未經客戶同意,不得向任何第三方泄露。",
    "privacy", "app.core.export.consent_criteria"))


@dataclass
class Table:
    """What an export reads: the list's query (scope, filters, sort) and its columns."""

    resource: str
    model: type
    query: object  # an ORM Query, filtered and ordered
    columns: list[str]
    labels: list[str]
    formatters: dict = field(default_factory=dict)
    filters: list = field(default_factory=list)  # [(column, operation, value)] for the audit
    order: tuple = ("", "")
    datamodel: object = None  # a large table's eager loads join in once counted
    memo: dict = field(default_factory=dict)  # column → {value: cell}
    reveal: bool = False  # masked columns in clear (an audited reveal, check_reveal)
    rebuildable: bool = False  # a list's own export: a background job can rebuild it

    @property
    def masked_columns(self) -> set[str]:
        return set(getattr(self.model, "audit_masked_columns", ())) & set(self.columns)

    @property
    def masked(self) -> set[str]:
        return set() if self.reveal else self.masked_columns


# --- permission, format ------------------------------------------------------------------

def check_allowed(resource: str) -> None:
    """Forbidden unless the user holds can_export on the resource (anonymous never does)."""
    sm = current_app.appbuilder.sm
    user = sm.current_user
    if user is None or not getattr(user, "is_authenticated", False) or \
            not sm.has_access(PERMISSION, resource):
        raise Forbidden(str(_l("You may not export this list")))


def format_of(value: str | None) -> str:
    fmt = (value or "xlsx").strip().lower()
    if fmt not in FORMATS:
        raise Invalid(str(_l("Export format must be csv or xlsx")), field="format")
    return fmt


# --- the query -------------------------------------------------------------------------------

def list_query(datamodel, filters, order_column: str, order_direction: str, columns):
    """The list's rows, every page: the interface's own base query (live rows of large tables),
    its filters (the view's base filters joined in), its order with the id as tie-breaker."""
    if hasattr(datamodel, "base_query"):  # LargeTableInterface: only the listed columns
        query = datamodel.apply_filters(datamodel.base_query(), filters)
        query = query.options(load_only(*datamodel._load_columns(columns, order_column)))
        query = datamodel.apply_order_by(query, order_column or "id",
                                         order_direction or "desc", add_pk=True)
        return query
    query = datamodel.session.query(datamodel.obj)
    return datamodel.apply_all(query, filters, order_column, order_direction)


def describe_filters(filters) -> list:
    out = []
    for flt, value in filters.get_filters_values() if filters is not None else []:
        if isinstance(value, (list, tuple)) and len(value) == 1:
            value = value[0]  # FAB keeps a URL filter's values as a list
        out.append([flt.column_name, str(flt.name), value if isinstance(
            value, (str, int, float, bool, type(None))) else str(value)])
    return out


def consent_criteria(model):
    """The rows an export may carry under the running profile: those whose consent column
    is set when the profile requires consent (000), else None (every row)."""
    from app.profiles import profile_of

    column = getattr(model, "export_consent_column", None)
    if not column or not profile_of().consent_required_for_export:
        return None
    return getattr(model, column).is_not(None)


# --- cells (app/core/export_writers.py) ----------------------------------------------------

cell, row_values = export_writers.cell, export_writers.row_values


# --- reveal --------------------------------------------------------------------------------

def reveal_wanted() -> bool:
    """The request asks for contacts unmasked (``reveal=1``): never the default."""
    return has_request_context() and (request.args.get("reveal") or "").strip().lower() in (
        "1", "true", "yes", "on")


def may_reveal(resource: str) -> bool:
    """Who may see a record's masked contacts may export them unmasked: the permission the
    record's own reveal action asks for (``can_view_contact``)."""
    return bool(current_app.appbuilder.sm.has_access(REVEAL_PERMISSION, resource))


def check_reveal(table: Table) -> None:
    """Forbidden (403) for a reveal export by whoever may not reveal; otherwise the table
    exports its masked columns in clear."""
    if not may_reveal(table.resource):
        raise Forbidden(str(_l("You may not export contact details unmasked")))
    table.reveal = bool(table.masked)
    if table.reveal:  # the list's own formatters of those columns mask them too
        table.formatters = {c: f for c, f in table.formatters.items()
                            if c not in table.masked_columns}


def audit_reveal(session, table: Table, rows: int, fmt: str, job_id=None) -> None:
    """The audited reveal of an export: which columns, how many rows, under which filter."""
    if not table.reveal:
        return
    audit.write(session, audit.ACTION_REVEAL, table.resource, None, comment=str(
        _l("Exported %(n)s rows with contact details revealed", n=rows)), changes={
        "export": fmt, "rows": rows, "fields": sorted(table.masked_columns),
        "filters": table.filters, "order": list(table.order), "job_id": job_id})


# --- the response --------------------------------------------------------------------------------

def export(table: Table, fmt: str) -> Response:
    """Count, audit (committed before the first byte), then stream the file. A list's export
    estimated above ``EXPORT_BACKGROUND_ROWS`` rows becomes a background job instead
    (app/core/export_jobs.py): the answer is its progress page (202 on REST)."""
    from app.core import export_jobs

    session = db.session
    if reveal_wanted():
        check_reveal(table)
    query = table.query
    criteria = consent_criteria(table.model)
    if criteria is not None:
        query = query.filter(criteria)
    background = table.rebuildable and export_jobs.available()
    if background:
        estimate = export_jobs.estimate(query)
        if estimate is not None and estimate > export_jobs.threshold():
            return export_jobs.start(table, fmt, estimate)
    rows = _count(query)
    withheld = _count(table.query) - rows if criteria is not None else 0
    if background and rows > export_jobs.threshold():
        return export_jobs.start(table, fmt, rows)
    check_fits(fmt, rows)
    audit_export(session, table, fmt, rows, withheld)
    session.commit()
    getter = table_getter(table)
    if session.get_bind().dialect.name == "postgresql":
        # The whole result is read: plan for all rows (a scan and a sort), not for the first
        # ones (an index walk in random order), as a cursor would by default.
        session.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
    stream = _with_related(query, table).yield_per(BATCH)
    name = file_name(table, fmt)
    note = withheld_note(withheld)
    if fmt == "csv":
        body = stream_with_context(export_writers.csv_chunks(table, stream, getter, note))
        response = Response(body, mimetype=MIMETYPES["csv"])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = send_file(export_writers.xlsx_file(table, stream, getter, note),
                             mimetype=MIMETYPES["xlsx"], as_attachment=True,
                             download_name=name)
    response.headers["X-Export-Rows"] = str(rows)
    response.headers["X-Export-Withheld"] = str(withheld)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def check_fits(fmt: str, rows: int) -> None:
    if fmt == "xlsx" and rows > XLSX_MAX_ROWS:
        raise Invalid(str(_l("More than %(n)s rows do not fit one sheet: export CSV or "
                             "narrow the filter", n=XLSX_MAX_ROWS)), field="format")


def audit_export(session, table: Table, fmt: str, rows: int, withheld: int,
                 job_id=None) -> None:
    """One ``export`` audit row (format, filters, sort, counts), and the reveal row when the
    export carries contacts in clear. The caller commits before any row leaves."""
    changes = {"format": fmt, "rows": rows, "withheld": withheld, "filters": table.filters,
               "order": list(table.order)}
    if job_id is not None:
        changes["job_id"] = job_id
    if table.reveal:
        changes["revealed"] = sorted(table.masked_columns)
    audit.write(session, ACTION_EXPORT, table.resource, None, comment=str(
        _l("Exported %(n)s rows (%(fmt)s)", n=rows, fmt=fmt)), changes=changes)
    audit_reveal(session, table, rows, fmt, job_id)


def file_name(table: Table, fmt: str) -> str:
    return f"{table.resource}-{dt.datetime.now():%Y%m%d-%H%M}.{fmt}"


def withheld_note(withheld: int) -> str | None:
    if not withheld:
        return None
    return gettext("%(n)s rows left out: the client has not consented to sharing",
                   n=withheld)


def table_getter(table: Table):
    from app.core.interface import YuelaoInterface

    return YuelaoInterface._get_attr_value


def _count(query) -> int:
    """The rows of the query, reading only their ids."""
    from sqlalchemy import func, select

    model = query.column_descriptions[0]["entity"]
    mapper = model.__mapper__
    # Mapped attributes, not table columns: only ORM statements get the scope criteria.
    pks = [getattr(model, mapper.get_property_by_column(c).key) for c in mapper.primary_key]
    ids = query.with_entities(*pks).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(ids))


def _with_related(query, table: Table):
    """Many-to-one rows a large list shows (department, matchmaker) in the same query."""
    from app.core.large import LargeTableInterface

    datamodel, model = table.datamodel, table.model
    if not isinstance(datamodel, LargeTableInterface):
        return query
    for rel, cols in datamodel.eager_loads:
        target = getattr(model, rel).property.mapper.class_
        query = query.options(joinedload(getattr(model, rel)).load_only(
            *(getattr(target, c) for c in cols)))
    return query


# --- tables of a view and of an API ---------------------------------------------------------------

def view_table(view) -> Table:
    """The list page's rows: its filters from the URL, its sort, its columns and labels."""
    from flask_appbuilder.urltools import get_filter_args, get_order_args

    from app.core.views import _joined

    name = view.__class__.__name__
    order_column, order_direction = get_order_args().get(name) or ("", "")
    if not order_column and view.base_order:
        order_column, order_direction = view.base_order
    get_filter_args(view._filters)
    filters = _joined(view._filters, view._base_filters)
    columns = list(view.list_columns)
    labels = [str(view.label_columns.get(c, c)) for c in columns]
    return Table(resource=view.class_permission_name, model=view.datamodel.obj,
                 query=list_query(view.datamodel, filters, order_column, order_direction,
                                  columns),
                 columns=columns, labels=labels,
                 formatters=dict(view.formatters_columns or {}),
                 filters=describe_filters(view._filters),
                 order=(order_column, order_direction), datamodel=view.datamodel,
                 rebuildable=True)


def api_table(api, args: dict) -> Table:
    """The REST list's rows for the rison ``q`` (filters, order_column, order_direction)."""
    joined = api._handle_filters_args(args)
    order_column, order_direction = api._handle_order_args(args)
    columns = list(api.list_columns)
    view = _view_of(api.class_permission_name)
    formatters = dict(getattr(view, "formatters_columns", None) or {}) if view else {}
    labels = {**(getattr(view, "label_columns", None) or {}), **(api.label_columns or {})}
    return Table(resource=api.class_permission_name, model=api.datamodel.obj,
                 query=list_query(api.datamodel, joined, order_column, order_direction,
                                  columns),
                 columns=columns, labels=[str(labels.get(c, c)) for c in columns],
                 formatters={c: f for c, f in formatters.items() if c in columns},
                 filters=describe_filters(api._filters), order=(order_column, order_direction),
                 datamodel=api.datamodel, rebuildable=True)


def _view_of(resource: str):
    """The list page of the same resource (its formatters turn codes into labels)."""
    from flask_appbuilder import ModelView

    for view in current_app.appbuilder.baseviews:
        if isinstance(view, ModelView) and view.class_permission_name == resource:
            return view
    return None


"""Import from XLSX / CSV with a per-row preview, all or nothing (DESIGN §1).

A module declares what it imports in ``app/<module>/imports.py`` (``SPECS``: one ImportSpec
per resource: columns with their Chinese labels, the natural key, how a label maps to a code
or a foreign key), named by ``Module.imports``. ``run`` reads the file (openpyxl / csv,
app/core/import_files.py), converts each cell, finds an existing row by the natural key
within the user's scope (found: update, else create) and passes every row through the same
checks as the forms (``prepare_save``: validation, write scope, the model's own rules), each
row in its own savepoint inside one outer savepoint. A dry run, or any row in error, rolls
everything back; otherwise the rows are kept, one ``import_batch`` row lists the records
written and an ``import`` audit row points at the batch (the rows' own insert / update audit
rows are written as for any change). The caller commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app, has_request_context
from flask_appbuilder import Model
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, select
from sqlalchemy.exc import SQLAlchemyError

from app.core import audit
from app.core.errors import Invalid, ServiceError, from_database_error
from app.core.models import utcnow
from app.extensions import db

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
ACTION_IMPORT = "import"
LOCALES = ("zh", "zh_Hant_TW", "en")
_TRUE = {"是", "yes", "y", "true", "1", "√", "✓"}
_FALSE = {"否", "no", "n", "false", "0", "×"}


class ImportBatch(Model):
    """One import: who, which file, how many rows, which records (``record_ids``)."""

    __tablename__ = "import_batch"
    __table_args__ = (Index("ix_import_batch_resource_id", "resource", "id"),)

    id = Column(Integer, primary_key=True)
    resource = Column(String(64), nullable=False)
    user_id = Column(Integer, ForeignKey("ab_user.id"), nullable=True, index=True)
    user_name = Column(String(256), nullable=True)
    file_name = Column(String(255), nullable=False)
    total = Column(Integer, nullable=False)
    created = Column(Integer, nullable=False)
    updated = Column(Integer, nullable=False)
    record_ids = Column(JSON, nullable=True)  # {"create": [ids], "update": [ids]}
    created_at = Column(DateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"{self.resource} {self.file_name}"


@dataclass(frozen=True)
class Col:
    """One column of the sheet. ``kind``: text, int, decimal, date, bool, choice, ref, list.
    ``choices``: {code: label} (a cell may hold either). ``ref``: (model, lookup attribute)
    — a name or code resolved to the related row's id, within the user's scope."""

    key: str
    label: Any
    kind: str = "text"
    required: bool = False
    choices: dict | None = None
    ref: tuple | None = None
    example: str = ""


@dataclass(frozen=True)
class ImportSpec:
    resource: str
    model: str  # "pkg.mod:Model"
    label: Any
    columns: tuple[Col, ...]
    key: tuple[str, ...]  # natural key: these columns find the existing row
    # prepare(item, is_new): defaults and module rules before the common checks.
    prepare: Any = None
    # complete(data): fills key columns from others (a budget from year and department);
    # raises Invalid(field=...) for the row.
    complete: Any = None
    defaults: dict = field(default_factory=dict)

    @property
    def model_class(self):
        from app.core.modules import resolve

        return resolve(self.model)

    def labels(self) -> dict[str, str]:
        return {c.key: str(c.label) for c in self.columns}


# --- which resources import ----------------------------------------------------------------------

def specs() -> dict[str, ImportSpec]:
    """{resource: spec} of the installed modules."""
    from app.core.modules import installed_modules, resolve

    out: dict[str, ImportSpec] = {}
    for module in installed_modules():
        ref = getattr(module, "imports", None)
        if ref:
            found = resolve(ref)
            for spec in (found if isinstance(found, (list, tuple)) else [found]):
                out[spec.resource] = spec
    return out


def spec_for(resource: str) -> ImportSpec | None:
    return specs().get(resource)


# --- one cell -----------------------------------------------------------------------------

def convert(col: Col, raw):
    """The cell's value for the model; raises ValueError with the reason."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = raw.strip() if isinstance(raw, str) else raw
    if col.kind == "text":
        return str(int(text)) if isinstance(text, float) and text.is_integer() else str(text)
    if col.kind == "int":
        try:
            number = Decimal(str(text))
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(str(_l("must be a whole number")))
        return int(number)
    if col.kind == "decimal":
        try:
            number = Decimal(str(text).replace(",", ""))
        except InvalidOperation:
            raise ValueError(str(_l("must be a number"))) from None
        if not number.is_finite():
            raise ValueError(str(_l("must be a number")))
        return number
    if col.kind == "date":
        return _date(text)
    if col.kind == "bool":
        word = str(text).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError(str(_l("must be 是 or 否")))
    if col.kind == "choice":
        return _choice(col, str(text))
    if col.kind == "list":
        parts = str(text).replace("，", ",").replace("、", ",").split(",")
        return [p.strip() for p in parts if p.strip()]
    if col.kind == "ref":
        return _ref(col, str(text))
    return text


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 8 else None
    except ValueError:
        pass
    raise ValueError(str(_l("must be a date (YYYY-MM-DD)")))


def _choice(col: Col, text: str):
    if text in col.choices:
        return text
    for code, label in col.choices.items():
        for locale in LOCALES if has_request_context() else ():
            with force_locale(locale):
                if str(label) == text:
                    return code
    allowed = "、".join(str(v) for v in col.choices.values())
    raise ValueError(str(_l("is not one of: %(c)s", c=allowed)))


def _ref(col: Col, text: str) -> int:
    from app.core.modules import resolve

    model, attr, *rest = col.ref
    model = resolve(model) if isinstance(model, str) else model
    target = getattr(model, rest[0] if rest else "id")
    for lookup in dict.fromkeys((attr, "code", "name")):
        if hasattr(model, lookup):
            found = list(db.session.scalars(
                select(target).where(getattr(model, lookup) == text).limit(2)))
            if len(found) == 1:
                return found[0]
    raise ValueError(str(_l("no such record within your data scope")))


# --- the rows -----------------------------------------------------------------------------

def run(spec: ImportSpec, filename: str, data: bytes, *, dry_run: bool,
        show_progress: bool = False) -> dict:
    """``{"rows": [{"row", "action", "errors", "key"}], "counts", "batch_id"}``. Nothing is
    written on a dry run; a run with any row in error raises Invalid (422) carrying the same
    preview and writes nothing. The caller commits a real run."""
    from app.core.import_files import match_headers, read_file

    headers, rows = read_file(filename, data)
    cols = match_headers(spec, headers)
    model = spec.model_class
    session = db.session
    outer = session.begin_nested()
    preview, written, seen = [], {"create": [], "update": []}, {}
    try:
        for n, values in enumerate(_progress(rows, spec, show_progress), start=2):
            entry = _one_row(spec, model, cols, values, n, seen)
            preview.append(entry)
            if entry["action"] != "error":
                written[entry["action"]].append(entry.pop("_id"))
    except BaseException:
        outer.rollback()
        raise
    errors = sum(1 for e in preview if e["action"] == "error")
    counts = {"total": len(preview), "create": len(written["create"]),
              "update": len(written["update"]), "error": errors}
    result = {"rows": preview, "counts": counts, "batch_id": None}
    if dry_run or errors:
        outer.rollback()
        if errors and not dry_run:
            raise Invalid(str(_l("Nothing was imported: %(n)s rows have errors", n=errors)),
                          **result)
        return result
    outer.commit()
    result["batch_id"] = _record_batch(spec, filename, counts, written)
    return result


def _progress(rows, spec, show: bool):
    """A progress bar on the terminal of a CLI import (app/core/progress.py)."""
    if not show:
        return rows
    from app.core.progress import track

    return track(rows, len(rows), str(spec.label))


def _one_row(spec, model, cols, values, n, seen) -> dict:
    labels = spec.labels()
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    for col, raw in zip(cols, values, strict=False):
        if col is None:
            continue
        try:
            data[col.key] = convert(col, raw)
        except ValueError as err:
            errors[str(col.label)] = str(err)
    if not errors and spec.complete is not None:
        try:
            _resolve(spec.complete)(data)
        except ServiceError as err:
            errors[labels.get(err.details.get("field"), str(_l("Row")))] = err.message
    key = tuple(data.get(k) for k in spec.key)
    entry = {"row": n, "action": "error", "errors": errors,
             "key": " / ".join("" if k is None else str(k) for k in key)}
    if errors:
        return entry
    item, is_new = None, True
    if key and key[0] is not None:
        if key in seen:
            errors[labels[spec.key[0]]] = str(_l("repeats row %(n)s", n=seen[key]))
            return entry
        seen[key] = n
        item = _existing(model, spec, key)
        if item is False:
            errors[labels[spec.key[0]]] = str(_l("already exists outside your data scope"))
            return entry
        is_new = item is None
    for col in spec.columns:
        if is_new and col.required and data.get(col.key) is None:
            errors[str(col.label)] = str(_l("is required"))
    if errors:
        return entry
    savepoint = db.session.begin_nested()
    try:
        if is_new:
            item = model(**{k: v for k, v in spec.defaults.items()})
        for k, v in data.items():
            if v is not None and hasattr(model, k):
                setattr(item, k, v)
        if is_new:
            db.session.add(item)
        if spec.prepare is not None:
            _resolve(spec.prepare)(item, is_new)
        from app.core.interface import prepare_save

        user = current_app.appbuilder.sm.current_user if has_request_context() else None
        prepare_save(item, is_new=is_new, user=user, labels=labels)
        db.session.flush()
    except ServiceError as err:
        savepoint.rollback()
        errors[labels.get(err.details.get("field"), str(_l("Row")))] = err.message
        return entry
    except SQLAlchemyError as err:
        savepoint.rollback()
        refusal = from_database_error(err)
        errors[labels.get(refusal.details.get("field"), str(_l("Row")))] = refusal.message
        return entry
    savepoint.commit()
    entry["action"] = "create" if is_new else "update"
    entry["_id"] = item.id
    return entry


def _resolve(ref):
    from app.core.modules import resolve

    return resolve(ref) if isinstance(ref, str) else ref


def _existing(model, spec, key):
    """The row with this natural key in the user's scope; None when there is none; False
    when one exists that the user may not see (it cannot be updated, nor created again)."""
    from app.core.scope import unscoped

    where = [getattr(model, k).is_(None) if v is None else getattr(model, k) == v
             for k, v in zip(spec.key, key, strict=True)]
    found = db.session.scalar(select(model).where(*where).limit(1))
    if found is not None:
        return found
    with unscoped():
        hidden = db.session.execute(select(model.id).where(*where).limit(1)
                                    .execution_options(include_archived=True)).first()
    return False if hidden is not None else None


def _record_batch(spec, filename, counts, written) -> int:
    user_id, user_name, _ip = audit.actor()
    batch = ImportBatch(resource=spec.resource, user_id=user_id, user_name=user_name,
                        file_name=(filename or "")[:255], total=counts["total"],
                        created=counts["create"], updated=counts["update"], record_ids=written)
    db.session.add(batch)
    db.session.flush()
    audit.write(db.session, ACTION_IMPORT, spec.resource, batch.id, changes={
        "batch_id": batch.id, "file": batch.file_name, **counts},
        comment=str(_l("Import batch %(id)s: %(c)s created, %(u)s updated", id=batch.id,
                       c=counts["create"], u=counts["update"])))
    return batch.id

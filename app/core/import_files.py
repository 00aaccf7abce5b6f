"""Reading an import file (app/core/importer.py): XLSX through openpyxl, CSV through the csv
module (UTF-8, with or without BOM; GB18030 as Excel saves it in China), its headers matched to
the spec's columns by label in any language or by key. Anything else is a clear 422."""
from __future__ import annotations

import csv
import io

from flask import has_request_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.core.errors import Invalid
from app.core.importer import LOCALES, MAX_BYTES, MAX_ROWS, Col, ImportSpec


def read_file(filename: str, data: bytes) -> tuple[list[str], list[list]]:
    """(headers, rows) of the first sheet; Invalid for anything that is not a readable XLSX or
    CSV of reasonable size."""
    name = (filename or "").lower()
    if not data:
        raise Invalid(str(_l("The file is empty")), field="file")
    if len(data) > MAX_BYTES:
        raise Invalid(str(_l("The file is larger than %(n)s MB", n=MAX_BYTES // 2 ** 20)),
                      field="file")
    if name.endswith(".xlsx") and data[:2] == b"PK":
        rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise Invalid(str(_l("Upload an Excel (.xlsx) or CSV file")), field="file")
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise Invalid(str(_l("The file is empty")), field="file")
    if len(rows) - 1 > MAX_ROWS:
        raise Invalid(str(_l("At most %(n)s rows per import", n=MAX_ROWS)), field="file")
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    return headers, rows[1:]


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = []
        for row in ws.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        wb.close()
        return rows
    except Exception:  # noqa: BLE001  any parser failure: the file is not a workbook
        raise Invalid(str(_l("The file is not a readable Excel workbook")), field="file") \
            from None


def _csv_rows(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid(str(_l("The CSV file is not UTF-8 text")), field="file")
    if "\x00" in text:
        raise Invalid(str(_l("The CSV file is not UTF-8 text")), field="file")
    try:
        return [row for _, row in zip(range(MAX_ROWS + 2), csv.reader(io.StringIO(text)),
                                                  strict=False)]
    except csv.Error:
        raise Invalid(str(_l("The CSV file cannot be read")), field="file") from None


def _names(col: Col) -> set[str]:
    names = {col.key.lower(), str(col.label).strip().lower()}
    if has_request_context():
        for locale in LOCALES:
            with force_locale(locale):
                names.add(str(col.label).strip().lower())
    return names


def match_headers(spec: ImportSpec, headers: list[str]) -> list[Col | None]:
    """Each header's column (by its label in any language, or its key); Invalid naming the
    missing and unknown headers."""
    lookup = {n: c for c in spec.columns for n in _names(c)}
    cols = [lookup.get(h.lower()) if h else None for h in headers]
    unknown = [h for h, c in zip(headers, cols, strict=True) if h and c is None]
    found = {c.key for c in cols if c is not None}
    missing = [str(c.label) for c in spec.columns if c.required and c.key not in found]
    if unknown or missing or not found:
        parts = []
        if missing:
            parts.append(str(_l("missing columns: %(c)s", c="、".join(missing))))
        if unknown:
            parts.append(str(_l("unknown columns: %(c)s", c="、".join(unknown))))
        raise Invalid(str(_l("The headers do not match the template (%(p)s)",
                             p="; ".join(parts) or "-")), field="file",
                      missing=missing, unknown=unknown)
    return cols



"""The cells and files of an export (app/core/export.py, app/core/export_jobs.py).

A cell is what the list shows (labels, readable dates, numbers a spreadsheet keeps), masked
columns masked unless the export reveals them, formula-like text defused. CSV is UTF-8 with a
BOM (Excel opens Chinese correctly), written in chunks; XLSX by openpyxl's write-only workbook,
rows going to disk as they come. Either way memory stays flat whatever the row count.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import enum
import io
import tempfile

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.core import audit

BATCH = 2000
MEMO_SIZE = 2048
# Cells a spreadsheet would run as a formula (CSV / formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MISSING = object()


def cell(value):
    """A value as the list shows it, as text or a number a spreadsheet keeps."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value.striptags()
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    return defuse(str(value))


def defuse(text: str) -> str:
    """A text a spreadsheet would read as a formula gets a leading apostrophe."""
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def row_values(table, item, getter) -> list:
    """One row's cells. Formatters are pure functions of the value (as the list widget
    assumes): each column remembers its first MEMO_SIZE distinct values."""
    out = []
    masked = table.masked
    memo = table.memo
    for col in table.columns:
        value = getter(item, col)
        seen = memo.setdefault(col, {})
        try:
            done = seen.get(value, _MISSING)
        except TypeError:  # unhashable (a list)
            done, seen = _MISSING, None
        if done is _MISSING:
            done = value
            formatter = table.formatters.get(col)
            if formatter is not None:
                done = formatter(done)
            if col in masked and done not in (None, ""):
                done = audit.mask(str(done))
            done = cell(done)
            if seen is not None and len(seen) < MEMO_SIZE:
                seen[value] = done
        out.append(done)
    return out


def csv_chunks(table, rows, getter, note):
    """The CSV as UTF-8 byte chunks of about BATCH rows, BOM first, the note last."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    buf.write("\ufeff")
    writer.writerow(table.labels)
    n = 0
    for item in rows:
        writer.writerow(row_values(table, item, getter))
        n += 1
        if n % BATCH == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    if note:
        writer.writerow([note])
    yield buf.getvalue().encode("utf-8")


def write_xlsx(table, rows, getter, note, target) -> None:
    """The workbook written to ``target`` (a path or an open binary file)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(_l("Export"))[:31] or "Export")
    ws.append(table.labels)
    for item in rows:
        ws.append(row_values(table, item, getter))
    if note:
        info = wb.create_sheet(title=str(_l("Notes"))[:31] or "Notes")
        info.append([note])
    wb.save(target)


def xlsx_file(table, rows, getter, note):
    """The workbook in a temporary file, unlinked at once and read through its handle."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(table, rows, getter, note, handle)
    handle.seek(0)
    return handle

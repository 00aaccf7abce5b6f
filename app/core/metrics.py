"""Metrics registry: per-employee figures computed from the agency's own records.

A module registers each metric once (code, label, unit, a set-based ``compute`` and the rule
clause it comes from); appraisals (KPI indicators with ``source = <metric code>``) ask for the
values of every employee of a cycle in one grouped query per metric, never one per employee.
Each metric can also list the records behind one employee's value (the drill-down).

    compute(employee_ids, start, end) -> {employee_id: Decimal | None}
    records(employee_id, start, end, limit) -> [{"resource", "id", "label", "endpoint"}]

``start`` and ``end`` are dates, both inclusive. ``None`` means "nothing to measure" (a rate
with an empty denominator); employees with no rows get the metric's ``empty`` value.
Values are computed unscoped: a KPI counts everything an employee did, whoever asks.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from app.core.errors import Invalid

UNITS = ("count", "percent", "rating", "score")

Compute = Callable[[list[int], dt.date, dt.date], dict[int, Any]]
Records = Callable[[int, dt.date, dt.date, int], list[dict]]


@dataclass(frozen=True)
class Metric:
    code: str
    label: Any
    unit: str
    compute: Compute
    rule: str | None = None
    records: Records | None = None
    # Value of an employee with no rows: 0 for counts, None (not measurable) for rates.
    empty: Decimal | None = Decimal(0)
    higher_is_better: bool = True

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"metric {self.code}: unit must be one of {UNITS}")


METRICS: dict[str, Metric] = {}


def register_metric(code_or_metric, label=None, unit: str = "count", compute=None, rule=None,
                    **kw) -> Metric:
    """Register a Metric (or build one from the arguments); registering again replaces it."""
    metric = code_or_metric if isinstance(code_or_metric, Metric) else Metric(
        code_or_metric, label, unit, compute, rule, **kw)
    METRICS[metric.code] = metric
    return metric


def get(code: str) -> Metric:
    try:
        return METRICS[code]
    except KeyError:
        raise Invalid(str(_l("Unknown metric: %(code)s", code=code)), field="source") from None


def choices() -> list[tuple[str, str]]:
    return sorted((m.code, str(m.label)) for m in METRICS.values())


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00): the datetimes of an inclusive date range."""
    if end < start:
        raise Invalid(str(_l("The end date must not be before the start date")), field="end")
    return (dt.datetime.combine(start, dt.time.min),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))


def quantize(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def ratio(numerator, denominator, scale: int = 100) -> Decimal | None:
    """numerator ÷ denominator × scale, or None when there is nothing to divide by."""
    if not denominator:
        return None
    return quantize(Decimal(int(numerator or 0)) * scale / Decimal(int(denominator)))


def compute(code: str, employee_ids: Iterable[int], start: dt.date, end: dt.date
            ) -> dict[int, Decimal | None]:
    """{employee_id: value} for every id asked for, in one grouped query (unscoped)."""
    from app.core.scope import unscoped

    metric = get(code)
    ids = sorted({int(i) for i in employee_ids})
    if not ids:
        return {}
    period_bounds(start, end)
    with unscoped():
        found = metric.compute(ids, start, end) or {}
    return {i: quantize(found[i]) if found.get(i) is not None else metric.empty for i in ids}


def records(code: str, employee_id: int, start: dt.date, end: dt.date, limit: int = 50
            ) -> list[dict]:
    """The records behind one employee's value: [{"resource", "id", "label", "endpoint"}]."""
    from app.core.scope import unscoped

    metric = get(code)
    if metric.records is None:
        return []
    with unscoped():
        return list(metric.records(int(employee_id), start, end, int(limit)))


def record(resource: str, pk, label: str, endpoint: str | None) -> dict:
    """One drill-down row; ``endpoint`` is a view's show endpoint (url_for(endpoint, pk=id))."""
    return {"resource": resource, "id": pk, "label": label, "endpoint": endpoint}

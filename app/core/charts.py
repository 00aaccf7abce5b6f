"""Chart specs for the shared Chart.js macro (app/templates/yuelao/_chart.html).

Views build a plain dict here and the template draws it; each bar may link to the list
behind its number, so a chart is a way into the records, never a dead picture.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def chart_spec(
    labels: Sequence[str],
    datasets: Iterable[tuple[str, Sequence]],
    *,
    kind: str = "bar",
    links: Sequence[str | None] | None = None,
    stacked: bool = False,
    horizontal: bool = False,
) -> dict:
    """`datasets` is (label, values) pairs aligned with `labels`; `links` one URL per label."""
    return {
        "type": kind,
        "labels": [str(label) for label in labels],
        "datasets": [
            {"label": str(name), "data": [_plain(v) for v in values]} for name, values in datasets
        ],
        "links": list(links) if links else [],
        "stacked": stacked,
        "horizontal": horizontal,
    }

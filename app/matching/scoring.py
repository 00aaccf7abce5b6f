"""The pair's score and reasons come from the clients module's candidate scoring."""
from __future__ import annotations

import datetime as dt

from app.clients.public import score


def score_pair(client, candidate) -> tuple[float, list[str]]:
    points, reasons = score(client, candidate, dt.date.today())
    return float(points), [str(r) for r in reasons]

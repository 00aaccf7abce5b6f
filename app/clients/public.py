"""What other modules may use of the clients module: its records' lifecycle as the match
flow moves them, the candidate score, the exclusion hook of the candidate search, the client
picker for forms. Everything else in app/clients is internal."""
from __future__ import annotations

from collections.abc import Callable

from app.clients.candidates import EXCLUSION_PROVIDERS, score
from app.clients.picker import ClientPickerField
from app.clients.services import mark_matched, unmark_matched

__all__ = ["ClientPickerField", "add_candidate_exclusion", "mark_matched", "score",
           "unmark_matched"]


def add_candidate_exclusion(provider: Callable[[int], set[int]]) -> None:
    """Let another module exclude candidates of a client (e.g. pairs already proposed)."""
    if provider not in EXCLUSION_PROVIDERS:
        EXCLUSION_PROVIDERS.append(provider)


def demo_client_nos() -> list[str]:
    """The demo set's client numbers (app/clients/seed.py): other modules' demo seeds find
    its clients by this unique key."""
    from app.clients.seed import demo_client_nos as numbers

    return numbers()

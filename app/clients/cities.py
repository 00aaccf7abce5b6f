"""Cities a client lives in or prefers, chosen from a list (app/clients/data/cities.txt).

The list is Simplified (the UI's default script); a value stored in Traditional (广州 /
廣州) is the same city (app.core.scripts folds both).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from app.core.scripts import fold

CITY_FILE = Path(__file__).with_name("data") / "cities.txt"


@lru_cache(maxsize=1)
def cities() -> tuple[str, ...]:
    lines = CITY_FILE.read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return tuple(dict.fromkeys(names))


def listed(value: str | None) -> str | None:
    """The listed spelling of ``value`` in either script, or None when not listed."""
    folded = fold(value)
    for name in cities():
        if fold(name) == folded:
            return name
    return None


def choices(current=None) -> list[tuple[str, str]]:
    """(value, label) for a select; a stored value off the list stays selectable."""
    out = [(c, c) for c in cities()]
    extra = current if isinstance(current, (list, tuple)) else [current]
    for value in extra:
        if value and listed(value) is None and (value, value) not in out:
            out.append((value, value))
    return out

"""Progress of long CLI work (seed, import, depreciation posting, cycle opening).

One helper for every loop: ``with progress(total, "導入客戶") as bar: ... bar.update(n)``.
A tqdm bar (counts, rate, time left) on an interactive terminal; silent when the output is
piped or logged, under CI (``CI`` set) or when ``YUELAO_PROGRESS=0``.
"""
from __future__ import annotations

import os
import sys

from tqdm import tqdm


def quiet() -> bool:
    """No bar: not a terminal, under CI, or switched off."""
    if os.environ.get("CI") or os.environ.get("YUELAO_PROGRESS") == "0":
        return True
    return not sys.stderr.isatty()


def progress(total: int | None, desc: str, unit: str = "rows", *, enabled: bool = True):
    """A tqdm bar over ``total`` units (None: unknown), on stderr; a no-op when quiet or not
    ``enabled`` (e.g. the same loop run by a web request: no bar on the server's stderr)."""
    # 1.2M rows reads better than 1200000; 17 employees better than 17.0.
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=total is None or total >= 10_000,
                disable=quiet() or not enabled, file=sys.stderr, dynamic_ncols=True)


def track(iterable, total: int | None = None, desc: str = "", unit: str = "rows", *,
          enabled: bool = True):
    """``for row in track(rows, len(rows), "折舊過賬"):`` — the bar advances per item."""
    with progress(total, desc, unit, enabled=enabled) as bar:
        for item in iterable:
            yield item
            bar.update(1)

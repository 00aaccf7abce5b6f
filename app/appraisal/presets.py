"""Appraisal cycle presets per industry profile (module-side profile data).

Which periods a profile's rule book runs (000 / 002: 月度考核和年度考核; 004: 月度考核、季度考核
和年度考核), how results are published (000 公示 to the company; 002 反饋給員工本人) and the
公示 window. ``validate_period`` refuses a cycle whose period the running profile's book does
not run; ``preset_cycle`` gives the name and dates of the last complete period (the CLI
``appraisal new`` creates it as a draft for HR to open).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.core.errors import Invalid
from app.core.rules import cite


@dataclass(frozen=True)
class Preset:
    periods: tuple[str, ...]
    publicity: str = "company"
    publish_days: int = 3


PRESETS: dict[str, Preset] = {
    "matchmaking": Preset(("monthly", "annual"), "company", 3),
    "postpartum": Preset(("monthly", "annual"), "private", 3),
    "realestate": Preset(("monthly", "annual"), "company", 3),
    "agency": Preset(("monthly", "quarterly", "annual"), "company", 5),
}
DEFAULT = Preset(("monthly", "quarterly", "annual"))


def preset(profile_name: str | None = None) -> Preset:
    if profile_name is None:
        from app.profiles import profile_of

        profile_name = profile_of().name
    return PRESETS.get(profile_name, DEFAULT)


def validate_period(period: str, profile_name: str | None = None) -> None:
    """Invalid unless the profile's book runs cycles of this period."""
    allowed = preset(profile_name).periods
    if period not in allowed:
        from app.appraisal.views import PERIOD_LABELS

        names = "、".join(str(PERIOD_LABELS[p]) for p in allowed)
        code = "004.appraisal.periods" if period == "quarterly" else ""
        raise Invalid(f"{_l('This profile runs these appraisal cycles: %(p)s', p=names)} "
                      f"{cite(code) if code else ''}".strip(), field="period")


def period_bounds(period: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last complete month, quarter or year before ``today``."""
    today = today or dt.date.today()
    if period == "monthly":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if period == "quarterly":
        first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = first - dt.timedelta(days=1)
        return dt.date(end.year, end.month - 2, 1), end
    if period == "annual":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    raise Invalid(str(_l("Choose a value from the list")), field="period")


def cycle_name(period: str, start: dt.date) -> str:
    if period == "monthly":
        return f"{start.year}年{start.month}月考核"
    if period == "quarterly":
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度考核"
    return f"{start.year}年度考核"


def preset_cycle(period: str, today: dt.date | None = None,
                 profile_name: str | None = None) -> dict:
    """The fields of the profile's cycle for the last complete period (a draft)."""
    validate_period(period, profile_name)
    p = preset(profile_name)
    start, end = period_bounds(period, today)
    return {"name": cycle_name(period, start), "period": period, "start_date": start,
            "end_date": end, "publicity": p.publicity, "publish_days": p.publish_days,
            "status": "draft"}

"""客戶關懷 (rule book 000 客戶溝通與關懷): birthdays and festivals coming up, for greetings."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db

# Festivals on fixed Gregorian dates (month, day).
FIXED_FESTIVALS = [
    ((1, 1), _l("New Year's Day (元旦)")),
    ((2, 14), _l("Valentine's Day (情人節)")),
    ((3, 8), _l("Women's Day (婦女節)")),
    ((5, 20), _l("520 Day of Love (520)")),
    ((12, 25), _l("Christmas (聖誕節)")),
]
# Lunar festivals fall on different Gregorian dates each year (no lunar library offline):
# 春節 (1/1), 元宵 (1/15), 七夕 (7/7), 中秋 (8/15) — extend the table for later years.
LUNAR_FESTIVALS = {
    _l("Spring Festival (春節)"): ["2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26",
                                  "2029-02-13", "2030-02-03"],
    _l("Lantern Festival (元宵)"): ["2025-02-12", "2026-03-03", "2027-02-20", "2028-02-09",
                                   "2029-02-27", "2030-02-17"],
    _l("Qixi, Chinese Valentine's Day (七夕)"): ["2025-08-29", "2026-08-19", "2027-08-08",
                                                "2028-08-26", "2029-08-16", "2030-08-05"],
    _l("Mid-Autumn Festival (中秋)"): ["2025-10-06", "2026-09-25", "2027-09-15",
                                      "2028-10-03", "2029-09-22", "2030-09-12"],
}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def festivals_between(start: dt.date, days: int) -> list[dict]:
    """Festivals in [start, start + days], soonest first."""
    end = start + dt.timedelta(days=days)
    found = []
    for year in range(start.year, end.year + 1):
        for (m, d), name in FIXED_FESTIVALS:
            found.append((dt.date(year, m, d), name))
        found.append((_nth_weekday(year, 5, 6, 2), _l("Mother's Day (母親節)")))
        found.append((_nth_weekday(year, 6, 6, 3), _l("Father's Day (父親節)")))
    for name, dates in LUNAR_FESTIVALS.items():
        found.extend((dt.date.fromisoformat(d), name) for d in dates)
    return [{"date": day, "name": name, "in_days": (day - start).days}
            for day, name in sorted(found, key=lambda x: x[0]) if start <= day <= end]


def _month_day(col):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(col, "MM-DD")
    return func.strftime("%m-%d", col)


def upcoming_birthdays(today: dt.date, days: int = 14, limit: int = 200) -> list[dict]:
    """Clients (in the user's scope) whose birthday falls in [today, today + days]."""
    from app.clients.models import Client

    days = max(0, min(int(days), 366))
    wanted: dict[str, int] = {}
    for i in range(days + 1):
        day = today + dt.timedelta(days=i)
        wanted.setdefault(f"{day:%m-%d}", i)
        if day.month == 2 and day.day == 28 and (day + dt.timedelta(days=1)).month == 3:
            wanted.setdefault("02-29", i)  # 29 February birthdays are kept on the 28th
    md = _month_day(Client.birth_date)
    rows = db.session.execute(
        select(Client.id, Client.name, Client.birth_date, Client.department_id)
        .where(md.in_(sorted(wanted)))
        .limit(5000)
    ).all()
    out = []
    for cid, name, birth, dept in rows:
        in_days = wanted[f"{birth:%m-%d}"]
        next_day = today + dt.timedelta(days=in_days)
        out.append({"client_id": cid, "name": name, "birth_date": birth,
                    "date": next_day, "in_days": in_days,
                    "age": next_day.year - birth.year, "department_id": dept})
    out.sort(key=lambda r: (r["in_days"], r["name"]))
    return out[:limit]

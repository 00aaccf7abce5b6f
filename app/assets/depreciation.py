"""Depreciation schedules exact to the cent (rule book 002: 按照財務制度處理).

Pure functions on Decimal. Chinese practice: depreciation starts the month after the asset
enters service and stops after the month it leaves (當月減少，當月照提，次月停提); no partial
months. Each method defines the exact (rational) accumulated depreciation after ``k`` months,
``C(k)``, with ``C(life) = cost − salvage``; a month's amount is ``round(C(k)) − round(C(k−1))``
so the rounding is carried and the whole schedule sums exactly to cost − salvage, and the book
value (cost − rounded accumulation) never falls below salvage.

Methods:
- ``straight_line`` (年限平均法): C(k) = B·k/n.
- ``sum_of_years`` (年數總和法): year j of Y carries B·(Y−j+1)/(Y(Y+1)/2), spread evenly
  over its twelve months.
- ``double_declining`` (雙倍餘額遞減法): each year 2/Y of the opening book value (salvage not
  deducted), never below salvage; the last two years write off what is left above salvage in
  equal halves (switch to straight line).
The accelerated methods work in whole years: their useful life must be a multiple of 12 months.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

STRAIGHT_LINE = "straight_line"
DOUBLE_DECLINING = "double_declining"
SUM_OF_YEARS = "sum_of_years"
METHODS = (STRAIGHT_LINE, DOUBLE_DECLINING, SUM_OF_YEARS)
WHOLE_YEAR_METHODS = (DOUBLE_DECLINING, SUM_OF_YEARS)
CENT = Decimal("0.01")
MAX_LIFE_MONTHS = 1200


@dataclass(frozen=True)
class Row:
    month: dt.date  # first day of the month depreciated
    amount: Decimal
    accumulated: Decimal
    book_value: Decimal

    def as_json(self) -> dict:
        return {"month": f"{self.month:%Y-%m}", "amount": f"{self.amount:.2f}",
                "accumulated": f"{self.accumulated:.2f}", "book_value": f"{self.book_value:.2f}"}


def _cents(value) -> int:
    d = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return int(d * 100)


def add_months(month: dt.date, n: int) -> dt.date:
    total = month.year * 12 + (month.month - 1) + n
    return dt.date(total // 12, total % 12 + 1, 1)


def month_start(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole months from month of ``a`` to month of ``b``."""
    return (b.year - a.year) * 12 + (b.month - a.month)


def check(cost, salvage, life_months: int, method: str) -> str | None:
    """Why these parameters cannot make a schedule (None when they can)."""
    if method not in METHODS:
        return "method"
    if life_months is None or int(life_months) <= 0 or int(life_months) > MAX_LIFE_MONTHS:
        return "life"
    if method in WHOLE_YEAR_METHODS and int(life_months) % 12:
        return "whole_years"
    if cost is None or Decimal(cost) < 0:
        return "cost"
    if salvage is None or Decimal(salvage) < 0 or Decimal(salvage) > Decimal(cost):
        return "salvage"
    return None


@lru_cache(maxsize=65536)
def _ddb_year_ends(cost_c: int, salvage_c: int, years: int) -> tuple[tuple[int, ...], int]:
    """Exact accumulated depreciation (cents) at the end of each year, double declining, as
    integers over one common denominator: (ends, scale). With scale = 2·Y^(Y−2) every year's
    amount is a whole number (2/Y of a book value that is cost·((Y−2)/Y)^(j−1); the last two
    years' halves), so the arithmetic stays in integers."""
    scale = 2 * years ** max(years - 2, 0)
    cost_s, salvage_s = cost_c * scale, salvage_c * scale
    acc, ends, half = 0, [], 0
    for j in range(1, years + 1):
        nbv = cost_s - acc
        if j > years - 2:  # the last two years: straight line over what is left
            if j == max(years - 1, 1):
                half = (nbv - salvage_s) if years == 1 else (nbv - salvage_s) // 2
            dep = half
        else:
            dep = min(nbv * 2 // years, nbv - salvage_s)
        acc += max(dep, 0)
        ends.append(acc)
    ends[-1] = cost_s - salvage_s
    return tuple(ends), scale


def _accumulated(cost_c: int, salvage_c: int, life: int, method: str, k: int) -> tuple[int, int]:
    """C(k) as (numerator, denominator) in cents."""
    base = cost_c - salvage_c
    if k <= 0:
        return 0, 1
    if k >= life:
        return base, 1
    if method == STRAIGHT_LINE:
        return base * k, life
    years = life // 12
    full, part = divmod(k, 12)
    if method == SUM_OF_YEARS:
        total = years * (years + 1) // 2
        done = full * years - full * (full - 1) // 2  # weights of the finished years
        return base * (done * 12 + (years - full) * part), total * 12
    ends, scale = _ddb_year_ends(cost_c, salvage_c, years)
    before = ends[full - 1] if full else 0
    return before * 12 + (ends[full] - before) * part, 12 * scale


def accumulated_exact(cost_c: int, salvage_c: int, life: int, method: str, k: int) -> Fraction:
    """C(k): exact accumulated depreciation in cents after k months of depreciation."""
    return Fraction(*_accumulated(cost_c, salvage_c, life, method, k))


def accumulated_cents(cost_c: int, salvage_c: int, life: int, method: str, k: int) -> int:
    num, den = _accumulated(cost_c, salvage_c, life, method, k)
    return (num * 2 + den) // (den * 2)  # nearest cent, halves up


def month_amount_cents(cost_c: int, salvage_c: int, life: int, method: str, k: int) -> int:
    """The k-th month's amount (1-based) in cents."""
    return (accumulated_cents(cost_c, salvage_c, life, method, k)
            - accumulated_cents(cost_c, salvage_c, life, method, k - 1))


def first_month(in_service: dt.date) -> dt.date:
    return add_months(month_start(in_service), 1)


def month_index(in_service: dt.date, month: dt.date) -> int:
    """Which depreciation month ``month`` is (1 = the month after entering service)."""
    return months_between(first_month(in_service), month) + 1


def schedule(cost, salvage, life_months: int, method: str, in_service: dt.date,
             disposed_on: dt.date | None = None) -> list[Row]:
    """The monthly schedule; rows end with the disposal month when disposed earlier."""
    problem = check(cost, salvage, life_months, method)
    if problem:
        raise ValueError(problem)
    cost_c, salvage_c, life = _cents(cost), _cents(salvage), int(life_months)
    months = life
    if disposed_on is not None:
        months = max(0, min(life, month_index(in_service, month_start(disposed_on))))
    rows, start, prev = [], first_month(in_service), 0
    for k in range(1, months + 1):
        acc = accumulated_cents(cost_c, salvage_c, life, method, k)
        rows.append(Row(add_months(start, k - 1), Decimal(acc - prev).scaleb(-2),
                        Decimal(acc).scaleb(-2), Decimal(cost_c - acc).scaleb(-2)))
        prev = acc
    return rows


def book_value_at(cost, salvage, life_months: int, method: str, in_service: dt.date | None,
                  on: dt.date, disposed_on: dt.date | None = None) -> Decimal:
    """Book value after the depreciation of every month up to and including ``on``'s month."""
    cost_d = Decimal(cost or 0).quantize(CENT)
    if in_service is None or check(cost, salvage, life_months, method):
        return cost_d
    k = month_index(in_service, month_start(on))
    if disposed_on is not None:
        k = min(k, month_index(in_service, month_start(disposed_on)))
    acc = accumulated_cents(_cents(cost), _cents(salvage), int(life_months), method, k)
    return (Decimal(_cents(cost) - acc) / 100).quantize(CENT)

"""Depreciation schedules: exact to the cent for every method (property-based), first month,
disposal mid-life, book value never below salvage, the known values of each method."""
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.assets import depreciation as dep

cents = st.integers(min_value=0, max_value=10**11)  # up to 1,000,000,000.00


@st.composite
def params(draw, method=None):
    method = method or draw(st.sampled_from(dep.METHODS))
    cost_c = draw(cents)
    salvage_c = draw(st.integers(min_value=0, max_value=cost_c))
    if method in dep.WHOLE_YEAR_METHODS:
        life = 12 * draw(st.integers(min_value=1, max_value=40))
    else:
        life = draw(st.integers(min_value=1, max_value=480))
    in_service = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
    return (Decimal(cost_c).scaleb(-2), Decimal(salvage_c).scaleb(-2), life, method,
            in_service)


def _check_full(cost, salvage, life, method, in_service):
    rows = dep.schedule(cost, salvage, life, method, in_service)
    assert len(rows) == life
    assert sum(r.amount for r in rows) == cost - salvage  # exact, to the cent
    # first month: the month after entering service
    first = dt.date(in_service.year + in_service.month // 12, in_service.month % 12 + 1, 1)
    assert rows[0].month == first
    previous = cost
    for i, r in enumerate(rows):
        assert r.amount >= 0 and r.amount == r.amount.quantize(Decimal("0.01"))
        assert r.book_value == cost - r.accumulated
        assert salvage <= r.book_value <= previous  # monotone, never below salvage
        previous = r.book_value
        if i:
            assert dep.months_between(rows[i - 1].month, r.month) == 1  # no gaps
    assert rows[-1].book_value == salvage


@pytest.mark.rule("asset.depreciation")
@settings(max_examples=150, deadline=None)
@given(params(dep.STRAIGHT_LINE))
def test_straight_line_sums_exactly(p):
    _check_full(*p)
    rows = dep.schedule(*p)
    # straight line: every month within one cent of every other
    assert max(r.amount for r in rows) - min(r.amount for r in rows) <= Decimal("0.01")


@pytest.mark.rule("asset.depreciation")
@settings(max_examples=150, deadline=None)
@given(params(dep.SUM_OF_YEARS))
def test_sum_of_years_sums_exactly(p):
    _check_full(*p)
    rows = dep.schedule(*p)
    years = [sum(r.amount for r in rows[i:i + 12]) for i in range(0, len(rows), 12)]
    # declining year on year (a cent of carried rounding either way)
    assert all(a >= b - Decimal("0.01") for a, b in zip(years, years[1:], strict=False))


@pytest.mark.rule("asset.depreciation")
@settings(max_examples=150, deadline=None)
@given(params(dep.DOUBLE_DECLINING))
def test_double_declining_sums_exactly(p):
    _check_full(*p)
    cost, salvage, life, method, in_service = p
    rows = dep.schedule(*p)
    if life >= 36:  # the last two years are straight line: equal halves (± a cent a month)
        last = rows[-24:]
        assert max(r.amount for r in last) - min(r.amount for r in last) <= Decimal("0.01")


@settings(max_examples=150, deadline=None)
@given(params(), st.integers(min_value=-5, max_value=600))
def test_disposal_mid_life_stops_after_the_disposal_month(p, months_later):
    cost, salvage, life, method, in_service = p
    full = dep.schedule(cost, salvage, life, method, in_service)
    disposed_on = dep.add_months(dep.month_start(in_service), months_later) + dt.timedelta(
        days=3)
    cut = dep.schedule(cost, salvage, life, method, in_service, disposed_on)
    expected = max(0, min(life, months_later))
    assert len(cut) == expected
    assert cut == full[:expected]  # same rows as the full schedule, up to the disposal month
    if 0 < months_later <= life:
        assert cut[-1].month == dep.month_start(disposed_on)
    on = dep.add_months(dep.month_start(disposed_on), 12)
    assert dep.book_value_at(cost, salvage, life, method, in_service, on, disposed_on) == (
        cut[-1].book_value if cut else cost)


def _reference_ddb(cost_c, salvage_c, years):
    """Double declining by the book, in exact fractions: the yearly amounts."""
    from fractions import Fraction

    acc, out = Fraction(0), []
    for j in range(1, years + 1):
        nbv = cost_c - acc
        if j > years - 2:
            if j == max(years - 1, 1):
                left = nbv - salvage_c
                half = left if years == 1 else left / 2
            amount = half
        else:
            amount = min(nbv * Fraction(2, years), nbv - salvage_c)
        acc += amount
        out.append(amount)
    return out


@settings(max_examples=200, deadline=None)
@given(params(dep.DOUBLE_DECLINING))
def test_double_declining_matches_the_textbook_in_fractions(p):
    from fractions import Fraction

    cost, salvage, life, method, in_service = p
    cost_c, salvage_c, years = int(cost * 100), int(salvage * 100), life // 12
    yearly = _reference_ddb(cost_c, salvage_c, years)
    acc = Fraction(0)
    for j, amount in enumerate(yearly):
        for m in range(1, 13):
            k = j * 12 + m
            exact = dep.accumulated_exact(cost_c, salvage_c, life, method, k)
            assert exact == acc + amount * m / 12
        acc += amount


def test_known_values():
    # 10,000 cost, 500 salvage, 5 years, in service 2024-01-15: depreciation from 2024-02.
    sl = dep.schedule("10000", "500", 60, dep.STRAIGHT_LINE, dt.date(2024, 1, 15))
    assert sl[0].as_json() == {"month": "2024-02", "amount": "158.33",
                               "accumulated": "158.33", "book_value": "9841.67"}
    assert [r.amount for r in sl[:3]] == [Decimal("158.33"), Decimal("158.34"),
                                          Decimal("158.33")]
    syd = dep.schedule("10000", "500", 60, dep.SUM_OF_YEARS, dt.date(2024, 1, 15))
    # year 1 is 5/15 of 9,500; year 5 is 1/15
    assert sum(r.amount for r in syd[:12]) == Decimal("3166.67")
    assert sum(r.amount for r in syd[48:]) == Decimal("633.33")
    ddb = dep.schedule("10000", "500", 60, dep.DOUBLE_DECLINING, dt.date(2024, 1, 15))
    # 40 % a year on the opening book value: 4,000, 2,400, 1,440; then (2,160 − 500) / 2
    years = [sum(r.amount for r in ddb[i:i + 12]) for i in range(0, 60, 12)]
    assert years == [Decimal("4000.00"), Decimal("2400.00"), Decimal("1440.00"),
                     Decimal("830.00"), Decimal("830.00")]
    # a December in-service date starts in January of the next year
    assert dep.schedule("100", "0", 3, dep.STRAIGHT_LINE,
                        dt.date(2024, 12, 31))[0].month == dt.date(2025, 1, 1)


def test_high_salvage_double_declining_stops_at_salvage():
    rows = dep.schedule("10000", "6000", 120, dep.DOUBLE_DECLINING, dt.date(2020, 6, 1))
    assert min(r.book_value for r in rows) == Decimal("6000.00")
    assert sum(r.amount for r in rows) == Decimal("4000.00")


@pytest.mark.parametrize("args,problem", [
    (("100", "200", 12, dep.STRAIGHT_LINE), "salvage"),
    (("100", "0", 0, dep.STRAIGHT_LINE), "life"),
    (("100", "0", -12, dep.STRAIGHT_LINE), "life"),
    (("100", "0", 18, dep.DOUBLE_DECLINING), "whole_years"),
    (("100", "0", 12, "fancy"), "method"),
])
def test_impossible_parameters(args, problem):
    assert dep.check(*args) == problem
    with pytest.raises(ValueError):
        dep.schedule(*args, dt.date(2024, 1, 1))


def test_120_month_schedule_is_fast():
    import time

    start = time.perf_counter()
    for _ in range(20):
        dep.schedule("123456.78", "1234.56", 120, dep.DOUBLE_DECLINING, dt.date(2020, 3, 3))
        dep._ddb_year_ends.cache_clear()
    assert (time.perf_counter() - start) / 20 < 0.05  # generous; the bench measures ≤ 5 ms

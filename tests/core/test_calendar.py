"""Calendar arithmetic: months clamp to the month's end, boundaries count from the start."""

from datetime import date

import pytest

from marketplace.core.calendar import (
    add_days,
    add_months,
    add_years,
    days_in_month,
    is_leap_year,
    month_boundaries,
)


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2027, 1, 31), 2, date(2027, 3, 31)),
        (date(2027, 3, 31), 1, date(2027, 4, 30)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2027, 11, 15), 3, date(2028, 2, 15)),
        (date(2027, 12, 31), 1, date(2028, 1, 31)),
        (date(2027, 1, 1), 0, date(2027, 1, 1)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 1, 15), -1, date(2026, 12, 15)),
        (date(2027, 1, 15), 120, date(2037, 1, 15)),
    ],
)
def test_add_months(day, months, result):
    assert add_months(day, months) == result


def test_add_months_out_of_range():
    with pytest.raises(ValueError):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(ValueError):
        add_months(date(1, 1, 1), -1)


@pytest.mark.parametrize(
    ("day", "years", "result"),
    [
        (date(2028, 2, 29), 1, date(2029, 2, 28)),
        (date(2028, 2, 29), 4, date(2032, 2, 29)),
        (date(2027, 6, 30), 3, date(2030, 6, 30)),
    ],
)
def test_add_years(day, years, result):
    assert add_years(day, years) == result


def test_add_days():
    assert add_days(date(2027, 1, 1), 90) == date(2027, 4, 1)
    assert add_days(date(2028, 1, 1), 90) == date(2028, 3, 31)
    assert add_days(date(2027, 1, 1), -1) == date(2026, 12, 31)
    with pytest.raises(ValueError):
        add_days(date(9999, 12, 31), 1)


def test_month_lengths():
    assert [days_in_month(2027, m) for m in range(1, 13)] == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert days_in_month(2028, 2) == 29
    assert is_leap_year(2000) and is_leap_year(2028)
    assert not is_leap_year(1900) and not is_leap_year(2100) and not is_leap_year(2027)


def test_aug_31_start_with_6_month_stages_never_drifts():
    assert month_boundaries(date(2027, 8, 31), 6, 4) == (
        date(2027, 8, 31),
        date(2028, 2, 29),
        date(2028, 8, 31),
        date(2029, 2, 28),
        date(2029, 8, 31),
    )


def test_chaining_would_drift():
    """Why boundaries are computed from the start: chaining keeps the clamped day for good."""
    chained = add_months(add_months(date(2027, 8, 31), 6), 6)
    assert chained == date(2028, 8, 29)
    assert month_boundaries(date(2027, 8, 31), 6, 2)[2] == date(2028, 8, 31)


def test_month_boundaries_arguments():
    assert month_boundaries(date(2027, 1, 31), 1, 0) == (date(2027, 1, 31),)
    with pytest.raises(ValueError):
        month_boundaries(date(2027, 1, 31), 0, 3)
    with pytest.raises(ValueError):
        month_boundaries(date(2027, 1, 31), 1, -1)

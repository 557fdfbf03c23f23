"""Calendar arithmetic for licence dates: days, calendar months clamped to the month's end, years.

Dates are calendar dates in Asia/Shanghai; nothing here reads the clock. Adding months moves by
calendar month and clamps to the last day of the target month: Jan 31 + 1 month is Feb 28, or Feb 29
in a leap year.

Every boundary of a licence is computed from the licence start (start + k months), never chained
from the previous boundary: chaining loses the day for good once it has been clamped (Aug 31 → Feb 28
→ Aug 28 …), while computing from the start keeps it (Aug 31 → Feb 28/29 → Aug 31 → Feb 28/29 …).
`month_boundaries` does exactly that.
"""

from __future__ import annotations

from datetime import date, timedelta

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap_year(year: int) -> bool:
    """Whether the Gregorian year has a 29 February."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """How many days the month has (28–31)."""
    if month == 2 and is_leap_year(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier when negative), clamped to the month's end.

    Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year); Mar 31 − 1 month likewise. Raises ValueError
    when the result would fall outside years 1–9999.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    if not 1 <= year <= 9999:
        raise ValueError("date out of range")
    return date(year, month, min(day.day, days_in_month(year, month)))


def add_years(day: date, years: int) -> date:
    """The same day `years` years later (earlier when negative); 29 February becomes 28 February."""
    return add_months(day, 12 * years)


def add_days(day: date, days: int) -> date:
    """The day `days` days later (earlier when negative). Raises ValueError outside years 1–9999."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise ValueError("date out of range") from None


def month_boundaries(start: date, months_each: int, count: int) -> tuple[date, ...]:
    """The boundaries start + k × months_each for k = 0 … count, each computed from the start.

    ``month_boundaries(date(2027, 8, 31), 6, 3)`` is Aug 31 2027, Feb 29 2028, Aug 31 2028, Feb 28 2029.
    `months_each` must be positive and `count` non-negative.
    """
    if months_each < 1:
        raise ValueError("months_each must be positive")
    if count < 0:
        raise ValueError("count must not be negative")
    return tuple(add_months(start, k * months_each) for k in range(count + 1))

"""Calendar arithmetic for licence dates: days, calendar months clamped to the month's end, years.

Dates are calendar dates in Asia/Shanghai; nothing here reads the clock. Adding months moves by
calendar month and clamps to the last day of the target month: Jan 31 + 1 month is Feb 28, or Feb 29
in a leap year.

Every boundary of a licence is computed from the licence start (start + k months), never chained
from the previous boundary: chaining loses the day for good once it has been clamped (Aug 31 → Feb 28
→ Aug 28 …), while computing from the start keeps it (Aug 31 → Feb 28/29 → Aug 31 → Feb 28/29 …).

One function does that for every boundary of every phase — stages, instalments, royalty reporting
periods, annual-minimum years: `boundary(origin, months)`, reached through an `Anchor`. An anchor
keeps a point of the licence's calendar as an origin day plus a number of months, never as the
clamped date alone, so that later boundaries are counted from the origin:

- The origin is the licence start. A phase's k-th boundary is
  start + (months before the phase + k × period) months: a one-month trial from Jan 31 is followed
  by quarters starting Feb 28, May 31, Aug 31, Nov 30, Feb 29 …, never Feb 28, May 28, Aug 28 ….
- A duration in days (a trial of N days, a stage of N days) cannot be counted in months, so the
  day after it becomes the new origin: start + N days, itself computed from the licence start. Later
  boundaries are that origin + k months, counted from its own (unclamped) day of the month: a 30-day
  trial from Aug 1 is followed by stages from Aug 31, Feb 28/29, Aug 31 ….
"""

from __future__ import annotations

from dataclasses import dataclass
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


def boundary(origin: date, months: int) -> date:
    """The boundary `months` calendar months after `origin`, clamped to the month's end.

    The one place a licence's month-based boundaries come from: always from the origin (the licence
    start, or the day after a duration in days), never from another, possibly clamped, boundary.
    Beyond year 9999 it is `date.max` (before year 1, `date.min`), so that schedules of very long
    terms saturate instead of failing.
    """
    try:
        return add_months(origin, months)
    except ValueError:
        return date.max if months > 0 else date.min


def saturating_add_days(day: date, days: int) -> date:
    """`add_days`, but `date.max` beyond year 9999 and `date.min` before year 1; `date.max` stays put."""
    if day == date.max:
        return date.max
    try:
        return add_days(day, days)
    except ValueError:
        return date.max if days > 0 else date.min


@dataclass(frozen=True)
class Anchor:
    """A point of a licence's calendar: `months` calendar months after the day `origin`.

    `origin` is the licence start, or the first day after a duration in days (see the module's
    docstring). `day` is the point itself, clamped to the month's end; boundaries after it are counted
    from `origin`, so the clamp never carries over to them.
    """

    origin: date
    months: int = 0

    @property
    def day(self) -> date:
        """The date of this point (`date.max` beyond year 9999)."""
        return boundary(self.origin, self.months)

    def at(self, months: int) -> date:
        """The boundary `months` calendar months after this point, counted from the origin."""
        return boundary(self.origin, self.months + months)

    def after_months(self, months: int) -> Anchor:
        """The point `months` calendar months later, with the same origin."""
        return Anchor(self.origin, self.months + months)

    def after_days(self, days: int) -> Anchor:
        """The point `days` days later: it becomes the origin of the boundaries after it."""
        return Anchor(saturating_add_days(self.day, days))


def month_boundaries(start: date, months_each: int, count: int) -> tuple[date, ...]:
    """The boundaries start + k × months_each for k = 0 … count, each computed from the start.

    ``month_boundaries(date(2027, 8, 31), 6, 3)`` is Aug 31 2027, Feb 29 2028, Aug 31 2028, Feb 28 2029.
    `months_each` must be positive and `count` non-negative.
    """
    if months_each < 1:
        raise ValueError("months_each must be positive")
    if count < 0:
        raise ValueError("count must not be negative")
    anchor = Anchor(start)
    return tuple(anchor.at(k * months_each) for k in range(count + 1))

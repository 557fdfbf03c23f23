"""The calendar year a policy figure is counted in, with its bounds as dates and as UTC instants.

The 千校万企 target is yearly. Dates (a licence's start, a meeting slot's day, a charge's business date) are
local (Asia/Shanghai) days; stored instants (a meeting request, an accepted answer) are UTC, so the year's
bounds are given both ways: an instant belongs to the year of its local day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
SERVED_TARGET = 10  # every university serving ten or more enterprises a year
MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class ReportYear:
    """One calendar year."""

    year: int

    @property
    def first_day(self) -> date:
        """1 January."""
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        """31 December."""
        return date(self.year, 12, 31)

    @property
    def next_first_day(self) -> date:
        """1 January of the following year (the exclusive end)."""
        return date(self.year + 1, 1, 1)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) of the year as UTC instants: local midnight of 1 January to the next one."""
        start = datetime(self.year, 1, 1, tzinfo=SHANGHAI).astimezone(UTC)
        end = datetime(self.year + 1, 1, 1, tzinfo=SHANGHAI).astimezone(UTC)
        return start, end


def meets_target(served: int) -> bool:
    """Whether a university's count of enterprises served reaches the yearly target."""
    return served >= SERVED_TARGET


def rate(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction (Decimal("0.25") is 25%), None when nothing is in the whole (never a
    division by zero)."""
    return Decimal(part) / Decimal(whole) if whole else None

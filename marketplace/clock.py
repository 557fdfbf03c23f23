"""Today's date and the current instant for the web layer, in Asia/Shanghai.

The domain core never reads the clock; views and commands call `today()` and pass it in.
Setting `FROZEN_TODAY` (an ISO date) in the configuration fixes the date, for tests and demos.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """The calendar date in Shanghai (or the configured frozen date)."""
    frozen = current_app.config.get("FROZEN_TODAY")
    if frozen:
        return date.fromisoformat(str(frozen))
    return datetime.now(UTC).astimezone(SHANGHAI).date()


def now() -> datetime:
    """The current instant (UTC); with `FROZEN_TODAY` set, the same time of day on the frozen date in
    Shanghai, so pages that compare times (a meeting slot started, ended) agree with `today()`."""
    instant = datetime.now(UTC)
    frozen = current_app.config.get("FROZEN_TODAY")
    if not frozen:
        return instant
    local = instant.astimezone(SHANGHAI)
    return datetime.combine(date.fromisoformat(str(frozen)), local.timetz()).astimezone(UTC)

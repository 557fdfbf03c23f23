"""Event terms (专场限时条款): a time-limited version of a declaration for a special zone's window.

Patent Law Art. 51 (every taker gets the same published terms): an organiser never changes prices. A
university may publish, for a zone's window, a time-limited version of its declaration; it applies to
everyone who takes the licence in that window, through the zone or not, and the earlier terms return
when it ends. Licences already taken keep the version they accepted.

The rules here are plain dates: whether a version's window is true and inside the zone's window, and
whether two windows of one patent overlap. Dates are calendar dates in Asia/Shanghai, passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Window:
    """The days a time-limited version is in force: valid_from … valid_until, both included."""

    valid_from: date
    valid_until: date

    def contains(self, day: date) -> bool:
        """Whether the version is in force on `day`."""
        return self.valid_from <= day <= self.valid_until

    def overlaps(self, other: Window) -> bool:
        """Whether the two windows share a day."""
        return self.valid_from <= other.valid_until and other.valid_from <= self.valid_until


class EventTermsProblem(StrEnum):
    """Why a time-limited version cannot be published."""

    ENDS_BEFORE_START = "ends_before_start"
    OUTSIDE_ZONE_WINDOW = "outside_zone_window"
    STARTS_BEFORE_TODAY = "starts_before_today"
    OVERLAPS = "overlaps"


def window_problems(window: Window, zone_window: Window, today: date,
                    others: list[Window]) -> list[EventTermsProblem]:
    """Every problem with publishing a version in force over `window` for a zone open over
    `zone_window`, when the patent's other time-limited versions are in force over `others`."""
    if window.valid_until < window.valid_from:
        return [EventTermsProblem.ENDS_BEFORE_START]
    problems: list[EventTermsProblem] = []
    if window.valid_from < zone_window.valid_from or window.valid_until > zone_window.valid_until:
        problems.append(EventTermsProblem.OUTSIDE_ZONE_WINDOW)
    if window.valid_from < today:  # earlier takers in the window had the base terms
        problems.append(EventTermsProblem.STARTS_BEFORE_TODAY)
    if any(window.overlaps(other) for other in others):
        problems.append(EventTermsProblem.OVERLAPS)
    return problems


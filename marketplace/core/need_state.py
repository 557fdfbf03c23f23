"""A technology need's statuses and the moves between them (domain.md, needs library).

open → in talks → solved or closed; an open need may also be closed or solved directly, and a need in
talks may go back to open when the talks end. Solved and closed are final. Only the owning enterprise
moves a need; this module only says which moves exist.
"""

from __future__ import annotations

from enum import StrEnum


class NeedStatus(StrEnum):
    """Where a need stands."""

    OPEN = "open"
    IN_TALKS = "in_talks"
    SOLVED = "solved"
    CLOSED = "closed"


class NeedVisibility(StrEnum):
    """Who may read a need: everyone, or signed-in university staff (and administrators) only."""

    PUBLIC = "public"
    UNIVERSITIES = "universities"


class NeedTimeline(StrEnum):
    """When the enterprise wants the problem solved."""

    WITHIN_3_MONTHS = "within_3_months"
    WITHIN_6_MONTHS = "within_6_months"
    WITHIN_1_YEAR = "within_1_year"
    LONGER = "longer"


_MOVES: dict[NeedStatus, frozenset[NeedStatus]] = {
    NeedStatus.OPEN: frozenset({NeedStatus.IN_TALKS, NeedStatus.SOLVED, NeedStatus.CLOSED}),
    NeedStatus.IN_TALKS: frozenset({NeedStatus.OPEN, NeedStatus.SOLVED, NeedStatus.CLOSED}),
    NeedStatus.SOLVED: frozenset(),
    NeedStatus.CLOSED: frozenset(),
}

LIVE = frozenset({NeedStatus.OPEN, NeedStatus.IN_TALKS})


def may_move(current: NeedStatus, target: NeedStatus) -> bool:
    """Whether a need in `current` may be moved to `target`."""
    return target in _MOVES[current]


def is_live(status: NeedStatus) -> bool:
    """Open or in talks: still looking, still matched, still answerable."""
    return status in LIVE

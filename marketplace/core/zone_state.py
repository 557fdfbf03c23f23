"""A special zone's lifecycle (线上专区 / 专场对接活动) and the rules of its window.

draft → published (visible, registration open) → running (the window is open) → closed (results final).
A published zone may also close without running (called off). Only the organiser who owns a zone, or an
administrator, moves it; the state machine below says which moves exist, `window_problem` whether a
window can be true. Dates are calendar dates in Asia/Shanghai, passed in.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class ZoneStatus(StrEnum):
    """Where a zone stands."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RUNNING = "running"
    CLOSED = "closed"


class ZoneAction(StrEnum):
    """What an organiser does to a zone."""

    EDIT = "edit"
    PUBLISH = "publish"
    START = "start"
    CLOSE = "close"


class IllegalZoneAction(ValueError):
    """The action is not allowed in the zone's status."""

    def __init__(self, status: ZoneStatus, action: ZoneAction) -> None:
        super().__init__(f"cannot {action} a {status} zone")
        self.status = status
        self.action = action


TRANSITIONS: dict[tuple[ZoneStatus, ZoneAction], ZoneStatus] = {
    (ZoneStatus.DRAFT, ZoneAction.EDIT): ZoneStatus.DRAFT,
    (ZoneStatus.PUBLISHED, ZoneAction.EDIT): ZoneStatus.PUBLISHED,
    (ZoneStatus.RUNNING, ZoneAction.EDIT): ZoneStatus.RUNNING,
    (ZoneStatus.DRAFT, ZoneAction.PUBLISH): ZoneStatus.PUBLISHED,
    (ZoneStatus.PUBLISHED, ZoneAction.START): ZoneStatus.RUNNING,
    (ZoneStatus.PUBLISHED, ZoneAction.CLOSE): ZoneStatus.CLOSED,
    (ZoneStatus.RUNNING, ZoneAction.CLOSE): ZoneStatus.CLOSED,
}

VISIBLE: frozenset[ZoneStatus] = frozenset({ZoneStatus.PUBLISHED, ZoneStatus.RUNNING, ZoneStatus.CLOSED})
OPEN_FOR_REGISTRATION: frozenset[ZoneStatus] = frozenset({ZoneStatus.PUBLISHED, ZoneStatus.RUNNING})


def next_status(status: ZoneStatus, action: ZoneAction) -> ZoneStatus:
    """The status after `action`; IllegalZoneAction when the table does not allow it (a closed zone
    accepts nothing: its results are final)."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalZoneAction(status, action) from None


class WindowProblem(StrEnum):
    """Why a zone's window cannot be."""

    CLOSES_BEFORE_OPENING = "closes_before_opening"


def window_problem(opens_on: date, closes_on: date) -> WindowProblem | None:
    """None when the window is possible (it may be a single day)."""
    if closes_on < opens_on:
        return WindowProblem.CLOSES_BEFORE_OPENING
    return None


def within(day: date, opens_on: date, closes_on: date) -> bool:
    """Whether `day` falls inside the window (both ends included)."""
    return opens_on <= day <= closes_on

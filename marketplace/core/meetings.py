"""One-to-one meetings of a zone (专场对接): sessions cut into slots, a request's lifecycle, outcomes.

A session is a day with a start and an end, cut into slots of equal length; its capacity is the number of
tables or online rooms, so each slot holds at most that many accepted meetings. A request goes
requested → accepted | declined | cancelled, and an accepted meeting may still be cancelled before its slot.
Times are local (Asia/Shanghai) and passed in; nothing here reads the clock.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

MAX_PROPOSED_SLOTS = 3
REASON_MAX = 300
MIN_SLOT_MINUTES = 10
MAX_SLOT_MINUTES = 240
MAX_CAPACITY = 200


class MeetingStatus(StrEnum):
    """Where a meeting request stands."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class MeetingAction(StrEnum):
    """What a side does to a request: the IP centre accepts or declines, the enterprise cancels."""

    ACCEPT = "accept"
    DECLINE = "decline"
    CANCEL = "cancel"


class IllegalMeetingAction(ValueError):
    """The action is not allowed in the request's status."""

    def __init__(self, status: MeetingStatus, action: MeetingAction) -> None:
        super().__init__(f"cannot {action} a {status} meeting")
        self.status = status
        self.action = action


TRANSITIONS: dict[tuple[MeetingStatus, MeetingAction], MeetingStatus] = {
    (MeetingStatus.REQUESTED, MeetingAction.ACCEPT): MeetingStatus.ACCEPTED,
    (MeetingStatus.REQUESTED, MeetingAction.DECLINE): MeetingStatus.DECLINED,
    (MeetingStatus.REQUESTED, MeetingAction.CANCEL): MeetingStatus.CANCELLED,
    (MeetingStatus.ACCEPTED, MeetingAction.CANCEL): MeetingStatus.CANCELLED,
}


def next_status(status: MeetingStatus, action: MeetingAction) -> MeetingStatus:
    """The status after `action`; IllegalMeetingAction when the table does not allow it."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalMeetingAction(status, action) from None


class Outcome(StrEnum):
    """What happened in the slot, as one side records it."""

    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class FollowUp(StrEnum):
    """What follows a held meeting."""

    LICENCE_TAKEN = "licence_taken"
    TRIAL_STARTED = "trial_started"
    FURTHER_TALKS = "further_talks"
    NO_INTEREST = "no_interest"


class MeetingSide(StrEnum):
    """The two sides of a meeting."""

    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"


class SessionProblem(StrEnum):
    """Why a session cannot be, each tied to the field it concerns (the value before the colon)."""

    OUTSIDE_WINDOW = "day:outside_window"
    END_NOT_AFTER_START = "ends_at:end_not_after_start"
    SLOT_LENGTH_OUT_OF_RANGE = "slot_minutes:out_of_range"
    SLOT_LENGTH_UNEVEN = "slot_minutes:uneven"
    CAPACITY_OUT_OF_RANGE = "capacity:out_of_range"

    @property
    def field(self) -> str:
        """The form field the problem belongs beside."""
        return self.value.split(":", 1)[0]


def session_problems(day: date, starts_at: time, ends_at: time, slot_minutes: int, capacity: int,
                     opens_on: date, closes_on: date) -> list[SessionProblem]:
    """Every reason the session cannot be (empty when it can): its day inside the zone's window, its end
    after its start, slots of 10–240 minutes that divide the session exactly, capacity 1–200."""
    problems = []
    if not opens_on <= day <= closes_on:
        problems.append(SessionProblem.OUTSIDE_WINDOW)
    minutes = _minutes(ends_at) - _minutes(starts_at)
    if minutes <= 0:
        problems.append(SessionProblem.END_NOT_AFTER_START)
    if not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES:
        problems.append(SessionProblem.SLOT_LENGTH_OUT_OF_RANGE)
    elif minutes > 0 and minutes % slot_minutes:
        problems.append(SessionProblem.SLOT_LENGTH_UNEVEN)
    if not 1 <= capacity <= MAX_CAPACITY:
        problems.append(SessionProblem.CAPACITY_OUT_OF_RANGE)
    return problems


def slot_times(day: date, starts_at: time, ends_at: time, slot_minutes: int,
               zone: tzinfo) -> list[tuple[datetime, datetime]]:
    """The slots of a valid session as (start, end) pairs in the time zone `zone`, back to back from its
    start."""
    first = datetime.combine(day, starts_at, tzinfo=zone)
    count = (_minutes(ends_at) - _minutes(starts_at)) // slot_minutes
    length = timedelta(minutes=slot_minutes)
    return [(first + k * length, first + (k + 1) * length) for k in range(count)]


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute

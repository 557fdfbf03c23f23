"""The meeting rules of the core: the request lifecycle, the session checks and the slots cut from it."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from marketplace.core.feedback import FeedbackReason, needs_text
from marketplace.core.meetings import (
    TRANSITIONS,
    IllegalMeetingAction,
    MeetingAction,
    MeetingStatus,
    SessionProblem,
    next_status,
    session_problems,
    slot_times,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENS, CLOSES = date(2026, 12, 1), date(2026, 12, 31)
DAY = date(2026, 12, 10)


@pytest.mark.parametrize("status", list(MeetingStatus))
@pytest.mark.parametrize("action", list(MeetingAction))
def test_the_whole_transition_table(status, action):
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) == TRANSITIONS[(status, action)]
    else:
        with pytest.raises(IllegalMeetingAction):
            next_status(status, action)


def test_only_a_waiting_request_is_answered_and_an_accepted_one_can_still_be_cancelled():
    assert next_status(MeetingStatus.REQUESTED, MeetingAction.ACCEPT) == MeetingStatus.ACCEPTED
    assert next_status(MeetingStatus.ACCEPTED, MeetingAction.CANCEL) == MeetingStatus.CANCELLED
    with pytest.raises(IllegalMeetingAction):
        next_status(MeetingStatus.DECLINED, MeetingAction.ACCEPT)
    with pytest.raises(IllegalMeetingAction):
        next_status(MeetingStatus.CANCELLED, MeetingAction.CANCEL)


def test_a_good_session_has_no_problem():
    assert session_problems(DAY, time(9), time(11), 30, 3, OPENS, CLOSES) == []
    assert session_problems(OPENS, time(9), time(9, 20), 20, 1, OPENS, CLOSES) == []
    assert session_problems(CLOSES, time(9), time(9, 20), 20, 1, OPENS, CLOSES) == []


@pytest.mark.parametrize(("args", "problem"), [
    ((date(2026, 11, 30), time(9), time(11), 30, 3), SessionProblem.OUTSIDE_WINDOW),
    ((date(2027, 1, 1), time(9), time(11), 30, 3), SessionProblem.OUTSIDE_WINDOW),
    ((DAY, time(11), time(9), 30, 3), SessionProblem.END_NOT_AFTER_START),
    ((DAY, time(9), time(9), 30, 3), SessionProblem.END_NOT_AFTER_START),
    ((DAY, time(9), time(11), 25, 3), SessionProblem.SLOT_LENGTH_UNEVEN),
    ((DAY, time(9), time(11), 5, 3), SessionProblem.SLOT_LENGTH_OUT_OF_RANGE),
    ((DAY, time(9), time(11), 0, 3), SessionProblem.SLOT_LENGTH_OUT_OF_RANGE),
    ((DAY, time(9), time(11), 30, 0), SessionProblem.CAPACITY_OUT_OF_RANGE),
    ((DAY, time(9), time(11), 30, 201), SessionProblem.CAPACITY_OUT_OF_RANGE),
])
def test_each_bad_session_is_refused_for_its_reason(args, problem):
    assert problem in session_problems(*args, OPENS, CLOSES)


def test_each_problem_names_a_form_field():
    assert {problem.field for problem in SessionProblem} == {"day", "ends_at", "slot_minutes", "capacity"}


def test_slots_are_cut_back_to_back_from_the_start():
    slots = slot_times(DAY, time(9), time(11), 30, SHANGHAI)
    assert slots[0] == (datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI),
                        datetime(2026, 12, 10, 9, 30, tzinfo=SHANGHAI))
    assert slots[-1] == (datetime(2026, 12, 10, 10, 30, tzinfo=SHANGHAI),
                         datetime(2026, 12, 10, 11, 0, tzinfo=SHANGHAI))
    assert len(slots) == 4
    assert all(end == next_start for (_, end), (next_start, _) in zip(slots, slots[1:], strict=False))


def test_only_other_needs_words():
    assert [reason for reason in FeedbackReason if needs_text(reason)] == [FeedbackReason.OTHER]
    assert len(FeedbackReason) == 8

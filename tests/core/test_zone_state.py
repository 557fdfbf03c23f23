"""A zone's lifecycle and window rules."""

from datetime import date

import pytest

from marketplace.core.zone_state import (
    TRANSITIONS,
    IllegalZoneAction,
    WindowProblem,
    ZoneAction,
    ZoneStatus,
    next_status,
    window_problem,
    within,
)

EXPECTED = {
    (ZoneStatus.DRAFT, ZoneAction.EDIT): ZoneStatus.DRAFT,
    (ZoneStatus.PUBLISHED, ZoneAction.EDIT): ZoneStatus.PUBLISHED,
    (ZoneStatus.RUNNING, ZoneAction.EDIT): ZoneStatus.RUNNING,
    (ZoneStatus.DRAFT, ZoneAction.PUBLISH): ZoneStatus.PUBLISHED,
    (ZoneStatus.PUBLISHED, ZoneAction.START): ZoneStatus.RUNNING,
    (ZoneStatus.PUBLISHED, ZoneAction.CLOSE): ZoneStatus.CLOSED,
    (ZoneStatus.RUNNING, ZoneAction.CLOSE): ZoneStatus.CLOSED,
}


@pytest.mark.parametrize("status", list(ZoneStatus))
@pytest.mark.parametrize("action", list(ZoneAction))
def test_the_whole_transition_table(status, action):
    if (status, action) in EXPECTED:
        assert next_status(status, action) == EXPECTED[(status, action)]
    else:
        with pytest.raises(IllegalZoneAction):
            next_status(status, action)


def test_a_closed_zone_accepts_nothing():
    assert not [key for key in TRANSITIONS if key[0] == ZoneStatus.CLOSED]


def test_window():
    assert window_problem(date(2027, 3, 1), date(2027, 3, 1)) is None
    assert window_problem(date(2027, 3, 2), date(2027, 3, 1)) == WindowProblem.CLOSES_BEFORE_OPENING
    assert within(date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 31))
    assert within(date(2027, 3, 31), date(2027, 3, 1), date(2027, 3, 31))
    assert not within(date(2027, 4, 1), date(2027, 3, 1), date(2027, 3, 31))

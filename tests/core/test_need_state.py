"""A need's statuses: open → in talks → solved or closed, back to open from talks; solved and closed are
final."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.need_state import LIVE, NeedStatus, is_live, may_move

OPEN, IN_TALKS, SOLVED, CLOSED = NeedStatus.OPEN, NeedStatus.IN_TALKS, NeedStatus.SOLVED, NeedStatus.CLOSED

ALLOWED = {
    (OPEN, IN_TALKS), (OPEN, SOLVED), (OPEN, CLOSED),
    (IN_TALKS, OPEN), (IN_TALKS, SOLVED), (IN_TALKS, CLOSED),
}


@pytest.mark.parametrize("current", list(NeedStatus))
@pytest.mark.parametrize("target", list(NeedStatus))
def test_exactly_the_listed_moves_are_allowed(current, target):
    assert may_move(current, target) is ((current, target) in ALLOWED)


@pytest.mark.parametrize("status", list(NeedStatus))
def test_no_status_moves_to_itself(status):
    assert not may_move(status, status)


@pytest.mark.parametrize("final", [SOLVED, CLOSED])
def test_solved_and_closed_are_final(final):
    assert not any(may_move(final, target) for target in NeedStatus)
    assert not is_live(final)


def test_open_and_in_talks_are_live():
    assert is_live(OPEN) and is_live(IN_TALKS)
    assert LIVE == {OPEN, IN_TALKS}


@given(st.lists(st.sampled_from(list(NeedStatus)), max_size=12))
def test_any_walk_of_allowed_moves_ends_live_or_final_and_stays_final(targets):
    status = OPEN
    finished = False
    for target in targets:
        if may_move(status, target):
            assert not finished, "a final status moved"
            status = target
            finished = not is_live(status)
    assert finished or is_live(status)

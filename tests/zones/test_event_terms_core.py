"""The date rules of event terms: windows inside the zone's, not before today, no overlap; which
version is in force on a day."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.core.event_terms import EventTermsProblem, Window, window_problems

ZONE = Window(date(2026, 12, 1), date(2026, 12, 31))
TODAY = date(2026, 11, 26)


def test_a_window_contains_its_first_and_last_day_only():
    window = Window(date(2026, 12, 1), date(2026, 12, 10))
    assert [window.contains(date(2026, 12, d)) for d in (1, 10, 11)] == [True, True, False]
    assert not window.contains(date(2026, 11, 30))


def test_a_window_inside_the_zones_has_no_problem():
    assert window_problems(Window(date(2026, 12, 1), date(2026, 12, 31)), ZONE, TODAY, []) == []
    assert window_problems(Window(date(2026, 12, 10), date(2026, 12, 10)), ZONE, TODAY, []) == []


@pytest.mark.parametrize(("start", "end"), [
    (date(2026, 11, 30), date(2026, 12, 31)),  # starts a day before the zone opens
    (date(2026, 12, 1), date(2027, 1, 1)),  # ends a day after it closes
    (date(2026, 11, 27), date(2027, 2, 1)),  # around it
])
def test_a_window_outside_the_zones_is_refused(start, end):
    assert window_problems(Window(start, end), ZONE, TODAY, []) == [EventTermsProblem.OUTSIDE_ZONE_WINDOW]


def test_a_window_that_ends_before_it_starts_is_refused_alone():
    assert window_problems(Window(date(2026, 12, 9), date(2026, 12, 8)), ZONE, TODAY, [Window(
        date(2026, 12, 1), date(2026, 12, 31))]) == [EventTermsProblem.ENDS_BEFORE_START]


def test_a_window_starting_before_today_is_refused():
    assert window_problems(Window(date(2026, 12, 1), date(2026, 12, 31)), ZONE, date(2026, 12, 2), []) == [
        EventTermsProblem.STARTS_BEFORE_TODAY]
    assert window_problems(Window(date(2026, 12, 2), date(2026, 12, 31)), ZONE, date(2026, 12, 2), []) == []


@pytest.mark.parametrize(("other", "overlaps"), [
    (Window(date(2026, 12, 5), date(2026, 12, 20)), True),
    (Window(date(2026, 12, 10), date(2026, 12, 10)), True),  # the same single day
    (Window(date(2026, 12, 11), date(2026, 12, 31)), False),  # the next day
    (Window(date(2026, 12, 1), date(2026, 12, 9)), False),  # the day before
])
def test_overlapping_windows_are_refused_adjacent_ones_not(other, overlaps):
    problems = window_problems(Window(date(2026, 12, 10), date(2026, 12, 10)), ZONE, TODAY, [other])
    assert (EventTermsProblem.OVERLAPS in problems) is overlaps

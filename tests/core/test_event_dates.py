"""The event-date rule: an event lies between the licence start and today; a new licence starts no earlier
than today and no later than the patent's expiry."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.event_dates import (
    DateProblem,
    DateRefusal,
    event_date_refusal,
    licence_start_refusal,
)

START = date(2027, 1, 1)
TODAY = date(2027, 3, 15)
EXPIRY = date(2041, 6, 30)


def test_an_event_within_the_licence_and_up_to_today_is_accepted():
    assert event_date_refusal(START, START, TODAY) is None
    assert event_date_refusal(TODAY, START, TODAY) is None
    assert event_date_refusal(date(2027, 2, 1), START, TODAY) is None


def test_an_event_before_the_licence_started_is_refused_with_the_start():
    assert event_date_refusal(date(2026, 12, 31), START, TODAY) == DateRefusal(
        DateProblem.BEFORE_LICENCE_START, START)
    assert event_date_refusal(date(1900, 1, 1), START, TODAY) == DateRefusal(
        DateProblem.BEFORE_LICENCE_START, START)
    assert event_date_refusal(date.min, START, TODAY).problem is DateProblem.BEFORE_LICENCE_START


def test_an_event_after_today_is_refused_with_today():
    assert event_date_refusal(date(2027, 3, 16), START, TODAY) == DateRefusal(DateProblem.AFTER_TODAY, TODAY)
    assert event_date_refusal(date(9999, 12, 31), START, TODAY) == DateRefusal(DateProblem.AFTER_TODAY, TODAY)


def test_no_event_can_have_happened_on_a_licence_that_has_not_started():
    later_start = TODAY + timedelta(days=10)
    assert event_date_refusal(TODAY, later_start, TODAY).problem is DateProblem.BEFORE_LICENCE_START


def test_a_new_licence_starts_from_today_up_to_the_patents_expiry():
    assert licence_start_refusal(TODAY, TODAY, EXPIRY) is None
    assert licence_start_refusal(EXPIRY, TODAY, EXPIRY) is None
    assert licence_start_refusal(date(2027, 3, 14), TODAY, EXPIRY) == DateRefusal(
        DateProblem.START_IN_PAST, TODAY)
    assert licence_start_refusal(date(1900, 1, 1), TODAY, EXPIRY).problem is DateProblem.START_IN_PAST
    assert licence_start_refusal(date(9999, 12, 31), TODAY, EXPIRY) == DateRefusal(
        DateProblem.START_AFTER_EXPIRY, EXPIRY)


days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(day=days, start=days, today=days)
def test_an_event_date_is_accepted_exactly_within_start_and_today(day, start, today):
    refusal = event_date_refusal(day, start, today)
    assert (refusal is None) == (start <= day <= today)
    if refusal is not None:
        assert refusal.limit == (start if day < start else today)


@given(day=days, today=days, expiry=days)
def test_a_licence_start_is_accepted_exactly_within_today_and_expiry(day, today, expiry):
    refusal = licence_start_refusal(day, today, expiry)
    assert (refusal is None) == (today <= day <= expiry)

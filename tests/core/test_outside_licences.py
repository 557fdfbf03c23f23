"""The core of the register of outside licences: terms and early ends, which licences bar a declaration,
and the dates a person may enter."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.outside_licences import (
    EndProblem,
    OutsideLicenceKind,
    OutsideTerm,
    TermProblem,
    early_end_refusal,
    exclusive_licence_until,
    refused_while_declared,
    term_refusal,
)

TODAY = date(2026, 11, 26)
EXCLUSIVE, SOLE, ORDINARY = OutsideLicenceKind.EXCLUSIVE, OutsideLicenceKind.SOLE, OutsideLicenceKind.ORDINARY


def test_only_exclusive_and_sole_licences_are_refused_while_declared():
    assert refused_while_declared(EXCLUSIVE) and refused_while_declared(SOLE)
    assert not refused_while_declared(ORDINARY)


def test_an_early_end_makes_the_day_before_it_the_last_day():
    term = OutsideTerm(EXCLUSIVE, date(2026, 1, 1), date(2027, 12, 31), ended_on=date(2026, 11, 26))
    assert term.last_day == date(2026, 11, 25)
    assert term.in_term(date(2026, 11, 25)) and not term.in_term(TODAY)
    assert term.over(TODAY)


def test_an_end_on_the_first_day_means_never_in_force():
    term = OutsideTerm(SOLE, date(2026, 11, 26), date(2027, 12, 31), ended_on=date(2026, 11, 26))
    assert term.never_in_force and not term.in_term(TODAY) and term.over(date(2000, 1, 1))


def test_the_bar_date_comes_from_exclusive_and_sole_licences_not_ended_before_today():
    terms = [
        OutsideTerm(ORDINARY, date(2026, 1, 1), date(2030, 1, 1)),  # ordinary: never a bar
        OutsideTerm(EXCLUSIVE, date(2024, 1, 1), date(2026, 11, 25)),  # ended yesterday
        OutsideTerm(SOLE, date(2026, 1, 1), date(2028, 6, 30), ended_on=date(2026, 10, 1)),  # ended early
    ]
    assert exclusive_licence_until(terms, TODAY) is None
    last_day_today = OutsideTerm(EXCLUSIVE, date(2025, 1, 1), TODAY)
    assert exclusive_licence_until([*terms, last_day_today], TODAY) == TODAY
    future = OutsideTerm(SOLE, date(2027, 3, 1), date(2029, 2, 28))  # not begun: it bars as well
    assert exclusive_licence_until([*terms, last_day_today, future], TODAY) == date(2029, 2, 28)


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def terms(draw) -> OutsideTerm:
    starts_on = draw(days)
    ends_on = starts_on + timedelta(days=draw(st.integers(0, 3000)))
    ended_on = draw(st.none() | st.dates(min_value=starts_on, max_value=ends_on))
    return OutsideTerm(draw(st.sampled_from(list(OutsideLicenceKind))), starts_on, ends_on, ended_on)


@given(st.lists(terms(), max_size=6), days)
def test_the_bar_date_is_the_latest_last_day_of_a_barring_licence_not_over(recorded, today):
    until = exclusive_licence_until(recorded, today)
    barring = [term for term in recorded if term.kind != ORDINARY and not term.over(today)]
    assert until == (max(term.last_day for term in barring) if barring else None)
    if until is not None:
        assert until >= today  # so declaration_bars refuses publishing today
    assert exclusive_licence_until([t for t in recorded if t.kind == ORDINARY], today) is None


@given(terms(), days)
def test_in_term_and_over_never_both_hold(term, day):
    assert not (term.in_term(day) and term.over(day))
    assert term.last_day <= term.ends_on


FILED, EXPIRY = date(2021, 3, 15), date(2041, 3, 14)


def test_the_term_lies_within_the_patent_s_term_and_ends_after_it_starts():
    assert term_refusal(date(2026, 1, 1), date(2026, 1, 1), FILED, EXPIRY) is None
    before = term_refusal(date(2021, 3, 14), date(2026, 1, 1), FILED, EXPIRY)
    assert (before.problem, before.field, before.limit) == (
        TermProblem.START_BEFORE_FILING, "starts_on", FILED)
    after = term_refusal(date(2026, 1, 1), date(9999, 12, 31), FILED, EXPIRY)
    assert (after.problem, after.field, after.limit) == (TermProblem.END_AFTER_EXPIRY, "ends_on", EXPIRY)
    reversed_term = term_refusal(date(2026, 1, 2), date(2026, 1, 1), FILED, EXPIRY)
    assert (reversed_term.problem, reversed_term.field) == (TermProblem.END_BEFORE_START, "ends_on")


def test_an_early_end_happened_within_the_term():
    start, end = date(2026, 1, 1), date(2027, 12, 31)
    assert early_end_refusal(TODAY, start, end, TODAY) is None
    assert early_end_refusal(start, start, end, TODAY) is None  # recorded by mistake: never in force
    assert early_end_refusal(TODAY + timedelta(days=1), start, end, TODAY).problem == EndProblem.AFTER_TODAY
    assert early_end_refusal(date(2025, 12, 31), start, end, TODAY).problem == EndProblem.BEFORE_START
    ended = early_end_refusal(date(2026, 6, 1), start, date(2026, 5, 31), TODAY)
    assert (ended.problem, ended.limit) == (EndProblem.AFTER_LAST_DAY, date(2026, 5, 31))


def test_a_licence_not_yet_begun_is_cancelled_from_today():
    start, end = date(2027, 1, 1), date(2028, 12, 31)
    assert early_end_refusal(TODAY, start, end, TODAY) is None
    refusal = early_end_refusal(TODAY - timedelta(days=1), start, end, TODAY)
    assert (refusal.problem, refusal.limit) == (EndProblem.BEFORE_START, TODAY)
    assert OutsideTerm(EXCLUSIVE, start, end, TODAY).never_in_force

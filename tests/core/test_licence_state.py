"""The licence lifecycle: the transition table, trial end, the trial reminder and dunning."""

from datetime import date, timedelta

import pytest

from marketplace.core.licence_state import (
    TERMINAL,
    TRANSITIONS,
    DunningPolicy,
    IllegalLicenceTransition,
    LicenceEvent,
    LicenceStatus,
    dunning_event,
    next_status,
    owes_nothing,
    trial_end_event,
    trial_reminder_date,
)

S = LicenceStatus
E = LicenceEvent

ALLOWED = {
    (S.TRIAL, E.CONVERT): S.ACTIVE,
    (S.TRIAL, E.DECLINE): S.DECLINED,
    (S.TRIAL, E.TRIAL_LAPSES): S.EXPIRED,
    (S.ACTIVE, E.CHARGE_OVERDUE): S.OVERDUE,
    (S.ACTIVE, E.TERM_ENDS): S.COMPLETED,
    (S.ACTIVE, E.STOP_AT_STAGE): S.COMPLETED,
    (S.ACTIVE, E.TERMINATE): S.TERMINATED,
    (S.OVERDUE, E.PAYMENT_SETTLES): S.ACTIVE,
    (S.OVERDUE, E.SUSPEND): S.SUSPENDED,
    (S.OVERDUE, E.TERMINATE): S.TERMINATED,
    (S.SUSPENDED, E.PAYMENT_SETTLES): S.ACTIVE,
    (S.SUSPENDED, E.TERMINATE): S.TERMINATED,
}


@pytest.mark.parametrize("status", list(LicenceStatus))
@pytest.mark.parametrize("event", list(LicenceEvent))
def test_transition_table(status, event):
    if (status, event) in ALLOWED:
        assert next_status(status, event) == ALLOWED[(status, event)]
    else:
        with pytest.raises(IllegalLicenceTransition) as raised:
            next_status(status, event)
        assert raised.value.status == status
        assert raised.value.event == event


def test_the_table_is_exactly_the_allowed_moves():
    assert TRANSITIONS == ALLOWED


def test_values_are_lower_case():
    assert all(s.value == s.name.lower() for s in LicenceStatus)
    assert all(e.value == e.name.lower() for e in LicenceEvent)


def test_terminal_states():
    assert TERMINAL == {S.DECLINED, S.EXPIRED, S.COMPLETED, S.TERMINATED}


@pytest.mark.parametrize("status", sorted(TERMINAL))
def test_terminal_states_accept_nothing(status):
    for event in LicenceEvent:
        with pytest.raises(IllegalLicenceTransition):
            next_status(status, event)


def test_no_state_goes_back_to_trial():
    assert S.TRIAL not in TRANSITIONS.values()


def test_illegal_transition_is_a_value_error_with_a_message():
    with pytest.raises(ValueError, match="cannot apply term_ends to a overdue licence"):
        next_status(S.OVERDUE, E.TERM_ENDS)


@pytest.mark.parametrize("status", [S.OVERDUE, S.SUSPENDED])
def test_the_term_cannot_end_on_a_debt(status):
    for event in (E.TERM_ENDS, E.STOP_AT_STAGE):
        with pytest.raises(IllegalLicenceTransition):
            next_status(status, event)
    # settle first, then the term ends
    assert next_status(next_status(status, E.PAYMENT_SETTLES), E.TERM_ENDS) == S.COMPLETED


def test_owes_nothing():
    assert {s for s in LicenceStatus if owes_nothing(s)} == {S.DECLINED, S.EXPIRED}


def test_trial_end_event():
    assert trial_end_event("convert") == E.CONVERT
    assert trial_end_event("expire") == E.TRIAL_LAPSES
    assert next_status(S.TRIAL, trial_end_event("convert")) == S.ACTIVE
    assert next_status(S.TRIAL, trial_end_event("expire")) == S.EXPIRED


@pytest.mark.parametrize("policy", ["", "Convert", "decline", "renew"])
def test_trial_end_event_refuses_other_policies(policy):
    with pytest.raises(ValueError, match="unknown trial-end policy"):
        trial_end_event(policy)


def test_reminder_seven_days_before_a_90_day_trial_ends():
    start = date(2027, 1, 1)
    last_day = start + timedelta(days=90 - 1)
    assert last_day == date(2027, 3, 31)
    assert trial_reminder_date(last_day, start) == date(2027, 3, 25)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (1, date(2027, 1, 1)),
        (5, date(2027, 1, 1)),
        (7, date(2027, 1, 1)),  # exactly 7 days remain on the first day
        (8, date(2027, 1, 2)),
        (14, date(2027, 1, 8)),
    ],
)
def test_reminder_at_once_when_fewer_than_seven_days_remain(days, expected):
    start = date(2027, 1, 1)
    assert trial_reminder_date(start + timedelta(days=days - 1), start) == expected


def test_reminder_refuses_a_trial_ending_before_it_starts():
    with pytest.raises(ValueError):
        trial_reminder_date(date(2026, 12, 31), date(2027, 1, 1))


DUE = date(2027, 4, 1)
POLICY = DunningPolicy()


@pytest.mark.parametrize(
    ("days_late", "expected"),
    [(-1, None), (0, None), (1, None), (30, None), (31, E.CHARGE_OVERDUE), (200, E.CHARGE_OVERDUE)],
)
def test_dunning_an_active_licence(days_late, expected):
    assert dunning_event(DUE, DUE + timedelta(days=days_late), S.ACTIVE, POLICY) == expected


@pytest.mark.parametrize(
    ("days_late", "expected"), [(31, None), (90, None), (91, E.SUSPEND), (400, E.SUSPEND)])
def test_dunning_an_overdue_licence(days_late, expected):
    assert dunning_event(DUE, DUE + timedelta(days=days_late), S.OVERDUE, POLICY) == expected


@pytest.mark.parametrize("status", [S.TRIAL, S.SUSPENDED, *sorted(TERMINAL)])
@pytest.mark.parametrize("days_late", [0, 31, 91, 1000])
def test_dunning_never_moves_other_states(status, days_late):
    assert dunning_event(DUE, DUE + timedelta(days=days_late), status, POLICY) is None


def test_dunning_follows_the_policy():
    policy = DunningPolicy(grace_days=10, suspend_after_days=20)
    assert dunning_event(DUE, DUE + timedelta(days=10), S.ACTIVE, policy) is None
    assert dunning_event(DUE, DUE + timedelta(days=11), S.ACTIVE, policy) == E.CHARGE_OVERDUE
    assert dunning_event(DUE, DUE + timedelta(days=20), S.OVERDUE, policy) is None
    assert dunning_event(DUE, DUE + timedelta(days=21), S.OVERDUE, policy) == E.SUSPEND


def test_dunning_counts_calendar_days_across_month_ends():
    due = date(2027, 1, 31)
    assert dunning_event(due, date(2027, 3, 2), S.ACTIVE, POLICY) is None  # 30 days
    assert dunning_event(due, date(2027, 3, 3), S.ACTIVE, POLICY) == E.CHARGE_OVERDUE  # 31 days


def test_dunning_events_are_legal_moves():
    later = DUE + timedelta(days=91)
    assert next_status(S.ACTIVE, dunning_event(DUE, later, S.ACTIVE, POLICY)) == S.OVERDUE
    assert next_status(S.OVERDUE, dunning_event(DUE, later, S.OVERDUE, POLICY)) == S.SUSPENDED


@pytest.mark.parametrize(("grace", "suspend"), [(-1, 90), (30, 30), (30, 10)])
def test_dunning_policy_refuses_nonsense(grace, suspend):
    with pytest.raises(ValueError):
        DunningPolicy(grace_days=grace, suspend_after_days=suspend)

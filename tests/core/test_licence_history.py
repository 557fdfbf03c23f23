"""A licence's status is the one its history leads to; voided charges need a reason in the history."""

from datetime import date

import pytest

from marketplace.core.licence_history import HistoryBreak, history_breaks, replay
from marketplace.core.licence_state import LicenceStatus

TRIAL = ["taken", "trial_started"]


@pytest.mark.parametrize(("kinds", "status"), [
    (["taken"], LicenceStatus.ACTIVE),
    (TRIAL, LicenceStatus.TRIAL),
    (TRIAL + ["reminded", "converted", "charge_posted"], LicenceStatus.ACTIVE),
    (TRIAL + ["declined"], LicenceStatus.DECLINED),
    (TRIAL + ["expired"], LicenceStatus.EXPIRED),
    (["taken", "charge_posted", "overdue", "suspended", "payment_received", "settled"], LicenceStatus.ACTIVE),
    (["taken", "overdue", "suspended", "terminated", "payment_received"], LicenceStatus.TERMINATED),
    (["taken", "stop_requested", "stopped_at_stage"], LicenceStatus.COMPLETED),
    (["taken", "completed"], LicenceStatus.COMPLETED),
])
def test_replay_follows_the_state_machine(kinds, status):
    assert replay(kinds) == status


@pytest.mark.parametrize("kinds", [
    TRIAL + ["converted", "declined"],
    TRIAL + ["declined", "converted"],
    ["taken", "declined"],
    ["taken", "terminated", "settled"],
    ["taken", "completed", "overdue"],
])
def test_a_history_the_state_machine_refuses_is_a_break(kinds):
    with pytest.raises(HistoryBreak):
        replay(kinds)


def test_converted_and_declined_is_named():
    breaks = history_breaks(LicenceStatus.ACTIVE, TRIAL + ["converted", "declined"], None, [])
    assert "both converted and declined" in breaks
    assert any(b.startswith("impossible history") for b in breaks)


def test_a_status_its_history_does_not_lead_to_is_a_break():
    assert history_breaks(LicenceStatus.ACTIVE, TRIAL + ["declined"], None, [date(2027, 4, 1)]) == [
        "status active but its history leads to declined"]
    assert history_breaks(LicenceStatus.DECLINED, TRIAL + ["declined"], None, [date(2027, 4, 1)]) == []


def test_charges_voided_need_a_reason():
    due = [date(2027, 4, 1)]
    assert history_breaks(LicenceStatus.ACTIVE, TRIAL + ["converted"], None, due) == [
        "1 charge(s) voided with no reason in the history"]
    assert history_breaks(LicenceStatus.TERMINATED, ["taken", "terminated"], None, due) == []
    assert history_breaks(LicenceStatus.EXPIRED, TRIAL + ["expired"], None, due) == []


def test_a_stage_stop_voids_only_what_falls_due_after_it():
    kinds = ["taken", "stop_requested"]
    assert history_breaks(LicenceStatus.ACTIVE, kinds, date(2027, 6, 30), [date(2027, 7, 1)]) == []
    assert history_breaks(LicenceStatus.ACTIVE, kinds, date(2027, 6, 30), [date(2027, 6, 30)]) == [
        "1 charge(s) due by the stage stop 2027-06-30 voided"]

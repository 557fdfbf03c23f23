"""A licence's status must be the one its recorded history leads to.

The history holds one step per thing that happened to a licence (see `licensing.history`); the steps
that move its status map onto the state machine's events. Replaying them from the first status
(TRIAL when a trial started, ACTIVE otherwise) through `next_status` gives the status the licence must
have: a history the machine refuses (say, converted and then declined) or one that ends elsewhere than
the stored status is a break. A charge voided without a step that voids charges (declined, expired,
stop requested, terminated) is a break too: something gave a licence away for free.

Plain Python: `flask ledger check` and the property tests feed it rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from marketplace.core.licence_state import IllegalLicenceTransition, LicenceEvent, LicenceStatus, next_status

# History step kinds that move a licence's status, and the event each one is.
STATUS_STEPS: dict[str, LicenceEvent] = {
    "converted": LicenceEvent.CONVERT,
    "declined": LicenceEvent.DECLINE,
    "expired": LicenceEvent.TRIAL_LAPSES,
    "overdue": LicenceEvent.CHARGE_OVERDUE,
    "settled": LicenceEvent.PAYMENT_SETTLES,
    "suspended": LicenceEvent.SUSPEND,
    "completed": LicenceEvent.TERM_ENDS,
    "stopped_at_stage": LicenceEvent.STOP_AT_STAGE,
    "terminated": LicenceEvent.TERMINATE,
}
TRIAL_STARTED = "trial_started"
STOP_REQUESTED = "stop_requested"
# Steps after which a licence's unposted charges may be voided (all of them, except after a stop request:
# only those due after the licence's last day).
VOIDS_ALL = frozenset({"declined", "expired", "terminated"})


class HistoryBreak(ValueError):
    """A licence's history cannot have happened, or does not lead to its stored status."""


def replay(kinds: Iterable[str]) -> LicenceStatus:
    """The status a licence's steps (oldest first) lead to; HistoryBreak when the state machine refuses
    one of them (e.g. a trial both converted and declined)."""
    kinds = list(kinds)
    status = LicenceStatus.TRIAL if TRIAL_STARTED in kinds else LicenceStatus.ACTIVE
    for kind in kinds:
        event = STATUS_STEPS.get(kind)
        if event is None:
            continue
        try:
            status = next_status(status, event)
        except IllegalLicenceTransition:
            raise HistoryBreak(f"{kind} after the licence was {status}") from None
    return status


def history_breaks(status: LicenceStatus, kinds: Sequence[str], stops_on: date | None,
                   voided_due_dates: Sequence[date]) -> list[str]:
    """What is wrong between a licence's stored status, its steps (oldest first) and its voided charges
    (their due dates); empty when they agree."""
    breaks: list[str] = []
    if "converted" in kinds and "declined" in kinds:
        breaks.append("both converted and declined")
    try:
        expected = replay(kinds)
    except HistoryBreak as error:
        breaks.append(f"impossible history: {error}")
    else:
        if expected != status:
            breaks.append(f"status {status} but its history leads to {expected}")
    if voided_due_dates and not VOIDS_ALL.intersection(kinds):
        if STOP_REQUESTED not in kinds or stops_on is None:
            breaks.append(f"{len(voided_due_dates)} charge(s) voided with no reason in the history")
        else:
            early = [due for due in voided_due_dates if due <= stops_on]
            if early:
                breaks.append(f"{len(early)} charge(s) due by the stage stop {stops_on} voided")
    return breaks

"""The licence lifecycle: trial, paid phase, dunning, and the ways a licence ends.

A try-first licence starts in TRIAL. The enterprise converts early or declines at any time during
the trial (nothing owed); a trial that ends without a decision follows the plan's policy: `convert`
(the licence enters its paid phase and the first paid charge falls due) or `expire` (the licence
ends, nothing owed). A licence without a trial starts ACTIVE.

While paid, an unpaid charge past its grace period makes the licence OVERDUE, and long after that
SUSPENDED (use of the patent suspended); settling the overdue charges brings it back to ACTIVE.
It ends COMPLETED (the term ended, or the enterprise stopped at a stage boundary of a staged plan,
with everything paid) or TERMINATED (early, for non-payment or by agreement).

No state goes backwards: TRIAL is never re-entered and the terminal states accept nothing.
The term cannot end on a debt: TERM_ENDS is illegal while OVERDUE or SUSPENDED, so the job that
moves time first settles the licence (PAYMENT_SETTLES, then TERM_ENDS) or terminates it. Likewise
STOP_AT_STAGE needs good standing: the enterprise stops owing nothing further only once paid up.

Dates (Asia/Shanghai calendar dates, always passed in): a trial of N days from D covers D … D+N−1;
the end-of-trial policy applies on D+N, the day the first paid charge is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

REMINDER_DAYS_BEFORE_TRIAL_END = 7


class LicenceStatus(StrEnum):
    """Where a licence stands."""

    TRIAL = "trial"  # in its trial phase
    ACTIVE = "active"  # paid phase, in good standing
    OVERDUE = "overdue"  # a charge unpaid past the grace period
    SUSPENDED = "suspended"  # unpaid long after: use of the patent suspended
    DECLINED = "declined"  # the enterprise declined during the trial: nothing owed
    EXPIRED = "expired"  # the trial ended without conversion under an `expire` policy: nothing owed
    COMPLETED = "completed"  # the term ended, or stopped at a stage boundary, with everything paid
    TERMINATED = "terminated"  # ended early for non-payment after suspension, or by agreement


class LicenceEvent(StrEnum):
    """What can happen to a licence."""

    CONVERT = "convert"  # early conversion, or trial end under a `convert` policy
    DECLINE = "decline"  # the enterprise declines during the trial
    TRIAL_LAPSES = "trial_lapses"  # trial end under an `expire` policy
    CHARGE_OVERDUE = "charge_overdue"  # a charge passed its grace period unpaid
    PAYMENT_SETTLES = "payment_settles"  # the overdue charges are now paid
    SUSPEND = "suspend"  # unpaid past the suspension threshold
    STOP_AT_STAGE = "stop_at_stage"  # the enterprise stops at a stage boundary, owing nothing further
    TERM_ENDS = "term_ends"  # the licence term has run out
    TERMINATE = "terminate"  # ended early, for non-payment or by agreement


class IllegalLicenceTransition(ValueError):
    """The event is not allowed in the licence's status."""

    def __init__(self, status: LicenceStatus, event: LicenceEvent) -> None:
        super().__init__(f"cannot apply {event} to a {status} licence")
        self.status = status
        self.event = event


TRANSITIONS: dict[tuple[LicenceStatus, LicenceEvent], LicenceStatus] = {
    (LicenceStatus.TRIAL, LicenceEvent.CONVERT): LicenceStatus.ACTIVE,
    (LicenceStatus.TRIAL, LicenceEvent.DECLINE): LicenceStatus.DECLINED,
    (LicenceStatus.TRIAL, LicenceEvent.TRIAL_LAPSES): LicenceStatus.EXPIRED,
    (LicenceStatus.ACTIVE, LicenceEvent.CHARGE_OVERDUE): LicenceStatus.OVERDUE,
    (LicenceStatus.ACTIVE, LicenceEvent.TERM_ENDS): LicenceStatus.COMPLETED,
    (LicenceStatus.ACTIVE, LicenceEvent.STOP_AT_STAGE): LicenceStatus.COMPLETED,
    (LicenceStatus.ACTIVE, LicenceEvent.TERMINATE): LicenceStatus.TERMINATED,
    (LicenceStatus.OVERDUE, LicenceEvent.PAYMENT_SETTLES): LicenceStatus.ACTIVE,
    (LicenceStatus.OVERDUE, LicenceEvent.SUSPEND): LicenceStatus.SUSPENDED,
    (LicenceStatus.OVERDUE, LicenceEvent.TERMINATE): LicenceStatus.TERMINATED,
    (LicenceStatus.SUSPENDED, LicenceEvent.PAYMENT_SETTLES): LicenceStatus.ACTIVE,
    (LicenceStatus.SUSPENDED, LicenceEvent.TERMINATE): LicenceStatus.TERMINATED,
}

TERMINAL: frozenset[LicenceStatus] = frozenset({
    LicenceStatus.DECLINED,
    LicenceStatus.EXPIRED,
    LicenceStatus.COMPLETED,
    LicenceStatus.TERMINATED,
})


def next_status(status: LicenceStatus, event: LicenceEvent) -> LicenceStatus:
    """The status after `event`; IllegalLicenceTransition when the table does not allow it.

    Terminal states accept nothing, TRIAL is never re-entered, and TERM_ENDS or STOP_AT_STAGE on
    an OVERDUE or SUSPENDED licence is refused: the debt is settled or the licence terminated first.
    """
    try:
        return TRANSITIONS[(status, event)]
    except KeyError:
        raise IllegalLicenceTransition(status, event) from None


def owes_nothing(status: LicenceStatus) -> bool:
    """True when the licence ended in its trial (declined or expired), so nothing was ever owed."""
    return status in (LicenceStatus.DECLINED, LicenceStatus.EXPIRED)


def trial_end_event(policy: str) -> LicenceEvent:
    """The event a trial that ends without a decision triggers under the plan's policy.

    "convert" → CONVERT, "expire" → TRIAL_LAPSES; ValueError for anything else.
    """
    if policy == "convert":
        return LicenceEvent.CONVERT
    if policy == "expire":
        return LicenceEvent.TRIAL_LAPSES
    raise ValueError(f"unknown trial-end policy {policy!r}: expected 'convert' or 'expire'")


def trial_reminder_date(trial_last_day: date, today_started: date) -> date:
    """The day the end-of-trial reminder goes out.

    The trial ends after `trial_last_day` (the policy applies the day after), so the reminder goes
    out 7 days before that: (trial_last_day + 1) − 7 days, or on `today_started` (the licence start)
    when fewer days remain. ValueError when the trial's last day precedes its start.
    """
    if trial_last_day < today_started:
        raise ValueError(f"trial last day {trial_last_day} is before its start {today_started}")
    trial_end = trial_last_day + timedelta(days=1)
    return max(trial_end - timedelta(days=REMINDER_DAYS_BEFORE_TRIAL_END), today_started)


@dataclass(frozen=True)
class DunningPolicy:
    """How long an unpaid charge may run: overdue after `grace_days`, suspended after `suspend_after_days`.

    Both counted in days after the due date; the suspension threshold must exceed the grace period.
    """

    grace_days: int = 30
    suspend_after_days: int = 90

    def __post_init__(self) -> None:
        """Refuse a negative grace period or a suspension threshold not beyond it."""
        if self.grace_days < 0:
            raise ValueError(f"grace_days must be 0 or more, got {self.grace_days}")
        if self.suspend_after_days <= self.grace_days:
            raise ValueError(
                f"suspend_after_days ({self.suspend_after_days}) must exceed grace_days ({self.grace_days})")


def dunning_event(due: date, today: date, status: LicenceStatus,
                  policy: DunningPolicy) -> LicenceEvent | None:
    """The dunning event an unpaid charge due on `due` triggers today, if any.

    ACTIVE and more than `grace_days` past due → CHARGE_OVERDUE; OVERDUE and more than
    `suspend_after_days` past due → SUSPEND; otherwise None (never in TRIAL, SUSPENDED or a
    terminal state). An ACTIVE licence far past both thresholds gets CHARGE_OVERDUE first; the
    next run suspends it.
    """
    days_late = (today - due).days
    if status == LicenceStatus.ACTIVE and days_late > policy.grace_days:
        return LicenceEvent.CHARGE_OVERDUE
    if status == LicenceStatus.OVERDUE and days_late > policy.suspend_after_days:
        return LicenceEvent.SUSPEND
    return None

"""A plain-Python model of what the ledger should hold, for the stateful test (test_stateful.py).

It knows each licence's charges (from its schedule when taken, plus royalty and true-up charges from
filed reports), when they fall due, and applies payments, waivers and reversals by the documented rule
(oldest charge first: due date, then slot). It never reads the database: the test compares the two.
A charge named by an open dispute (`disputed`) makes no licence overdue or suspended until the dispute is
resolved (`counts_against_standing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from marketplace.core.licence_state import (
    REMINDER_DAYS_BEFORE_TRIAL_END,
    TRANSITIONS,
    LicenceStatus,
)

TRIAL, PAID, DECLINED, EXPIRED, TERMINATED = "trial", "paid", "declined", "expired", "terminated"
STATUSES_OF_PHASE = {
    TRIAL: {LicenceStatus.TRIAL},
    PAID: {LicenceStatus.ACTIVE, LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED, LicenceStatus.COMPLETED,
           LicenceStatus.TERMINATED},
    DECLINED: {LicenceStatus.DECLINED},
    EXPIRED: {LicenceStatus.EXPIRED},
    TERMINATED: {LicenceStatus.TERMINATED},
}


def _reachable() -> dict[LicenceStatus, set[LicenceStatus]]:
    """Every status reachable from each status by one or more legal events (one run may take several)."""
    reach = {status: {after for (before, _event), after in TRANSITIONS.items() if before == status}
             for status in LicenceStatus}
    changed = True
    while changed:
        changed = False
        for targets in reach.values():
            more = set().union(*(reach[target] for target in targets)) - targets if targets else set()
            if more:
                targets |= more
                changed = True
    return reach


REACHABLE = _reachable()


def moved_forward(before: LicenceStatus, after: LicenceStatus) -> bool:
    """Whether `after` is `before` or reachable from it (no status goes backwards)."""
    return after == before or after in REACHABLE[before]


@dataclass
class ModelCharge:
    """A charge as the model expects it: posted once due (on a licence past its trial), settled so far."""

    slot: str
    due: date
    amount: int
    posted: bool = False
    settled: int = 0
    voided: bool = False  # will never fall due (trial declined or expired, stage stop, termination)

    @property
    def open(self) -> int:
        """What is still owed on it (0 before it is posted)."""
        return self.amount - self.settled if self.posted else 0


@dataclass
class ModelPayment:
    """A payment recorded once, and how it was applied to charges (slot → fen)."""

    licence_id: int
    reference: str
    amount: int
    transaction_id: int
    applied: dict[str, int]
    reversed: bool = False


@dataclass
class ModelLicence:
    """What the model expects of one licence."""

    id: int
    plan: str
    start: date
    phase: str
    trial_last_day: date | None = None
    trial_end: str | None = None
    charges: dict[str, ModelCharge] = field(default_factory=dict)
    reminded: bool = False
    charged: int = 0
    paid: int = 0
    waived: int = 0
    reversed: int = 0
    waived_slots: set[str] = field(default_factory=set)
    royalty_rate: Decimal | None = None
    reports_filed: int = 0
    year_royalties: dict[tuple[int, int], int] = field(default_factory=dict)
    disputed: set[str] = field(default_factory=set)  # slots named by an open dispute

    def counts_against_standing(self, slot: str) -> bool:
        """Whether an unpaid charge can make the licence overdue or suspended: not while disputed."""
        return slot not in self.disputed

    @property
    def owed(self) -> int:
        """Charged less paid and waived, plus what reversals took back."""
        return self.charged - self.paid - self.waived + self.reversed

    def open_charges(self) -> list[ModelCharge]:
        """Posted charges not fully settled, in the order a payment settles them."""
        return sorted((c for c in self.charges.values() if c.open > 0), key=lambda c: (c.due, c.slot))

    def add_charge(self, slot: str, due: date, amount: int) -> ModelCharge:
        """A charge the licence will owe on `due`."""
        charge = ModelCharge(slot, due, amount)
        self.charges[slot] = charge
        return charge

    def post(self, charge: ModelCharge) -> None:
        """The charge falls due: it is charged once."""
        assert not charge.posted
        charge.posted = True
        self.charged += charge.amount

    def void_unposted(self, after: date | None = None) -> None:
        """Charges not yet posted (due after `after`, when given) will never fall due."""
        for charge in self.charges.values():
            if not charge.posted and (after is None or charge.due > after):
                charge.voided = True

    def post_due(self, day: date) -> int:
        """Post every charge due by `day` on a licence past its trial; returns how many."""
        if self.phase != PAID:
            return 0
        due = [c for c in self.charges.values() if not c.posted and not c.voided and c.due <= day]
        for charge in due:
            self.post(charge)
        return len(due)

    def remind(self, day: date) -> bool:
        """The end-of-trial reminder goes out once, 7 days before the trial ends (at once if fewer), and
        not at all for a trial already over on the day the job runs."""
        if self.phase != TRIAL or self.reminded or self.start > day or self.trial_last_day < day:
            return False
        if self.trial_last_day > day + timedelta(days=REMINDER_DAYS_BEFORE_TRIAL_END - 1):
            return False
        self.reminded = True
        return True

    def end_trial(self, day: date) -> bool:
        """A trial whose last day is before `day` converts or expires by the plan's policy."""
        if self.phase != TRIAL or self.trial_last_day >= day:
            return False
        self.phase = PAID if self.trial_end == "convert" else EXPIRED
        if self.phase == EXPIRED:
            self.void_unposted()
        return True

    def pay(self, amount: int) -> dict[str, int]:
        """Apply a payment oldest charge first; returns slot → fen applied."""
        assert 0 < amount <= self.owed
        applied: dict[str, int] = {}
        left = amount
        for charge in self.open_charges():
            share = min(left, charge.open)
            charge.settled += share
            applied[charge.slot] = share
            left -= share
            if left == 0:
                break
        assert left == 0
        self.paid += amount
        return applied

    def waive(self, slot: str) -> int:
        """Forgo what is left of a charge; returns the amount."""
        charge = self.charges[slot]
        amount = charge.open
        charge.settled = charge.amount
        self.waived += amount
        self.waived_slots.add(slot)
        return amount

    def reverse(self, payment: ModelPayment) -> None:
        """Undo a payment: each charge it settled is open again by as much."""
        for slot, fen in payment.applied.items():
            self.charges[slot].settled -= fen
        payment.reversed = True
        self.reversed += payment.amount

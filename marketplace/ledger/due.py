"""Moving time: what falls due on a day. Safe to run twice (every posting has a unique key).

`run_due(today)` writes trial reminders (7 days before a trial ends), applies the end-of-trial
policy of each trial whose last day is before `today`, posts every scheduled charge due on or before
`today` that is not posted yet (for licences past their trial), and moves licences with unpaid
charges to overdue after the grace period and to suspended later (back to active once settled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from marketplace.core.ledger import AccountRef, Transaction, TransactionKind, balance, charge_posted
from marketplace.core.licence_state import (
    DunningPolicy,
    LicenceEvent,
    LicenceStatus,
    dunning_event,
    next_status,
    trial_end_event,
)
from marketplace.core.money import Money, sum_money
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.services import post
from marketplace.ledger.services import transactions as stored_transactions
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.notifications.services import send_trial_reminders

BILLABLE = (LicenceStatus.ACTIVE, LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED)


@dataclass
class DueReport:
    """What one run did."""

    trials_ended: int = 0
    charges_posted: int = 0
    overdue: int = 0
    suspended: int = 0
    settled: int = 0
    reminders: int = 0
    completed: int = 0


def _oldest_unpaid_due(transactions: list[Transaction], due_dates: dict[str, date],
                       enterprise_id: int) -> date | None:
    """The due date of the oldest charge not yet covered by payments and waivers (oldest first)."""
    reversed_keys = {t.reverses for t in transactions if t.reverses}
    charges = [t for t in transactions
               if t.kind == TransactionKind.CHARGE_POSTED and t.key not in reversed_keys]
    owed = balance(transactions, AccountRef.enterprise_receivable(enterprise_id))
    if owed <= Money.zero():
        return None
    covered = sum_money(t.amount for t in charges) - owed  # what payments and waivers settled
    for charge in sorted(charges, key=lambda t: (due_dates[t.key], t.key)):
        if covered < charge.amount:
            return due_dates[charge.key]
        covered -= charge.amount
    return None


def _owes_nothing(licence: Licence) -> bool:
    owed = balance(stored_transactions([licence.id]), AccountRef.enterprise_receivable(licence.enterprise_id))
    return owed <= Money.zero()


def apply_dunning(today: date, policy: DunningPolicy, report: DueReport) -> None:
    """Complete paid-up licences whose term has ended; mark licences overdue after the grace period,
    suspend them later, restore them once settled."""
    licences = db.session.scalars(select(Licence).where(Licence.status.in_(BILLABLE)).order_by(Licence.id))
    for licence in licences:
        if licence.status == LicenceStatus.ACTIVE and licence.end_date < today and _owes_nothing(licence):
            licence.status = next_status(licence.status, LicenceEvent.TERM_ENDS)
            report.completed += 1
            continue
        due_dates = dict(db.session.execute(select(LedgerTransaction.key, LedgerTransaction.business_date)
                                            .where(LedgerTransaction.licence_id == licence.id)).all())
        oldest = _oldest_unpaid_due(stored_transactions([licence.id]), due_dates, licence.enterprise_id)
        if oldest is None:
            if licence.status in (LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED):
                licence.status = next_status(licence.status, LicenceEvent.PAYMENT_SETTLES)
                report.settled += 1
            continue
        event = dunning_event(oldest, today, licence.status, policy)
        if event is not None:
            licence.status = next_status(licence.status, event)
            report.overdue += event == LicenceEvent.CHARGE_OVERDUE
            report.suspended += event == LicenceEvent.SUSPEND
    db.session.flush()


def end_trials(today: date, report: DueReport) -> None:
    """Apply the plan's end-of-trial policy to every trial whose last day has passed."""
    ended = db.session.scalars(select(Licence).where(
        Licence.status == LicenceStatus.TRIAL, Licence.trial_last_day < today))
    for licence in ended:
        policy = read_plan(licence.declaration).trial_end
        licence.status = next_status(licence.status, trial_end_event(policy.value if policy else "expire"))
        report.trials_ended += 1
    db.session.flush()


def post_due_charges(today: date, report: DueReport) -> None:
    """Post every charge due by today on a billable licence, once."""
    posted_keys = select(LedgerTransaction.key)
    due = db.session.execute(
        select(LicenceCharge, Licence)
        .join(Licence, Licence.id == LicenceCharge.licence_id)
        .where(LicenceCharge.due_date <= today,
               Licence.status.in_(BILLABLE)
               | ((Licence.status == LicenceStatus.TRIAL) & (LicenceCharge.kind == "trial_fee")))
        .order_by(LicenceCharge.due_date, LicenceCharge.id)
    ).all()
    keys = set(db.session.scalars(posted_keys.where(
        LedgerTransaction.licence_id.in_({licence.id for _, licence in due}))))
    for charge, licence in due:
        transaction = charge_posted(licence.id, licence.enterprise_id, licence.university_id,
                                    charge.natural_key, charge.amount)
        if transaction.key in keys:
            continue
        _, posted = post(transaction, charge.due_date)
        report.charges_posted += int(posted)


def run_due(today: date, policy: DunningPolicy | None = None) -> DueReport:
    """Everything that falls due on or before `today`."""
    report = DueReport()
    report.reminders = send_trial_reminders(today)
    end_trials(today, report)
    post_due_charges(today, report)
    apply_dunning(today, policy or DunningPolicy(), report)
    return report

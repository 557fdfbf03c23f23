"""Moving time: what falls due on a day. Safe to run twice (every posting has a unique key).

`run_due(today)` posts every scheduled charge due on or before `today` that is not posted yet (only
for licences past their trial, or whose trial converts), and applies the end-of-trial policy of each
trial whose last day is before `today`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from marketplace.core.ledger import charge_posted
from marketplace.core.licence_state import LicenceStatus, next_status, trial_end_event
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.services import post
from marketplace.licensing.models import Licence, LicenceCharge

BILLABLE = (LicenceStatus.ACTIVE, LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED)


@dataclass
class DueReport:
    """What one run did."""

    trials_ended: int = 0
    charges_posted: int = 0


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


def run_due(today: date) -> DueReport:
    """Everything that falls due on or before `today`."""
    report = DueReport()
    end_trials(today, report)
    post_due_charges(today, report)
    return report

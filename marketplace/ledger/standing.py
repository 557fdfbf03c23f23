"""A licence's standing after money moves: overdue or suspended licences return to active once no
charge is unpaid past the grace period.

A charge named by an open dispute (`disputes`) does not count while the dispute is open: it makes no
licence overdue or suspended, and does not keep one from settling. Once the dispute is resolved it counts
again, its grace period still counted from its due date (so an unpaid one makes the licence overdue on the
next run of the job).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import exists, select

from marketplace.core.licence_state import DunningPolicy, LicenceEvent, LicenceStatus
from marketplace.disputes.models import DisputeCharge
from marketplace.extensions import db
from marketplace.licensing.for_change import change_status
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import Licence, LicenceCharge


def dunning_policy() -> DunningPolicy:
    """The grace and suspension periods configured for this deployment."""
    config = current_app.config
    return DunningPolicy(config["LICENCE_GRACE_DAYS"], config["LICENCE_SUSPEND_AFTER_DAYS"])


def undisputed():
    """The condition that no open dispute names the charge (`LicenceCharge` in the enclosing query)."""
    return ~exists().where(DisputeCharge.charge_id == LicenceCharge.id, DisputeCharge.live.is_(True))


def open_before(day: date):
    """The select() of licence ids with a posted charge still open that fell due before `day` and that no
    open dispute names (an index look-up per open charge: `ix_dispute_charge_charge_id`)."""
    return select(LicenceCharge.licence_id).where(
        LicenceCharge.posted_on.is_not(None), LicenceCharge.settled_on.is_(None),
        LicenceCharge.due_date < day, undisputed())


def restore_standing(licence: Licence, today: date, policy: DunningPolicy | None = None) -> bool:
    """Bring an overdue or suspended licence back to active when nothing is unpaid past the grace
    period; returns whether it did."""
    if licence.status not in (LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED):
        return False
    policy = policy or dunning_policy()
    grace = today - timedelta(days=policy.grace_days)
    if db.session.scalar(open_before(grace).where(LicenceCharge.licence_id == licence.id).limit(1)):
        return False
    change_status(licence, LicenceEvent.PAYMENT_SETTLES)
    record(Step(licence.id, "settled", today.isoformat(), today))
    db.session.flush()
    return True

"""A licence's standing after money moves: overdue or suspended licences return to active once no
charge is unpaid past the grace period."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.core.licence_state import DunningPolicy, LicenceEvent, LicenceStatus
from marketplace.extensions import db
from marketplace.licensing.for_change import change_status
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import Licence, LicenceCharge


def dunning_policy() -> DunningPolicy:
    """The grace and suspension periods configured for this deployment."""
    config = current_app.config
    return DunningPolicy(config["LICENCE_GRACE_DAYS"], config["LICENCE_SUSPEND_AFTER_DAYS"])


def open_before(day: date):
    """The select() of licence ids with a posted charge still open that fell due before `day`."""
    return select(LicenceCharge.licence_id).where(
        LicenceCharge.posted_on.is_not(None), LicenceCharge.settled_on.is_(None),
        LicenceCharge.due_date < day)


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

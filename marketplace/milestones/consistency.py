"""Milestone charges agree with the milestones confirmed: what `flask ledger check` verifies about them.

Every milestone charge that was not voided falls due on the day its milestone was confirmed, or on its
long-stop date when that came first or nothing was confirmed (`core.milestones.due_day`): a charge
brought forward without a confirmation, or left on its long stop after one, is reported.
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.core.milestones import MilestoneStatus, due_day
from marketplace.extensions import db
from marketplace.licensing.models import LicenceCharge
from marketplace.milestones.models import MilestoneReport


def milestone_breaks() -> list[tuple[str, str]]:
    """Every milestone charge whose due date disagrees with its milestone's confirmation, as (code,
    detail)."""
    confirmed = {(row.licence_id, row.phase_index): row.decided_on for row in db.session.execute(
        select(MilestoneReport.licence_id, MilestoneReport.phase_index, MilestoneReport.decided_on)
        .where(MilestoneReport.status == MilestoneStatus.CONFIRMED))}
    breaks: list[tuple[str, str]] = []
    for charge in db.session.execute(
            select(LicenceCharge.licence_id, LicenceCharge.phase_index, LicenceCharge.slot,
                   LicenceCharge.due_date, LicenceCharge.due_by)
            .where(LicenceCharge.milestone.is_not(None), LicenceCharge.voided_on.is_(None))
            .order_by(LicenceCharge.licence_id, LicenceCharge.id)):
        expected = due_day(charge.due_by, confirmed.get((charge.licence_id, charge.phase_index)))
        if charge.due_date != expected:
            breaks.append(("milestone_charge_misdated",
                           f"licence {charge.licence_id} {charge.slot}: due {charge.due_date.isoformat()}, "
                           f"expected {expected.isoformat()}"))
    return breaks

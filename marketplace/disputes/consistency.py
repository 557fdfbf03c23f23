"""Disputes agree with themselves and with the charges: what `flask ledger check` verifies about them.

- a charge's link to a dispute is live exactly while the dispute is open (only live links keep a charge
  from making its licence overdue);
- no charge is named by two open disputes (the database refuses it too: `uq_dispute_charge_live`);
- a dispute names only charges of its own licence;
- a resolved dispute has an outcome, a day and who recorded it, and an outcome by mediation or by the court
  its case or judgment number (the database's checks say the same).
"""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.core.disputes import NEEDS_REFERENCE, DisputeStatus
from marketplace.disputes.models import Dispute, DisputeCharge
from marketplace.extensions import db
from marketplace.licensing.models import LicenceCharge


def dispute_breaks() -> list[tuple[str, str]]:
    """Every disagreement of the disputes, as (code, detail)."""
    breaks: list[tuple[str, str]] = []
    for dispute_id, charge_id, live, status, own in db.session.execute(
            select(DisputeCharge.dispute_id, DisputeCharge.charge_id, DisputeCharge.live, Dispute.status,
                   LicenceCharge.licence_id == Dispute.licence_id)
            .join(Dispute, Dispute.id == DisputeCharge.dispute_id)
            .join(LicenceCharge, LicenceCharge.id == DisputeCharge.charge_id)
            .order_by(DisputeCharge.dispute_id, DisputeCharge.charge_id)):
        if bool(live) != (status == DisputeStatus.OPEN):
            breaks.append(("dispute_charge_live_wrong", f"dispute {dispute_id} charge {charge_id}"))
        if not own:
            breaks.append(("dispute_charge_of_other_licence", f"dispute {dispute_id} charge {charge_id}"))
    for charge_id, count in db.session.execute(
            select(DisputeCharge.charge_id, func.count())
            .join(Dispute, Dispute.id == DisputeCharge.dispute_id)
            .where(Dispute.status == DisputeStatus.OPEN).group_by(DisputeCharge.charge_id)
            .having(func.count() > 1)):
        breaks.append(("charge_in_two_open_disputes", f"charge {charge_id}: {count} open disputes"))
    for dispute in db.session.scalars(select(Dispute).where(Dispute.status == DisputeStatus.RESOLVED)
                                      .order_by(Dispute.id)):
        if dispute.outcome is None or dispute.resolved_on is None or dispute.resolved_by_id is None:
            breaks.append(("resolved_without_outcome", f"dispute {dispute.id}"))
        elif dispute.outcome in NEEDS_REFERENCE and not dispute.reference:
            breaks.append(("outcome_without_reference", f"dispute {dispute.id}"))
    return breaks

"""The licence charges agree with the ledger: what `flask ledger check` verifies besides the ledger's
own invariants.

- every posted charge has its CHARGE_POSTED transaction of the same amount, and every such transaction
  has its charge;
- each charge's `settled_fen` is the sum of its settlement rows, within 0 … amount, and `settled_on` is
  set exactly when it is fully settled;
- no charge is both posted and voided (the database refuses it too);
- per licence, the enterprise receivable computed from the legs equals posted charges less settlements.
"""

from __future__ import annotations

from sqlalchemy import case, func, select

from marketplace.extensions import db
from marketplace.ledger.models import ChargeSettlement, LedgerLeg, LedgerTransaction
from marketplace.licensing.models import LicenceCharge


def _posted_charges() -> dict[str, int]:
    rows = db.session.execute(select(LicenceCharge.licence_id, LicenceCharge.slot, LicenceCharge.amount_fen)
                              .where(LicenceCharge.posted_on.is_not(None))).all()
    return {f"charge:licence:{licence_id}:{slot}": amount for licence_id, slot, amount in rows}


def _charge_transactions() -> dict[str, int]:
    rows = db.session.execute(
        select(LedgerTransaction.key, func.sum(LedgerLeg.amount_fen))
        .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
        .where(LedgerTransaction.kind == "charge_posted", LedgerLeg.side == "debit")
        .group_by(LedgerTransaction.key)).all()
    return dict(rows)


def charge_breaks() -> list[tuple[str, str]]:
    """Every disagreement between the charges, their settlements and the ledger, as (code, detail)."""
    breaks: list[tuple[str, str]] = []
    posted, transactions = _posted_charges(), _charge_transactions()
    for key in sorted(posted.keys() - transactions.keys()):
        breaks.append(("charge_not_in_ledger", key))
    for key in sorted(transactions.keys() - posted.keys()):
        breaks.append(("ledger_charge_without_charge", key))
    for key in sorted(posted.keys() & transactions.keys()):
        if posted[key] != transactions[key]:
            breaks.append(("charge_amount_differs", f"{key}: {posted[key]} ≠ {transactions[key]}"))
    for charge_id in db.session.scalars(select(LicenceCharge.id).where(
            LicenceCharge.posted_on.is_not(None), LicenceCharge.voided_on.is_not(None))):
        breaks.append(("posted_and_voided", f"charge {charge_id}"))
    settled = dict(db.session.execute(
        select(ChargeSettlement.charge_id, func.sum(ChargeSettlement.amount_fen))
        .group_by(ChargeSettlement.charge_id)).all())
    charges = db.session.execute(select(LicenceCharge.id, LicenceCharge.amount_fen, LicenceCharge.settled_fen,
                                        LicenceCharge.settled_on)).all()
    for charge in charges:
        if charge.settled_fen != settled.get(charge.id, 0):
            breaks.append(("settled_differs", f"charge {charge.id}: {charge.settled_fen} ≠ "
                                              f"{settled.get(charge.id, 0)} in its settlements"))
        if (charge.settled_on is not None) != (charge.settled_fen == charge.amount_fen):
            breaks.append(("settled_on_wrong", f"charge {charge.id}"))
    receivable = dict(db.session.execute(
        select(LedgerTransaction.licence_id,
               func.sum(case((LedgerLeg.side == "debit", LedgerLeg.amount_fen), else_=-LedgerLeg.amount_fen)))
        .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
        .where(LedgerLeg.account.like("receivable:%"))
        .group_by(LedgerTransaction.licence_id)).all())
    owed = dict(db.session.execute(
        select(LicenceCharge.licence_id, func.sum(LicenceCharge.amount_fen - LicenceCharge.settled_fen))
        .where(LicenceCharge.posted_on.is_not(None)).group_by(LicenceCharge.licence_id)).all())
    for licence_id in sorted(receivable.keys() | owed.keys()):
        if receivable.get(licence_id, 0) != owed.get(licence_id, 0):
            breaks.append(("balance_differs", f"licence {licence_id}: legs {receivable.get(licence_id, 0)} ≠ "
                                              f"charges {owed.get(licence_id, 0)}"))
    return breaks

"""Which charges a payment or a waiver settles: the oldest open charge first.

The ledger holds the money (one receivable per enterprise); these rows say how each credit to it was
applied to the licence's charges, so both parties see which charge is paid, partly paid or open, and
so the job that moves time finds unpaid charges by an index instead of replaying the ledger.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select

from marketplace.core.ledger import allocate_payment
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.ledger.models import ChargeSettlement
from marketplace.licensing.models import Licence, LicenceCharge


def open_charges(licence_id: int) -> list[LicenceCharge]:
    """Posted charges not fully settled, oldest first."""
    return list(db.session.scalars(
        select(LicenceCharge).where(LicenceCharge.licence_id == licence_id,
                                    LicenceCharge.posted_on.is_not(None), LicenceCharge.settled_on.is_(None))
        .order_by(LicenceCharge.due_date, LicenceCharge.id)))


def _apply(charge: LicenceCharge, transaction_key: str, fen: int, day: date) -> None:
    charge.settled_fen += fen
    charge.settled_on = day if charge.settled_fen == charge.amount_fen else None
    db.session.execute(insert(ChargeSettlement), [{
        "charge_id": charge.id, "licence_id": charge.licence_id, "transaction_key": transaction_key,
        "amount_fen": fen, "business_date": day}])


def apply_credit(licence: Licence, transaction_key: str, amount: Money, day: date) -> list[tuple[int, int]]:
    """Spread a credit (payment) over the open charges, oldest first; returns (charge id, fen) pairs.

    Raises `Overpayment` (core) when the credit exceeds what is open."""
    charges = open_charges(licence.id)
    by_slot = {charge.slot: charge for charge in charges}
    open_amounts = [(charge.slot, charge.due_date, Money.from_fen(charge.open_fen, charge.currency))
                    for charge in charges]
    applied = allocate_payment(open_amounts, amount)
    result = []
    for slot, share in applied:
        _apply(by_slot[slot], transaction_key, share.fen, day)
        result.append((by_slot[slot].id, share.fen))
    db.session.flush()
    return result


def apply_to_charge(charge: LicenceCharge, transaction_key: str, fen: int, day: date) -> None:
    """Settle part or all of one charge (a waiver of what is left on it)."""
    _apply(charge, transaction_key, fen, day)
    db.session.flush()


def take_back(original_key: str, reversal_key: str, day: date) -> int:
    """Undo how a reversed payment was applied: each charge it settled is open again by that much.
    Returns the fen taken back."""
    rows = list(db.session.scalars(select(ChargeSettlement).where(
        ChargeSettlement.transaction_key == original_key)))
    total = 0
    for row in rows:
        charge = db.session.get(LicenceCharge, row.charge_id)
        _apply(charge, reversal_key, -row.amount_fen, day)
        total += row.amount_fen
    db.session.flush()
    return total


def settlements_of(licence_id: int) -> list[ChargeSettlement]:
    """How every credit of a licence was applied, in order."""
    return list(db.session.scalars(select(ChargeSettlement).where(ChargeSettlement.licence_id == licence_id)
                                   .order_by(ChargeSettlement.id)))

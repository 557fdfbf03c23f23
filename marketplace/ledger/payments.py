"""Money against a licence: payments received, waivers, and reversals of payments recorded by mistake.

A payment is posted once per bank reference (the idempotency key, enforced by the ledger's unique
key), settles the licence's charges oldest first, and can never exceed what is owed. The licence is
taken for change first (`licence_for_change`), so two different payments at once cannot both pass the
"not more than owed" check. Services flush and never commit.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.core.ledger import AccountRef, balance, charge_waived, payment_received, reversal
from marketplace.core.licence_state import TERMINAL
from marketplace.core.money import Money, format_cny
from marketplace.core.text import normalise_code
from marketplace.event_dates import check_event_date
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.services import as_core, post, transactions
from marketplace.ledger.settlement import apply_credit, apply_to_charge, take_back
from marketplace.ledger.standing import restore_standing
from marketplace.licensing.for_change import licence_for_change
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.service_errors import ServiceError
from marketplace.webhooks import events as webhook_events


def outstanding(licence: Licence) -> Money:
    """What the enterprise still owes on this licence: posted charges less payments and waivers."""
    return balance(transactions([licence.id]), AccountRef.enterprise_receivable(licence.enterprise_id))


def payment_key(licence: Licence, reference: str) -> str:
    """The idempotency key of a bank transfer to this licence."""
    return f"bank:{licence.id}:{normalise_code(reference)}"


def record_payment(licence: Licence, amount: Money, reference: str, business_date: date,
                   today: date | None = None, now: datetime | None = None) -> bool:
    """Post a received payment once per bank reference; returns False when it was already recorded.

    `business_date` is the day the money arrived: not before the licence started, nor after `today`
    (when given; the job that replays a day passes none and the day is its today). A payment posted is
    announced to webhook partners as confirmed at `now` (the start of `business_date` when not given)."""
    reference = normalise_code(reference)
    if not reference:
        raise ServiceError(_l("Enter the bank transfer's reference."), field="reference")
    if amount <= Money.zero():
        raise ServiceError(_l("The amount must be above zero."), field="amount")
    check_event_date(business_date, licence.start_date, today or business_date, "received_on")
    licence = licence_for_change(licence.id)
    key = payment_key(licence, reference)
    if db.session.scalar(select(LedgerTransaction.id).where(LedgerTransaction.key == "payment:" + key)):
        return False
    owed = outstanding(licence)
    if amount > owed:
        raise ServiceError(_l("The payment is larger than what is owed (%(owed)s).", owed=format_cny(owed)),
                           field="amount")
    transaction = payment_received(licence.id, licence.enterprise_id, licence.university_id, key, amount)
    row, posted = post(transaction, business_date)
    if posted:
        apply_credit(licence, transaction.key, amount, business_date)
        record(Step(licence.id, "payment_received", reference, business_date, amount.fen, reference))
        restore_standing(licence, business_date)
        webhook_events.payment_confirmed(licence, row.id, amount, reference, business_date,
                                         now or webhook_events.day_start(business_date))
    return posted


def waive_charge(licence: Licence, charge: LicenceCharge, reason: str, business_date: date) -> Money:
    """The university forgoes what is left of a posted charge (once per charge); returns the amount."""
    if charge.licence_id != licence.id:
        raise ServiceError(_l("That charge is not part of this licence."))
    if not reason.strip():
        raise ServiceError(_l("Give a reason for the waiver."), field="reason")
    licence = licence_for_change(licence.id)
    db.session.refresh(charge)
    if charge.posted_on is None:
        raise ServiceError(_l("Only a charge that has fallen due can be waived."))
    if charge.open_fen == 0:
        raise ServiceError(_l("Nothing is left to waive on this charge."))
    amount = Money.from_fen(charge.open_fen, charge.currency)
    transaction = charge_waived(licence.id, licence.enterprise_id, licence.university_id, charge.natural_key,
                                amount)
    _, posted = post(transaction, business_date)
    if not posted:
        raise ServiceError(_l("This charge was already waived."))
    apply_to_charge(charge, transaction.key, amount.fen, business_date)
    record(Step(licence.id, "charge_waived", charge.slot, business_date, amount.fen, reason.strip()))
    restore_standing(licence, business_date)
    return amount


def reverse_payment(licence: Licence, transaction_id: int, reason: str, business_date: date) -> Money:
    """Undo a payment recorded by mistake with a reversing transaction (the original stays); the
    charges it settled are open again. Once per payment."""
    if not reason.strip():
        raise ServiceError(_l("Give a reason for the reversal."), field="reason")
    licence = licence_for_change(licence.id)
    if licence.status in TERMINAL:
        raise ServiceError(_l("This licence has ended; its payments can no longer be reversed."))
    row = db.session.get(LedgerTransaction, transaction_id)
    if row is None or row.licence_id != licence.id or row.kind != "payment_received":
        raise ServiceError(_l("Only a payment of this licence can be reversed."))
    undo = reversal(as_core(row))
    _, posted = post(undo, business_date)
    if not posted:
        raise ServiceError(_l("This payment was already reversed."))
    take_back(row.key, undo.key, business_date)
    record(Step(licence.id, "payment_reversed", row.key, business_date, undo.amount.fen, reason.strip()))
    return undo.amount

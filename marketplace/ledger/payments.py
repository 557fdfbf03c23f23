"""Payments: the university records a bank transfer it received; it settles the licence's charges,
oldest first, and can never exceed what is owed. The bank reference is the idempotency key, so the
same transfer recorded twice (a double click, a retry) posts once."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from marketplace.core.ledger import AccountRef, balance, payment_received
from marketplace.core.money import Money
from marketplace.core.text import normalise_code
from marketplace.ledger.services import post, transactions
from marketplace.licensing.models import Licence
from marketplace.service_errors import ServiceError


def outstanding(licence: Licence) -> Money:
    """What the enterprise still owes on this licence: posted charges less payments and waivers."""
    return balance(transactions([licence.id]), AccountRef.enterprise_receivable(licence.enterprise_id))


def record_payment(licence: Licence, amount: Money, reference: str, business_date: date) -> bool:
    """Post a received payment once per bank reference; returns False when it was already recorded."""
    reference = normalise_code(reference)
    if not reference:
        raise ServiceError(_l("Enter the bank transfer's reference."), field="reference")
    if amount <= Money.zero():
        raise ServiceError(_l("The amount must be above zero."), field="amount")
    ledger = transactions([licence.id])
    key = f"bank:{licence.id}:{reference}"
    if any(t.key == "payment:" + key for t in ledger):
        return False
    owed = balance(ledger, AccountRef.enterprise_receivable(licence.enterprise_id))
    if amount > owed:
        raise ServiceError(
            _l("The payment is larger than what is owed (%(owed)s).", owed=f"¥{owed.amount:,.2f}"),
            field="amount",
        )
    transaction = payment_received(licence.id, licence.enterprise_id, licence.university_id, key, amount)
    _, posted = post(transaction, business_date)
    return posted

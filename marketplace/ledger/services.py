"""Posting to the ledger exactly once, reading it back for balances and audits.

`post` inserts a transaction and its legs inside a savepoint; a second post of the same key (a double
click, a retry, a second worker) hits the unique constraint and returns the transaction already
there instead of posting twice. Services flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.core.ledger import AccountRef, Leg, Transaction, balance
from marketplace.core.ledger_audit import check_invariants
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.ledger.models import LedgerLeg, LedgerTransaction


def _by_key(key: str) -> LedgerTransaction | None:
    return db.session.scalar(select(LedgerTransaction).where(LedgerTransaction.key == key))


def post(transaction: Transaction, business_date: date) -> tuple[LedgerTransaction, bool]:
    """Store a balanced transaction once. Returns (the stored row, whether this call posted it)."""
    existing = _by_key(transaction.key)
    if existing is not None:
        return existing, False
    row = LedgerTransaction(
        key=transaction.key, kind=transaction.kind, licence_id=transaction.licence_id,
        reverses=transaction.reverses, business_date=business_date,
        legs=[LedgerLeg(account=leg.account.code, side=leg.side, amount_fen=leg.amount.fen,
                        currency=leg.amount.currency) for leg in transaction.legs],
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:  # another request posted the same key first
        existing = _by_key(transaction.key)
        if existing is None:
            raise
        return existing, False
    return row, True


def as_core(row: LedgerTransaction) -> Transaction:
    """A stored transaction as a domain object (unchecked, so audits can find what is wrong)."""
    legs = [Leg(AccountRef.from_code(leg.account), leg.side, Money.from_fen(leg.amount_fen, leg.currency))
            for leg in row.legs]
    return Transaction.unchecked(row.key, row.kind, row.licence_id, legs, row.reverses)


def transactions(licence_ids: Iterable[int] | None = None) -> list[Transaction]:
    """Stored transactions as domain objects (all of them, or those of some licences)."""
    stmt = (select(LedgerTransaction).options(selectinload(LedgerTransaction.legs))
            .order_by(LedgerTransaction.id))
    if licence_ids is not None:
        stmt = stmt.where(LedgerTransaction.licence_id.in_(list(licence_ids)))
    return [as_core(row) for row in db.session.scalars(stmt)]


def account_balance(account: AccountRef) -> Money:
    """An account's balance, summed from its legs."""
    return balance(transactions(), account)


def audit() -> list[tuple[str, str]]:
    """Every broken invariant of the whole ledger, every disagreement between the licence charges and
    the ledger, every licence whose status disagrees with its history, every milestone charge whose
    due date disagrees with its milestone's confirmation and every dispute whose charges or outcome
    disagree (`disputes.consistency`), as (code, detail); empty when all hold."""
    from marketplace.disputes.consistency import dispute_breaks
    from marketplace.ledger.consistency import charge_breaks
    from marketplace.ledger.history_consistency import status_breaks
    from marketplace.milestones.consistency import milestone_breaks

    return ([(str(code), detail) for code, detail in check_invariants(transactions())] + charge_breaks()
            + status_breaks() + milestone_breaks() + dispute_breaks())

"""Posting charges when they fall due: each charge is claimed once (compare-and-set on `posted_on`)
and posted to the ledger in bulk (DR enterprise receivable / CR university revenue), with a step in
the licence's history. Charges after a staged licence's stop, and paid phases of a licence still on
trial, are not due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import exists, insert, or_, select, update

from marketplace.core.ledger import charge_posted
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.schedule import ChargeKind
from marketplace.extensions import db
from marketplace.ledger.claims import Progress, chunks, claimable, no_progress
from marketplace.ledger.models import LedgerLeg, LedgerTransaction
from marketplace.licensing.history import Step, record_many
from marketplace.licensing.models import Licence, LicenceCharge

BILLABLE = (LicenceStatus.ACTIVE, LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED)


def charges_due(today: date):
    """The select() of charges due by `today` and not posted yet, on licences that owe them.

    The licence is checked in a correlated EXISTS (a primary-key lookup per charge) rather than a join,
    so the database starts from the unposted charges due (`ix_licence_charge_unposted_due`): a join
    let SQLite start from every billable licence, a cost that grew with the licences held."""
    owes = exists().where(
        Licence.id == LicenceCharge.licence_id,
        Licence.status.in_(BILLABLE)
        | ((Licence.status == LicenceStatus.TRIAL) & (LicenceCharge.kind == ChargeKind.TRIAL_FEE.value)),
        or_(Licence.stops_on.is_(None), LicenceCharge.due_date <= Licence.stops_on))
    return select(LicenceCharge.id).where(
        LicenceCharge.posted_on.is_(None), LicenceCharge.voided_on.is_(None), LicenceCharge.due_date <= today,
        owes)


def void_charges(licence_ids: Sequence[int], today: date, after: date | None = None) -> int:
    """Mark the unposted charges of these licences (those due after `after`, when given) as never falling
    due: a trial declined or expired, a staged licence stopped at a stage boundary. Returns how many."""
    voided = 0
    for chunk in chunks(list(licence_ids)):
        stmt = (update(LicenceCharge)
                .where(LicenceCharge.licence_id.in_(chunk), LicenceCharge.posted_on.is_(None),
                       LicenceCharge.voided_on.is_(None))
                .values(voided_on=today).execution_options(synchronize_session=False))
        if after is not None:
            stmt = stmt.where(LicenceCharge.due_date > after)
        voided += db.session.execute(stmt).rowcount
    return voided


def post_claimed(charge_ids: Sequence[int], today: date) -> int:
    """Claim these charges (those neither posted nor voided meanwhile) and post each to the ledger once."""
    claimed = db.session.execute(
        update(LicenceCharge).where(LicenceCharge.id.in_(list(charge_ids)), LicenceCharge.posted_on.is_(None),
                                    LicenceCharge.voided_on.is_(None))
        .values(posted_on=today)
        .returning(LicenceCharge.id, LicenceCharge.licence_id, LicenceCharge.slot, LicenceCharge.amount_fen,
                   LicenceCharge.currency, LicenceCharge.due_date),
        execution_options={"synchronize_session": False}).all()
    if not claimed:
        return 0
    parties = {row.id: row for row in db.session.execute(
        select(Licence.id, Licence.enterprise_id, Licence.university_id)
        .where(Licence.id.in_({row.licence_id for row in claimed})))}
    transactions = []
    for row in claimed:
        licence = parties[row.licence_id]
        transactions.append((row, charge_posted(row.licence_id, licence.enterprise_id, licence.university_id,
                                                f"licence:{row.licence_id}:{row.slot}",
                                                Money.from_fen(row.amount_fen, row.currency))))
    ids = db.session.scalars(
        insert(LedgerTransaction).returning(LedgerTransaction.id, sort_by_parameter_order=True),
        [{"key": t.key, "kind": t.kind, "licence_id": t.licence_id, "reverses": None,
          "business_date": row.due_date} for row, t in transactions]).all()
    db.session.execute(insert(LedgerLeg), [
        {"transaction_id": transaction_id, "account": leg.account.code, "side": leg.side,
         "amount_fen": leg.amount.fen, "currency": leg.amount.currency}
        for transaction_id, (_, t) in zip(ids, transactions, strict=True) for leg in t.legs])
    record_many(Step(row.licence_id, "charge_posted", row.slot, row.due_date, row.amount_fen)
                for row in claimed)
    return len(claimed)


def post_due_charges(today: date, progress: Progress = no_progress) -> int:
    """Post every charge due by `today` that is not posted yet; returns how many this run posted."""
    ids = claimable(charges_due(today).order_by(LicenceCharge.due_date, LicenceCharge.id), LicenceCharge)
    posted = 0
    for chunk in chunks(ids):
        posted += post_claimed(chunk, today)
        progress(len(chunk))
    return posted

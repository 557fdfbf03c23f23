"""What the money pages of a licence show, read once per page: each charge with what was paid or waived
on it, every ledger entry with how it was applied to the charges (oldest first), the balance both
parties see, and the next charge and trial days of each licence in a list.

Read-only: nothing here writes. The balance is summed from the same ledger rows the entries show, so
the figures on the page always agree with each other and with `payments.outstanding`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.core.ledger import AccountRef, Side, balance
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.ledger.labels import payment_reference
from marketplace.ledger.models import LedgerTransaction, PaymentNotice
from marketplace.ledger.services import as_core
from marketplace.ledger.settlement import settlements_of
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceCharge


def fen_money(fen: int, currency: str = "CNY") -> Money:
    """An amount stored in fen, as Money (for the templates)."""
    return Money.from_fen(fen, currency)


def notice_amount(notice: PaymentNotice) -> Money:
    """The amount of a notice of a transfer."""
    return Money.from_fen(notice.amount_fen, notice.currency)


def charge_state(charge: LicenceCharge) -> str:
    """not_due (not posted yet), not_owed (voided: the licence ended or stops before it), open (posted,
    nothing paid), partly_paid, or paid (paid or waived)."""
    if charge.posted_on is None:
        return "not_owed" if charge.voided_on is not None else "not_due"
    if charge.settled_fen >= charge.amount_fen:
        return "paid"
    return "partly_paid" if charge.settled_fen > 0 else "open"


@dataclass(frozen=True)
class ChargeRow:
    """One charge as the table shows it."""

    charge: LicenceCharge
    state: str

    @property
    def settled(self) -> Money:
        """Paid or waived on this charge so far."""
        return Money.from_fen(self.charge.settled_fen, self.charge.currency)

    @property
    def still_open(self) -> Money:
        """Still owed on this charge (nothing before it falls due)."""
        return Money.from_fen(self.charge.open_fen, self.charge.currency)


@dataclass(frozen=True)
class Application:
    """How much of one ledger entry went to one charge (negative when a reversal took it back)."""

    charge: LicenceCharge
    amount: Money


@dataclass
class Entry:
    """One ledger transaction of the licence, with its amount and how it was applied to charges."""

    row: LedgerTransaction
    amount: Money
    applied: list[Application] = field(default_factory=list)
    reversed: bool = False

    @property
    def reversible(self) -> bool:
        """A payment not reversed yet."""
        return self.row.kind == "payment_received" and not self.reversed

    @property
    def reference(self) -> str:
        """The bank reference of a payment (its key is ``payment:bank:<licence>:<reference>``), else ""."""
        if self.row.kind != "payment_received":
            return ""
        return payment_reference(self.row.key)


@dataclass(frozen=True)
class LicenceMoney:
    """Everything the money sections of the detail page need."""

    charges: list[ChargeRow]
    entries: list[Entry]
    owed: Money


def _amount(row: LedgerTransaction) -> Money:
    fen = sum(leg.amount_fen for leg in row.legs if leg.side == Side.DEBIT)
    return Money.from_fen(fen, row.legs[0].currency if row.legs else "CNY")


def licence_money(licence: Licence) -> LicenceMoney:
    """The charges, the ledger entries (oldest first) and the balance of one licence."""
    rows = list(db.session.scalars(
        select(LedgerTransaction).options(selectinload(LedgerTransaction.legs))
        .where(LedgerTransaction.licence_id == licence.id).order_by(LedgerTransaction.id)))
    charges = {charge.id: charge for charge in licence.charges}
    by_key: dict[str, list[Application]] = defaultdict(list)
    for settlement in settlements_of(licence.id):
        charge = charges[settlement.charge_id]
        by_key[settlement.transaction_key].append(
            Application(charge, Money.from_fen(settlement.amount_fen, charge.currency)))
    reversed_keys = {row.reverses for row in rows if row.reverses}
    entries = [Entry(row, _amount(row), by_key.get(row.key, []), row.key in reversed_keys) for row in rows]
    owed = balance([as_core(row) for row in rows], AccountRef.enterprise_receivable(licence.enterprise_id))
    rows_of_charges = [ChargeRow(charge, charge_state(charge)) for charge in licence.charges]
    return LicenceMoney(rows_of_charges, entries, owed)


@dataclass(frozen=True)
class ListSummary:
    """The next charge and the trial days left of one row of a licence list (the charged, paid, balance
    and overdue columns are `money_columns`)."""

    next_due: date | None = None
    next_amount: Money | None = None
    trial_days_left: int | None = None


def _next_charges(licences: Sequence[Licence]) -> dict[int, LicenceCharge]:
    """Per licence, its earliest charge not settled: an open one, or (while the licence is live) one
    still to fall due within its term or before its stage stop."""
    ids = [licence.id for licence in licences]
    live = [licence.id for licence in licences if licence.status in LIVE_STATUSES]
    candidates = (
        select(LicenceCharge.id, LicenceCharge.licence_id,
               func.row_number().over(partition_by=LicenceCharge.licence_id,
                                      order_by=(LicenceCharge.due_date, LicenceCharge.id)).label("rank"))
        .join(Licence, Licence.id == LicenceCharge.licence_id)
        .where(LicenceCharge.licence_id.in_(ids), LicenceCharge.settled_on.is_(None),
               or_(LicenceCharge.posted_on.is_not(None),
                   LicenceCharge.licence_id.in_(live)
                   & (LicenceCharge.due_date <= func.coalesce(Licence.stops_on, Licence.end_date))))
        .subquery())
    first = select(candidates.c.id).where(candidates.c.rank == 1)
    charges = db.session.scalars(select(LicenceCharge).where(LicenceCharge.id.in_(first)))
    return {charge.licence_id: charge for charge in charges}


def list_summaries(licences: Sequence[Licence], today: date) -> dict[int, ListSummary]:
    """The next charge and trial days left of a page of licences (one query for the whole page)."""
    if not licences:
        return {}
    nexts = _next_charges(licences)
    summaries = {}
    for licence in licences:
        charge = nexts.get(licence.id)
        days_left = None
        if licence.status == LicenceStatus.TRIAL and licence.trial_last_day is not None:
            days_left = max((licence.trial_last_day - today).days + 1, 0)
        next_amount = (Money.from_fen(charge.amount_fen - charge.settled_fen, charge.currency)
                       if charge else None)
        summaries[licence.id] = ListSummary(
            next_due=charge.due_date if charge else None,
            next_amount=next_amount,
            trial_days_left=days_left,
        )
    return summaries

"""Fees charged, collected and overdue, per university and month of the scope's year, from the ledger.

- **charged**: the charges posted to the ledger (each is the receivable's debit of its CHARGE_POSTED
  transaction), by business date (the charge's due date);
- **collected**: what payments, less reversals of payments, settled of charges, by business date;
- **overdue**: what is still open today of posted charges unpaid past the grace period and named by no open
  dispute (the amount that makes a licence overdue, as the licence lists count it:
  `ledger.standing.open_before`), by due date.

Each is one grouped query over (university, month); the months and the year's totals are read from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import Select, extract, func, or_, select

from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.report_year import MONTHS
from marketplace.extensions import db
from marketplace.ledger.models import ChargeSettlement
from marketplace.ledger.standing import dunning_policy, undisputed
from marketplace.licensing.conversion import PAYMENT_PREFIX, PAYMENT_REVERSAL_PREFIX
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.policy.scope import Scope


class Fee(StrEnum):
    """The money figures."""

    CHARGED = "charged"
    COLLECTED = "collected"
    OVERDUE = "overdue"


def _scoped(stmt: Select, scope: Scope) -> Select:
    stmt = stmt.where(*scope.universities(Licence.university_id))
    if scope.industry:
        stmt = stmt.join(Patent, Patent.id == Licence.patent_id).where(*scope.industries(Patent.industry))
    if scope.zone_id is not None:
        stmt = stmt.where(Licence.source_zone_id == scope.zone_id)
    return stmt


def fee_rows(fee: Fee, scope: Scope, today: date) -> Select:
    """The rows behind a money figure: (row_id = licence, university_id, day, fen)."""
    period = scope.period
    if fee == Fee.CHARGED:
        # A posted charge is its CHARGE_POSTED transaction: the receivable's debit of its amount, with its
        # due date as business date (`ledger.due_charges.post_claimed`; `flask ledger check` holds it).
        day = LicenceCharge.due_date
        stmt = (select(Licence.id.label("row_id"), Licence.university_id.label("university_id"),
                       day.label("day"), LicenceCharge.amount_fen.label("fen"))
                .select_from(LicenceCharge).join(Licence, Licence.id == LicenceCharge.licence_id)
                .where(LicenceCharge.posted_on.is_not(None)))
    elif fee == Fee.COLLECTED:
        day = ChargeSettlement.business_date
        stmt = (select(Licence.id.label("row_id"), Licence.university_id.label("university_id"),
                       day.label("day"), ChargeSettlement.amount_fen.label("fen"))
                .join(ChargeSettlement, ChargeSettlement.licence_id == Licence.id)
                .where(or_(ChargeSettlement.transaction_key.startswith(PAYMENT_PREFIX),
                           ChargeSettlement.transaction_key.startswith(PAYMENT_REVERSAL_PREFIX))))
    else:
        day = LicenceCharge.due_date
        stmt = (select(Licence.id.label("row_id"), Licence.university_id.label("university_id"),
                       day.label("day"), (LicenceCharge.amount_fen - LicenceCharge.settled_fen).label("fen"))
                .join(LicenceCharge, LicenceCharge.licence_id == Licence.id)
                .where(LicenceCharge.posted_on.is_not(None), LicenceCharge.settled_on.is_(None),
                       LicenceCharge.due_date < today - timedelta(days=dunning_policy().grace_days),
                       undisputed()))
    stmt = stmt.where(day >= period.first_day, day < period.next_first_day)
    return _scoped(stmt, scope)


@dataclass(frozen=True)
class FeesByMonth:
    """fen[fee][university_id][month]; months 1–12 of the scope's year."""

    fen: dict[Fee, dict[int, dict[int, int]]] = field(default_factory=dict)

    def month(self, fee: Fee, month: int, university_id: int | None = None) -> Money:
        """One month's amount, of one university or (None) of all in scope."""
        rows = self.fen.get(fee, {})
        if university_id is not None:
            return Money.from_fen(rows.get(university_id, {}).get(month, 0))
        return Money.from_fen(sum(months.get(month, 0) for months in rows.values()))

    def year(self, fee: Fee, university_id: int | None = None) -> Money:
        """The year's amount, of one university or (None) of all in scope."""
        return sum((self.month(fee, month, university_id) for month in MONTHS), Money.zero())

    def series(self, fee: Fee, university_id: int | None = None) -> list[Money]:
        """The twelve months' amounts."""
        return [self.month(fee, month, university_id) for month in MONTHS]


def fees_by_month(scope: Scope, today: date) -> FeesByMonth:
    """Charged, collected and overdue per university and month: three grouped queries."""
    found: dict[Fee, dict[int, dict[int, int]]] = {}
    for fee in Fee:
        rows = fee_rows(fee, scope, today).subquery()
        month = extract("month", rows.c.day)
        stmt = (select(rows.c.university_id, month, func.sum(rows.c.fen))
                .group_by(rows.c.university_id, month))
        table: dict[int, dict[int, int]] = defaultdict(dict)
        for university_id, month_number, fen in db.session.execute(stmt):
            table[university_id][int(month_number)] = int(fen or 0)
        found[fee] = dict(table)
    return FeesByMonth(found)

"""The money columns of every licence list and its downloads (the enterprise's, the university's and the
administrator's platform-wide list and licence page): charged, paid, balance and overdue per licence,
summed in SQL for a whole page (or a whole download) in two grouped queries.

The figures are those of the licence page:

- charged: every charge posted to the ledger (what fell due), from the enterprise receivable's debits of
  `charge_posted` transactions;
- paid: the money the university received, net of payments reversed (the university cash account);
- balance: what the enterprise owes now, the balance of its receivable (charged − paid − waived), the
  licence page's "Balance owed";
- overdue: what is still open on charges unpaid past the grace period and named by no open dispute
  (`ledger.standing.open_before` with `dunning_policy().grace_days`), the amount that makes a licence
  overdue. A charge whose due date
  has passed but which is still within the grace period is in the balance, not in overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Select, case, func, select

from marketplace.core.ledger import AccountKind, Side, TransactionKind, account_code_prefix
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.ledger.models import LedgerLeg, LedgerTransaction
from marketplace.ledger.standing import dunning_policy, open_before
from marketplace.licensing.models import LicenceCharge

# The headings of the money columns in the CSV and XLSX downloads of the licence lists, in the order of
# `MoneyColumns.in_yuan`.
DOWNLOAD_HEADINGS = ("已计费（元）", "已收款（元）", "欠款余额（元）", "逾期未付（元）")


@dataclass(frozen=True)
class MoneyColumns:
    """The money columns of one licence in a list."""

    charged: Money = field(default_factory=Money.zero)
    paid: Money = field(default_factory=Money.zero)
    balance: Money = field(default_factory=Money.zero)
    overdue: Money = field(default_factory=Money.zero)

    def in_yuan(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """Charged, paid, balance and overdue as Decimal yuan, the cells under `DOWNLOAD_HEADINGS`."""
        return self.charged.amount, self.paid.amount, self.balance.amount, self.overdue.amount


def _on(kind: AccountKind):
    """Whether a leg is on an account of `kind`."""
    return LedgerLeg.account.like(f"{account_code_prefix(kind)}:%")


def _signed(side: Side):
    """A leg's amount, positive on `side` and negative on the other."""
    return case((LedgerLeg.side == side, LedgerLeg.amount_fen), else_=-LedgerLeg.amount_fen)


def money_columns(licence_ids: Iterable[int] | Select, today: date) -> dict[int, MoneyColumns]:
    """Per licence id (a list, or a select() of ids), its money columns; a licence with nothing posted
    is absent (its columns are all zero: use `.get(id, MoneyColumns())`)."""
    ids = licence_ids if isinstance(licence_ids, Select) else list(licence_ids)
    if not isinstance(ids, Select) and not ids:
        return {}
    receivable, cash = _on(AccountKind.ENTERPRISE_RECEIVABLE), _on(AccountKind.UNIVERSITY_CASH)
    ledger = db.session.execute(
        select(LedgerTransaction.licence_id,
               func.sum(case((receivable & (LedgerTransaction.kind == TransactionKind.CHARGE_POSTED)
                              & (LedgerLeg.side == Side.DEBIT), LedgerLeg.amount_fen), else_=0)),
               func.sum(case((cash, _signed(Side.DEBIT)), else_=0)),
               func.sum(case((receivable, _signed(Side.DEBIT)), else_=0)))
        .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
        .where(LedgerTransaction.licence_id.in_(ids))
        .group_by(LedgerTransaction.licence_id)).all()
    grace = today - timedelta(days=dunning_policy().grace_days)
    overdue = dict(db.session.execute(
        select(LicenceCharge.licence_id, func.sum(LicenceCharge.amount_fen - LicenceCharge.settled_fen))
        .where(LicenceCharge.id.in_(open_before(grace).with_only_columns(LicenceCharge.id)),
               LicenceCharge.licence_id.in_(ids))
        .group_by(LicenceCharge.licence_id)).all())
    columns = {licence_id: MoneyColumns(Money.from_fen(int(charged or 0)), Money.from_fen(int(paid or 0)),
                                        Money.from_fen(int(owed or 0)),
                                        Money.from_fen(int(overdue.pop(licence_id, 0) or 0)))
               for licence_id, charged, paid, owed in ledger}
    for licence_id, fen in overdue.items():  # (an overdue charge is always posted, so this stays empty)
        columns[licence_id] = MoneyColumns(overdue=Money.from_fen(int(fen or 0)))
    return columns

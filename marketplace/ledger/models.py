"""Ledger transactions and their legs. Rows are only ever inserted: the database refuses UPDATE and
DELETE on them (triggers created by the migration); mistakes are corrected by reversing transactions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.ledger import Side, TransactionKind
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db


class LedgerTransaction(db.Model):
    """One business event in money: its natural or idempotency key is unique, so it posts once."""

    __tablename__ = "ledger_transaction"
    # Fees charged by month: the charges posted, by business date.
    __table_args__ = (Index("ix_ledger_transaction_kind_day", "kind", "business_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[TransactionKind] = mapped_column(str_enum(TransactionKind, 20))
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    reverses: Mapped[str | None] = mapped_column(String(120), unique=True)
    business_date: Mapped[date] = mapped_column(Date)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    legs: Mapped[list[LedgerLeg]] = relationship(back_populates="transaction", order_by="LedgerLeg.id")


class LedgerLeg(db.Model):
    """A debit or a credit of a positive amount (integer fen) on one account."""

    __tablename__ = "ledger_leg"
    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transaction.id"), index=True)
    account: Mapped[str] = mapped_column(String(60), index=True)
    side: Mapped[Side] = mapped_column(str_enum(Side, 6))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")

    transaction: Mapped[LedgerTransaction] = relationship(back_populates="legs")


class ChargeSettlement(db.Model):
    """How much of one ledger transaction (a payment, a waiver, or the reversal of a payment) went to one
    charge: payments apply to the oldest open charge first. Negative when a reversal takes it back.
    Inserted only; a charge's `settled_fen` is the sum of its rows."""

    __tablename__ = "charge_settlement"
    __table_args__ = (
        UniqueConstraint("charge_id", "transaction_key"),
        CheckConstraint("amount_fen <> 0", name="amount_not_zero"),
        # Fees collected by month: settlements by business date, covering what the sums read.
        Index("ix_charge_settlement_day_licence", "business_date", "licence_id", "amount_fen",
              "transaction_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("licence_charge.id"), index=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    transaction_key: Mapped[str] = mapped_column(String(120), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    business_date: Mapped[date] = mapped_column(Date)


class NoticeStatus(StrEnum):
    """Where an enterprise's notice of a bank transfer stands."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class PaymentNotice(db.Model):
    """An enterprise says it sent a bank transfer (with its reference); the university confirms receipt
    (which posts the payment once) or rejects it with a reason."""

    __tablename__ = "payment_notice"
    __table_args__ = (
        UniqueConstraint("licence_id", "reference"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    paid_on: Mapped[date] = mapped_column(Date)
    status: Mapped[NoticeStatus] = mapped_column(str_enum(NoticeStatus, 10), default=NoticeStatus.PENDING)
    notified_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(200), default="")

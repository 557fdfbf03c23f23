"""A licence and its scheduled charges (amounts in integer fen)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalogue.models import Patent
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise

LIVE_STATUSES = ("trial", "active", "overdue", "suspended")


class Licence(db.Model):
    """An enterprise's licence of one patent on one published version of its open-licence terms."""

    __tablename__ = "licence"
    __table_args__ = (
        # One live licence per enterprise and patent: a double click or a retry cannot take two.
        Index("uq_licence_live_enterprise_patent", "enterprise_id", "patent_id", unique=True,
              sqlite_where=text("status IN ('trial', 'active', 'overdue', 'suspended')"),
              postgresql_where=text("status IN ('trial', 'active', 'overdue', 'suspended')")),
        CheckConstraint("end_date >= start_date", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[LicenceStatus] = mapped_column(str_enum(LicenceStatus, 10))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    capped_at_expiry: Mapped[bool] = mapped_column(default=False)
    trial_last_day: Mapped[date | None] = mapped_column(Date)
    filing_deadline: Mapped[date] = mapped_column(Date)  # 备案 within three months of taking effect
    filed_on: Mapped[date | None] = mapped_column(Date)
    filing_number: Mapped[str] = mapped_column(String(60), default="")
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    declaration: Mapped[Declaration] = relationship()
    patent: Mapped[Patent] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    charges: Mapped[list[LicenceCharge]] = relationship(
        back_populates="licence", order_by="LicenceCharge.due_date, LicenceCharge.id",
        cascade="all, delete-orphan",
    )


class LicenceCharge(db.Model):
    """A fixed charge of a licence's schedule, known when the licence is taken."""

    __tablename__ = "licence_charge"
    __table_args__ = (
        UniqueConstraint("licence_id", "phase_index", "kind"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id", ondelete="CASCADE"), index=True)
    phase_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")

    licence: Mapped[Licence] = relationship(back_populates="charges")

    @property
    def amount(self) -> Money:
        """The charge as Money."""
        return Money.from_fen(self.amount_fen, self.currency)

    @property
    def natural_key(self) -> str:
        """The charge's key in the ledger: licence, phase and kind."""
        return f"licence:{self.licence_id}:phase:{self.phase_index}:{self.kind}"

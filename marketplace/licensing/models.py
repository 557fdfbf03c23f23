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
        Index("ix_licence_status_trial_last_day", "status", "trial_last_day"),
        Index("ix_licence_status_end_date", "status", "end_date"),
        Index("ix_licence_filing_overdue", "filing_deadline",
              sqlite_where=text("filed_on IS NULL AND filing_overdue_notified_on IS NULL"),
              postgresql_where=text("filed_on IS NULL AND filing_overdue_notified_on IS NULL")),
        Index("ix_licence_stops_on", "stops_on", sqlite_where=text("stops_on IS NOT NULL"),
              postgresql_where=text("stops_on IS NOT NULL")),
        # The policy figures read the licences taken in a year, per university.
        Index("ix_licence_start_date", "start_date", "university_id"),
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
    # A staged licence the enterprise stops at a stage boundary: its last day (nothing due after it).
    stops_on: Mapped[date | None] = mapped_column(Date)
    # Claimed by the run that sends the end-of-trial reminder, so it goes out once.
    trial_reminded_on: Mapped[date | None] = mapped_column(Date)
    # Claimed by the run that tells both parties the 备案 deadline passed without a filing, so it goes once.
    filing_overdue_notified_on: Mapped[date | None] = mapped_column(Date)
    # The special zone the licence is attributed to (at most one; see domain.md, "Attribution").
    source_zone_id: Mapped[int | None] = mapped_column(ForeignKey("zone.id"), index=True)

    declaration: Mapped[Declaration] = relationship()
    patent: Mapped[Patent] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    # By name: the zones package maps Zone and reads licences; licensing does not import it.
    source_zone = relationship("Zone")
    charges: Mapped[list[LicenceCharge]] = relationship(
        back_populates="licence", order_by="LicenceCharge.due_date, LicenceCharge.id",
        cascade="all, delete-orphan",
    )


class LicenceCharge(db.Model):
    """Something a licence owes on a day: a fee of its schedule (known when the licence is taken), a
    royalty on a filed report, or an annual-minimum true-up.

    `slot` names it within the licence (``phase:1:fixed``, ``royalty:2027-04-01``, ``true_up:0:1``)
    and makes its ledger key. `posted_on` is claimed (compare-and-set) by the run that posts it to the
    ledger; `settled_fen` is what payments and waivers applied to it, oldest charge first, and
    `settled_on` the day it was fully covered; `voided_on` marks a charge that will never fall due
    (so the job that moves time no longer looks at it). The ledger stays the truth: `flask ledger check`
    verifies these figures against the legs.
    """

    __tablename__ = "licence_charge"
    __table_args__ = (
        UniqueConstraint("licence_id", "slot"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("settled_fen >= 0 AND settled_fen <= amount_fen", name="settled_within_amount"),
        CheckConstraint("posted_on IS NULL OR voided_on IS NULL", name="posted_or_voided"),
        # A milestone brings a fee forward, never past its long-stop date.
        CheckConstraint("(milestone IS NULL AND due_by IS NULL) OR "
                        "(milestone IS NOT NULL AND due_by IS NOT NULL AND due_date <= due_by)",
                        name="milestone_due_by_long_stop"),
        Index("ix_licence_charge_due_to_post", "due_date",
              sqlite_where=text("posted_on IS NULL AND voided_on IS NULL"),
              postgresql_where=text("posted_on IS NULL AND voided_on IS NULL")),
        Index("ix_licence_charge_open_due", "due_date",
              sqlite_where=text("posted_on IS NOT NULL AND settled_on IS NULL"),
              postgresql_where=text("posted_on IS NOT NULL AND settled_on IS NULL")),
        # Fees charged by month: the posted charges by due date (their ledger business date), covering
        # the licence and the amount so the sums read the index alone.
        Index("ix_licence_charge_posted_due", "due_date", "licence_id", "amount_fen",
              sqlite_where=text("posted_on IS NOT NULL"), postgresql_where=text("posted_on IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id", ondelete="CASCADE"), index=True)
    phase_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    slot: Mapped[str] = mapped_column(String(40))
    posted_on: Mapped[date | None] = mapped_column(Date)
    settled_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    settled_on: Mapped[date | None] = mapped_column(Date)
    # The day it became clear the charge will never fall due (trial declined or expired, stage stop).
    voided_on: Mapped[date | None] = mapped_column(Date)
    # The milestone that brings this fee forward (core.milestones) and its long-stop date (`due_by`):
    # `due_date` is `due_by` until the milestone is confirmed, then the day it was confirmed if earlier.
    # Both None for an unconditional charge.
    milestone: Mapped[str | None] = mapped_column(String(60))
    due_by: Mapped[date | None] = mapped_column(Date)

    licence: Mapped[Licence] = relationship(back_populates="charges")

    @staticmethod
    def schedule_slot(phase_index: int, kind: str) -> str:
        """The slot of a fee of the schedule."""
        return f"phase:{phase_index}:{kind}"

    @property
    def open_fen(self) -> int:
        """What is still owed on this charge, in fen (0 before it is posted)."""
        return self.amount_fen - self.settled_fen if self.posted_on is not None else 0

    @property
    def amount(self) -> Money:
        """The charge as Money."""
        return Money.from_fen(self.amount_fen, self.currency)

    @property
    def natural_key(self) -> str:
        """The charge's key in the ledger: the licence and the charge's slot."""
        return f"licence:{self.licence_id}:{self.slot}"


class LicenceHistory(db.Model):
    """One step of a licence's life, recorded once (its key is unique): taken, reminded, converted,
    declined, expired, charge posted, payment notified/received, report filed, waived, reversed,
    overdue, suspended, settled, stopped at a stage, completed, filed with CNIPA."""

    __tablename__ = "licence_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(140), unique=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    business_date: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LicenceFiling(db.Model):
    """One entry of a licence's 备案 record with CNIPA, inserted only (the database refuses UPDATE and
    DELETE). A mistaken entry is corrected by a new entry that references it (`corrects_id`) with a
    reason; the licence's current filing is the entry no other entry corrects, copied onto
    `Licence.filed_on` / `filing_number` in the same transaction.

    The database keeps it exactly once: one first entry per licence (a double click records one), and
    each entry corrected at most once (two corrections of the same entry at once: one wins).
    """

    __tablename__ = "licence_filing"
    __table_args__ = (
        Index("uq_licence_filing_first", "licence_id", unique=True,
              sqlite_where=text("corrects_id IS NULL"), postgresql_where=text("corrects_id IS NULL")),
        UniqueConstraint("corrects_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    filed_on: Mapped[date] = mapped_column(Date)
    filing_number: Mapped[str] = mapped_column(String(60))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("licence_filing.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")

    recorded_by = relationship("User")

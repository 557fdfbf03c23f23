"""Declarations, their pricing plans (as phases with fees in integer fen), and a patent's legal facts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db

if TYPE_CHECKING:
    from marketplace.zones.models import Zone


class PatentLegalFacts(db.Model):
    """What the IP centre records about encumbrances before declaring (one row per patent). Unpaid annual
    fees are not recorded here: the bar is derived from the annual-fee register (`annual_fees.register`).
    Exclusive and sole licences are not here either: they come from the register of outside licences
    (`marketplace.outside_licences`)."""

    __tablename__ = "patent_legal_facts"

    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id", ondelete="CASCADE"), primary_key=True)
    pledged: Mapped[bool] = mapped_column(Boolean, default=False)
    pledgee_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    co_owner_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    evaluation_report_on_file: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    patent: Mapped[Patent] = relationship()


class Declaration(db.Model):
    """One version of a patent's open-licence terms. Published versions never change."""

    __tablename__ = "declaration"
    __table_args__ = (
        UniqueConstraint("patent_id", "version"),
        # At most one published declaration per patent: every taker gets the same terms.
        Index("uq_declaration_published_patent", "patent_id", unique=True,
              sqlite_where=text("status = 'published'"), postgresql_where=text("status = 'published'")),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("term_count > 0", name="term_positive"),
        CheckConstraint("status != 'withdrawn' OR length(withdrawal_reason) > 0",
                        name="withdrawal_has_reason"),
        # A time-limited version (event terms) names its zone and a true window; no other version does.
        CheckConstraint("(event_zone_id IS NULL AND valid_from IS NULL AND valid_until IS NULL) OR "
                        "(event_zone_id IS NOT NULL AND valid_from IS NOT NULL "
                        "AND valid_until >= valid_from)",
                        name="event_window"),
        CheckConstraint("status != 'event' OR event_zone_id IS NOT NULL", name="event_has_zone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id"), index=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[DeclarationStatus] = mapped_column(str_enum(DeclarationStatus, 10))
    plan_kind: Mapped[str] = mapped_column(String(12))
    term_count: Mapped[int] = mapped_column(Integer)
    term_unit: Mapped[str] = mapped_column(String(6))
    trial_end: Mapped[str | None] = mapped_column(String(8))
    conversion: Mapped[str | None] = mapped_column(String(8))
    payment_method: Mapped[str] = mapped_column(String(300), default="")
    other_terms: Mapped[str] = mapped_column(Text, default="")
    # Derived from the plan when it is saved, for the catalogue's facets.
    has_trial: Mapped[bool] = mapped_column(Boolean, default=False)
    fixed_total_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    # Event terms only: the zone they were made for and the days they are in force (both included).
    event_zone_id: Mapped[int | None] = mapped_column(ForeignKey("zone.id"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)

    patent: Mapped[Patent] = relationship()
    event_zone: Mapped[Zone | None] = relationship("Zone")
    phases: Mapped[list[PlanPhase]] = relationship(
        back_populates="declaration", order_by="PlanPhase.position", cascade="all, delete-orphan"
    )


class PlanPhase(db.Model):
    """One phase of a declaration's plan. Money in integer fen; a royalty rate in millionths."""

    __tablename__ = "plan_phase"
    __table_args__ = (
        UniqueConstraint("declaration_id", "position"),
        CheckConstraint("fee_fen >= 0", name="fee_not_negative"),
        CheckConstraint("royalty_rate_ppm IS NULL OR royalty_rate_ppm BETWEEN 1 AND 200000",
                        name="royalty_rate_range"),
        CheckConstraint("annual_minimum_fen IS NULL OR annual_minimum_fen >= 0",
                        name="minimum_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("declaration.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    duration_count: Mapped[int | None] = mapped_column(Integer)
    duration_unit: Mapped[str | None] = mapped_column(String(6))
    fee_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    royalty_rate_ppm: Mapped[int | None] = mapped_column(Integer)
    royalty_period: Mapped[str | None] = mapped_column(String(8))
    annual_minimum_fen: Mapped[int | None] = mapped_column(BigInteger)
    # The milestone that brings this phase's fee forward (core.milestones); None for none.
    milestone: Mapped[str | None] = mapped_column(String(60))

    declaration: Mapped[Declaration] = relationship(back_populates="phases")

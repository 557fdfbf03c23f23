"""The register of licences granted outside the marketplace, and its early ends. Both tables are
inserted into only (the database refuses UPDATE and DELETE): a licence that ended before its agreed last
day, or an entry recorded by mistake, gets an early-end entry with a reason, at most one per licence."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.outside_licences import OutsideLicenceKind, OutsideTerm
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db

NAME_LENGTH = 200
CONTRACT_LENGTH = 60
REASON_LENGTH = 200


class OutsideLicence(db.Model):
    """One licence of a patent granted outside the marketplace, as the IP centre recorded it. Entries
    migrated from the former hand-entered "exclusive licence until" date have no recorder."""

    __tablename__ = "outside_licence"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="term_order"),
        CheckConstraint("length(licensee_name) > 0", name="licensee_named"),
        Index("ix_outside_licence_patent_recorded", "patent_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id"))
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    kind: Mapped[OutsideLicenceKind] = mapped_column(str_enum(OutsideLicenceKind, 10))
    licensee_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    licensee_credit_code: Mapped[str | None] = mapped_column(String(18))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    contract_number: Mapped[str] = mapped_column(String(CONTRACT_LENGTH), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    recorded_by: Mapped[User | None] = relationship()
    early_end: Mapped[OutsideLicenceEnd | None] = relationship(back_populates="licence", uselist=False)

    def term(self) -> OutsideTerm:
        """The kind and term the core reasons about, the early end included."""
        return OutsideTerm(self.kind, self.starts_on, self.ends_on,
                           self.early_end.ended_on if self.early_end is not None else None)


class OutsideLicenceEnd(db.Model):
    """The record that a licence was no longer in force from a day before its agreed end, with why."""

    __tablename__ = "outside_licence_end"
    __table_args__ = (CheckConstraint("length(reason) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # One early end per licence: two recorded at once, one wins.
    licence_id: Mapped[int] = mapped_column(ForeignKey("outside_licence.id"), unique=True)
    ended_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(REASON_LENGTH))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    licence: Mapped[OutsideLicence] = relationship(back_populates="early_end")
    recorded_by: Mapped[User] = relationship()

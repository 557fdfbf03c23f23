"""Patents, their attachments, and spreadsheet import batches."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalogue.facet_key import FacetValues, price_band
from marketplace.core.patent_fields import Industry, LegalStatus, PatentType
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.organisations.models import University

LIST_SEPARATOR = "；"


def _fee_tracking_starts() -> date:
    """Today (Asia/Shanghai): the register tracks a new patent's annual fees from the day it is added."""
    from marketplace.clock import today

    return today()


class Patent(db.Model):
    """A patent held by a university, as published in the catalogue."""

    __tablename__ = "patent"
    __table_args__ = (
        CheckConstraint("trl IS NULL OR (trl BETWEEN 1 AND 9)", name="trl_range"),
        CheckConstraint("grant_date IS NULL OR grant_date >= filing_date", name="grant_after_filing"),
        # Counting facets without a text query streams through this index.
        Index("ix_patent_facets", "archived", "facet_key"),
        # The catalogue's orders without a text query: newest grant, longest remaining term.
        Index("ix_patent_archived_grant_date", "archived", "grant_date"),
        Index("ix_patent_archived_expiry_date", "archived", "expiry_date"),
        # The policy figures count patents and offers per university (and industry) from this index alone.
        Index("ix_patent_archived_university_offer", "archived", "university_id", "offer_kind", "industry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    application_number: Mapped[str] = mapped_column(String(20), unique=True)
    patent_type: Mapped[PatentType] = mapped_column(str_enum(PatentType, 20))
    pct: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200))
    abstract: Mapped[str] = mapped_column(Text, default="")
    claims_summary: Mapped[str] = mapped_column(Text, default="")
    ipc_codes: Mapped[str] = mapped_column(String(300), default="")
    ipc_section: Mapped[str] = mapped_column(String(1), default="")
    ipc_class: Mapped[str] = mapped_column(String(3), default="")
    inventors: Mapped[str] = mapped_column(String(500), default="")
    patentees: Mapped[str] = mapped_column(String(500))
    filing_date: Mapped[date] = mapped_column(Date)
    grant_date: Mapped[date | None] = mapped_column(Date)
    expiry_date: Mapped[date] = mapped_column(Date)
    legal_status: Mapped[LegalStatus] = mapped_column(str_enum(LegalStatus, 20))
    industry: Mapped[Industry] = mapped_column(str_enum(Industry, 30))
    trl: Mapped[int | None] = mapped_column(SmallInteger)
    keywords: Mapped[str] = mapped_column(String(300), default="")
    # Optional English title and abstract (searchable, shown on the patent page).
    title_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    abstract_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # The published open-licence offer, copied here by the declaration services for the catalogue's
    # filters: plan kind ("" when not offered), whether it starts with a trial, its fixed fees.
    offer_kind: Mapped[str] = mapped_column(String(12), default="")
    offer_trial: Mapped[bool] = mapped_column(Boolean, default=False)
    offer_price_fen: Mapped[int | None] = mapped_column(BigInteger)
    # Every facet value packed in one integer (see catalogue/facet_key.py); derived data.
    facet_key: Mapped[int] = mapped_column(BigInteger, default=0)
    # Annual fees due before this day count as paid: the register holds no record of them (see
    # marketplace.annual_fees.register). Set to the day the patent is added, or by the migration that
    # started the register to the day it ran.
    fees_tracked_from: Mapped[date] = mapped_column(Date, default=_fee_tracking_starts)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )

    university: Mapped[University] = relationship()
    attachments: Mapped[list[PatentAttachment]] = relationship(
        back_populates="patent", order_by="PatentAttachment.id", cascade="all, delete-orphan"
    )

    def facet_values(self) -> FacetValues:
        """The values this patent is counted under in the catalogue's facets."""
        return FacetValues(
            str(self.patent_type), self.ipc_section, self.ipc_class, str(self.industry),
            self.university_id, str(self.legal_status), self.trl, self.offer_kind or "",
            bool(self.offer_trial), price_band(self.offer_price_fen),
        )

    @property
    def patent_number(self) -> str:
        """The patent number: ZL + application number."""
        return "ZL" + self.application_number

    @property
    def ipc_list(self) -> list[str]:
        return [c for c in self.ipc_codes.split(LIST_SEPARATOR) if c]

    @property
    def inventor_list(self) -> list[str]:
        return [c for c in self.inventors.split(LIST_SEPARATOR) if c]

    @property
    def patentee_list(self) -> list[str]:
        return [c for c in self.patentees.split(LIST_SEPARATOR) if c]

    @property
    def keyword_list(self) -> list[str]:
        return [c for c in self.keywords.split(LIST_SEPARATOR) if c]

    def __repr__(self) -> str:
        return f"<Patent {self.id} {self.application_number}>"


class PatentAttachment(db.Model):
    """A PDF or image attached to a patent; the bytes live in the attachment store, not in static/."""

    __tablename__ = "patent_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    patent: Mapped[Patent] = relationship(back_populates="attachments")


class ImportStatus(StrEnum):
    """Where a spreadsheet import stands."""

    PREVIEWED = "previewed"
    IMPORTED = "imported"


class ImportBatch(db.Model):
    """An uploaded spreadsheet: checked row by row (the preview), then imported all at once."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    filename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str] = mapped_column(String(20), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    error_row_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[ImportStatus] = mapped_column(str_enum(ImportStatus, 10))
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    rows: Mapped[list[ImportRow]] = relationship(
        back_populates="batch", order_by="ImportRow.row_number", cascade="all, delete-orphan"
    )


class ImportRow(db.Model):
    """One checked row of an import: what was typed and what is wrong with it (JSON)."""

    __tablename__ = "import_row"
    __table_args__ = (UniqueConstraint("batch_id", "row_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    application_number: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    values_json: Mapped[str] = mapped_column(Text)
    formula_fields: Mapped[str] = mapped_column(String(300), default="")
    problems_json: Mapped[str] = mapped_column(Text, default="[]")
    has_problems: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    batch: Mapped[ImportBatch] = relationship(back_populates="rows")

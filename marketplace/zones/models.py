"""A zone, the patents curated into it, universities' nominations, and enterprises' registrations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.core.zone_state import ZoneStatus
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University


class ZoneMode(StrEnum):
    """Where the zone's meetings happen."""

    ONLINE = "online"
    ONSITE = "onsite"


class Zone(db.Model):
    """A themed zone or matchmaking event with a window, run by one organiser."""

    __tablename__ = "zone"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        CheckConstraint("mode = 'online' OR length(place) > 0", name="onsite_has_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    theme: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    # Industries and IPC classes (each a "；"-separated list) that suggest patents for curation.
    industries: Mapped[str] = mapped_column(String(300), default="")
    ipc_classes: Mapped[str] = mapped_column(String(300), default="")
    keywords: Mapped[str] = mapped_column(String(300), default="")
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    mode: Mapped[ZoneMode] = mapped_column(str_enum(ZoneMode, 8), default=ZoneMode.ONLINE)
    place: Mapped[str] = mapped_column(String(200), default="")
    # The banner image, stored like patent attachments (outside static/), by its storage name.
    banner_name: Mapped[str] = mapped_column(String(80), default="")
    banner_type: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[ZoneStatus] = mapped_column(str_enum(ZoneStatus, 10), default=ZoneStatus.DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)

    organiser: Mapped[User] = relationship()
    entries: Mapped[list[ZonePatent]] = relationship(
        back_populates="zone", order_by="ZonePatent.position, ZonePatent.id", cascade="all, delete-orphan")


class ZonePatent(db.Model):
    """A patent curated into a zone, on the declaration that was published when it was added. A
    declaration withdrawn later stays listed (as withdrawn), so the zone's record stays true."""

    __tablename__ = "zone_patent"
    __table_args__ = (UniqueConstraint("zone_id", "patent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id"), index=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"))
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    zone: Mapped[Zone] = relationship(back_populates="entries")
    patent: Mapped[Patent] = relationship()
    declaration: Mapped[Declaration] = relationship()
    university: Mapped[University] = relationship()


class NominationStatus(StrEnum):
    """A university's nomination of one of its patents for a zone."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ZoneNomination(db.Model):
    """A university proposes one of its offered patents for a zone; the organiser accepts (the patent is
    curated) or declines with a reason."""

    __tablename__ = "zone_nomination"
    __table_args__ = (
        # One open nomination per zone and patent: a double click or a retry cannot nominate twice.
        Index("uq_zone_nomination_pending", "zone_id", "patent_id", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
        CheckConstraint("status != 'declined' OR length(decline_reason) > 0", name="decline_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id"), index=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[NominationStatus] = mapped_column(str_enum(NominationStatus, 10),
                                                     default=NominationStatus.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    zone: Mapped[Zone] = relationship()
    patent: Mapped[Patent] = relationship()
    university: Mapped[University] = relationship()


registration_patent = Table(
    "zone_registration_patent",
    db.metadata,
    Column("registration_id", ForeignKey("zone_registration.id", ondelete="CASCADE"), primary_key=True),
    Column("patent_id", ForeignKey("patent.id"), primary_key=True),
)


class ZoneRegistration(db.Model):
    """An enterprise registered for a zone: who comes, what interests it, which patents it wants to
    discuss, and (on-site) its check-in code. Cancelling keeps the row; one live registration per
    enterprise and zone."""

    __tablename__ = "zone_registration"
    __table_args__ = (
        Index("uq_zone_registration_live", "zone_id", "enterprise_id", unique=True,
              sqlite_where=text("cancelled_at IS NULL"), postgresql_where=text("cancelled_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    contact_name: Mapped[str] = mapped_column(String(60))
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    interests: Mapped[str] = mapped_column(String(500), default="")
    check_in_code: Mapped[str] = mapped_column(String(16), unique=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    zone: Mapped[Zone] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    patents: Mapped[list[Patent]] = relationship(secondary=registration_patent, order_by="Patent.id")

"""A dispute on a licence and the charges it is about."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.disputes import DisputeOutcome, DisputeStage, DisputeStatus, DisputeSubject, Party
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.licensing.models import Licence, LicenceCharge


class Dispute(db.Model):
    """A dispute one party of a licence opens about a payment, a royalty report or the use of the patent,
    on the path of Patent Law art. 52 (`core.disputes`): negotiation, CNIPA mediation, court.

    At most one dispute per licence and subject is open (a partial unique index), so a double click or the
    two parties at once open one. It is resolved once (a compare-and-set open → resolved), with its outcome,
    the day and who recorded it; a mediated or judged outcome carries its case or judgment number.
    """

    __tablename__ = "dispute"
    __table_args__ = (
        Index("uq_dispute_open_subject", "licence_id", "subject", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
        CheckConstraint("(status = 'open' AND outcome IS NULL AND resolved_on IS NULL) OR "
                        "(status = 'resolved' AND outcome IS NOT NULL AND resolved_on IS NOT NULL "
                        "AND resolved_by_id IS NOT NULL)", name="resolved_has_outcome"),
        CheckConstraint("outcome IS NULL OR outcome NOT IN ('mediated', 'judged') OR length(reference) > 0",
                        name="outcome_reference"),
        CheckConstraint("length(description) > 0", name="has_description"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    subject: Mapped[DisputeSubject] = mapped_column(str_enum(DisputeSubject, 16))
    description: Mapped[str] = mapped_column(String(1000))
    party: Mapped[Party] = mapped_column(str_enum(Party, 12))  # the side that opened it
    stage: Mapped[DisputeStage] = mapped_column(str_enum(DisputeStage, 12), default=DisputeStage.NEGOTIATION)
    status: Mapped[DisputeStatus] = mapped_column(str_enum(DisputeStatus, 10), default=DisputeStatus.OPEN)
    opened_on: Mapped[date] = mapped_column(Date)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The day the mediation request was made (the dispute moved to mediation), and the day it went to court.
    mediation_requested_on: Mapped[date | None] = mapped_column(Date)
    court_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[DisputeOutcome | None] = mapped_column(str_enum(DisputeOutcome, 10))
    reference: Mapped[str] = mapped_column(String(60), default="")  # mediation case or judgment number
    outcome_note: Mapped[str] = mapped_column(String(500), default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    licence: Mapped[Licence] = relationship()
    opened_by = relationship("User", foreign_keys=[opened_by_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])
    charges: Mapped[list[DisputeCharge]] = relationship(back_populates="dispute",
                                                        order_by="DisputeCharge.charge_id")


class DisputeCharge(db.Model):
    """A posted, unsettled charge of the licence a dispute is about. `live` is true while the dispute is
    open (set false in the same transaction that resolves it): a live link keeps the charge from making the
    licence overdue or suspended (`ledger.standing.open_before`), and a partial unique index keeps a charge
    in at most one open dispute."""

    __tablename__ = "dispute_charge"
    __table_args__ = (
        Index("uq_dispute_charge_live", "charge_id", unique=True,
              sqlite_where=text("live"), postgresql_where=text("live")),
    )

    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("licence_charge.id"), primary_key=True, index=True)
    live: Mapped[bool] = mapped_column(Boolean, default=True)

    dispute: Mapped[Dispute] = relationship(back_populates="charges")
    charge: Mapped[LicenceCharge] = relationship()

"""The register of annual fees paid: one row per patent and patent year, recorded once."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class AnnualFeePayment(db.Model):
    """A year's annual fee recorded as paid by the IP centre: the day it was paid and the amounts the
    register computed for that day (the fee, reduced or not, and the late surcharge), in fen. The unique
    (patent, year) makes a fee recorded once, whatever the double clicks or simultaneous requests."""

    __tablename__ = "annual_fee_payment"
    __table_args__ = (
        UniqueConstraint("patent_id", "year"),
        CheckConstraint("year >= 1", name="year_positive"),
        CheckConstraint("fee_fen > 0", name="fee_positive"),
        CheckConstraint("surcharge_fen >= 0", name="surcharge_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id", ondelete="CASCADE"), index=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    paid_on: Mapped[date] = mapped_column(Date)
    fee_fen: Mapped[int] = mapped_column(BigInteger)
    surcharge_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    reduced: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    patent: Mapped[Patent] = relationship()
    recorded_by: Mapped[User] = relationship()

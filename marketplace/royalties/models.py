"""A filed net-sales report of one royalty period (amounts in integer fen)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class RoyaltyReport(db.Model):
    """Net sales of one period of a royalty phase, filed once (a period cannot be filed twice)."""

    __tablename__ = "royalty_report"
    __table_args__ = (
        UniqueConstraint("licence_id", "period_start"),
        CheckConstraint("net_sales_fen >= 0", name="net_sales_not_negative"),
        CheckConstraint("royalty_fen >= 0", name="royalty_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    phase_index: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    report_due: Mapped[date] = mapped_column(Date)
    net_sales_fen: Mapped[int] = mapped_column(BigInteger)
    royalty_fen: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    filed_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(default=False)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

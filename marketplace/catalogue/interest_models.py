"""Which enterprises looked at which patents: one row per enterprise, patent and day.

The first stage of the 千校万企 funnel after the offer is "enterprises that viewed or were matched": a view
is recorded when a user of an enterprise opens a patent's page. The unique key keeps it to one row a day,
written with INSERT … ON CONFLICT DO NOTHING, so two tabs or two workers never fail or double count.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db


class PatentView(db.Model):
    """An enterprise viewed a patent's page on a (local) day."""

    __tablename__ = "patent_view"
    __table_args__ = (
        UniqueConstraint("patent_id", "enterprise_id", "viewed_on", name="uq_patent_view_day"),
        Index("ix_patent_view_university_day", "university_id", "viewed_on"),
        # The funnel's enterprises reached in a year, read from the index alone.
        Index("ix_patent_view_day", "viewed_on", "university_id", "enterprise_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id", ondelete="CASCADE"))
    # The patent's university, copied so the funnel counts per university without joining patents.
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    viewed_on: Mapped[date] = mapped_column(Date)

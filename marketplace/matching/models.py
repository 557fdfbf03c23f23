"""Stored match results: for each live need, its ranked patents with the reasons, read by the pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalogue.models import Patent
from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db
from marketplace.needs.models import Need


class NeedMatch(db.Model):
    """One patent ranked for one need: its rank (1 = best), score and reasons (JSON, see
    matching.reasons), as the engine last computed them. Derived data: recomputed, never edited."""

    __tablename__ = "need_match"
    __table_args__ = (
        UniqueConstraint("need_id", "patent_id"),
        Index("ix_need_match_patent_score", "patent_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), index=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id", ondelete="CASCADE"))
    # The university that publishes the patent, copied for the IP centre's page of fitting needs.
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    # The relevance score in millionths (an integer, so no float column exists anywhere); higher is better.
    score: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[str] = mapped_column(Text, default="{}")
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    need: Mapped[Need] = relationship()
    patent: Mapped[Patent] = relationship()

"""An enterprise's "not relevant" mark on a match, with its feedback reason, and the notices sent about
matches (each pair told once, ever)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.core.feedback import FeedbackReason
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.needs.models import Need

FEEDBACK_TEXT_MAX = 200


class MatchFeedback(db.Model):
    """The need's enterprise marked the patent not relevant, and why. One per need and patent: marking
    it again replaces the reason."""

    __tablename__ = "match_feedback"
    __table_args__ = (
        UniqueConstraint("need_id", "patent_id"),
        Index("ix_match_feedback_university_created", "university_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id", ondelete="CASCADE"), index=True)
    # The university that publishes the patent, so it can read why firms turn its matches down.
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"))
    reason: Mapped[FeedbackReason] = mapped_column(str_enum(FeedbackReason, 30))
    text: Mapped[str] = mapped_column(String(FEEDBACK_TEXT_MAX), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    need: Mapped[Need] = relationship()
    patent: Mapped[Patent] = relationship()
    user: Mapped[User] = relationship()


class MatchNotice(db.Model):
    """A pair already told about: a university of a need its patents fit (kind "university": need and
    university), or an enterprise of an offer that fits its need (kind "enterprise": need and patent).
    The unique keys make each pair notified at most once, however many runs overlap."""

    __tablename__ = "match_notice"
    __table_args__ = (
        UniqueConstraint("kind", "need_id", "university_id"),
        UniqueConstraint("kind", "need_id", "patent_id"),
        CheckConstraint("(kind = 'university' AND university_id IS NOT NULL AND patent_id IS NULL) OR "
                        "(kind = 'enterprise' AND patent_id IS NOT NULL AND university_id IS NULL)",
                        name="one_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    university_id: Mapped[int | None] = mapped_column(ForeignKey("university.id"))
    patent_id: Mapped[int | None] = mapped_column(ForeignKey("patent.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

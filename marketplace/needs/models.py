"""A technology need (技术需求) posted by an enterprise."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.need_state import NeedStatus, NeedTimeline, NeedVisibility
from marketplace.core.patent_fields import Industry
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise

TITLE_MAX = 100
DESCRIPTION_MAX = 5000
KEYWORDS_MAX = 300


class Need(db.Model):
    """What an enterprise is looking for, in its own words, with its budget and the plan kinds it wants."""

    __tablename__ = "need"
    __table_args__ = (
        CheckConstraint("budget_min_fen IS NULL OR budget_min_fen >= 0", name="budget_min_not_negative"),
        CheckConstraint(
            "budget_max_fen IS NULL OR budget_min_fen IS NULL OR budget_min_fen <= budget_max_fen",
            name="budget_min_not_above_max"),
        Index("ix_need_status_visibility", "status", "visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text)
    industry: Mapped[Industry | None] = mapped_column(str_enum(Industry, 30))
    # "；"-separated, like a patent's keywords.
    keywords: Mapped[str] = mapped_column(String(KEYWORDS_MAX), default="")
    budget_min_fen: Mapped[int | None] = mapped_column(BigInteger)
    budget_max_fen: Mapped[int | None] = mapped_column(BigInteger)
    # Plan kinds wanted (core.pricing.PlanKind values, ","-separated); empty means any.
    plan_kinds: Mapped[str] = mapped_column(String(60), default="")
    timeline: Mapped[NeedTimeline | None] = mapped_column(str_enum(NeedTimeline, 20))
    region: Mapped[str] = mapped_column(String(40), default="")
    visibility: Mapped[NeedVisibility] = mapped_column(
        str_enum(NeedVisibility, 20), default=NeedVisibility.PUBLIC)
    status: Mapped[NeedStatus] = mapped_column(str_enum(NeedStatus, 10), default=NeedStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, index=True)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the stored matches were last computed (None: not yet).
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    enterprise: Mapped[Enterprise] = relationship()
    created_by: Mapped[User] = relationship()

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.split("；") if k]

    @property
    def plan_kind_list(self) -> list[str]:
        return [k for k in self.plan_kinds.split(",") if k]

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.status}>"

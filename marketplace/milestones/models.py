"""A licensee's report that a milestone of its licence happened, and the university's decision on it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.milestones import MilestoneStatus
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.licensing.models import Licence


class MilestoneReport(db.Model):
    """The enterprise says the milestone of one phase happened on a day; the university confirms it
    (`decided_on` is then the day the phase's fee fell due, its long stop at the latest) or rejects it
    with a reason, after which the enterprise may report again. At most one report per milestone is
    open or confirmed (a unique index), so a double click or two tabs never report it twice."""

    __tablename__ = "milestone_report"
    __table_args__ = (
        Index("uq_milestone_report_live", "licence_id", "phase_index", unique=True,
              sqlite_where=text("status != 'rejected'"), postgresql_where=text("status != 'rejected'")),
        CheckConstraint("status = 'reported' OR (decided_on IS NOT NULL AND decided_by_id IS NOT NULL)",
                        name="decided_has_day"),
        CheckConstraint("status != 'rejected' OR length(reason) > 0", name="rejection_has_reason"),
        CheckConstraint("phase_index >= 1", name="not_first_phase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licence.id"), index=True)
    phase_index: Mapped[int] = mapped_column(Integer)
    milestone: Mapped[str] = mapped_column(String(60))
    happened_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[MilestoneStatus] = mapped_column(str_enum(MilestoneStatus, 10),
                                                    default=MilestoneStatus.REPORTED)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    licence: Mapped[Licence] = relationship()

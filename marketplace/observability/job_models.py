"""The record of each finished run of a scheduled job (`ledger run-due`, `matching notify`), so that
monitoring sees that the jobs run, on every instance, and what they did."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime
from marketplace.extensions import db


class JobRun(db.Model):
    """One run: the job, the business day it ran for (run-due), when it started and finished, and how many
    events of each kind it recorded (a JSON object of counts)."""

    __tablename__ = "job_run"
    __table_args__ = (Index("ix_job_run_job_finished_at", "job", "finished_at"),
                      Index("ix_job_run_job_business_date", "job", "business_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    business_date: Mapped[date | None]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())
    events: Mapped[int]
    counts_json: Mapped[str] = mapped_column(Text)

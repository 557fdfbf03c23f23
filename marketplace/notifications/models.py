"""The outbox of notifications to enterprises."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class Notification(db.Model):
    """One message to an enterprise or to a university's IP centre (exactly one of the two); its key
    makes it exactly once (e.g. one reminder per trial)."""

    __tablename__ = "notification"
    __table_args__ = (
        CheckConstraint("(enterprise_id IS NULL) <> (university_id IS NULL)", name="one_recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    university_id: Mapped[int | None] = mapped_column(ForeignKey("university.id"), index=True)
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("licence.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    params_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

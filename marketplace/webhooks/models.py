"""Partners that receive webhooks, the deliveries queued for them, and the log of every attempt."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db


class DeliveryStatus(StrEnum):
    """Pending until a receiver answers 2xx (delivered) or the attempts run out (failed)."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class WebhookPartner(db.Model):
    """A partner platform set up by an administrator: where to POST, the secret that signs, and the event
    types it subscribes to (a comma-separated list). The secret is kept because signing needs it; it is
    shown once, when the partner is created."""

    __tablename__ = "webhook_partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    events: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def event_types(self) -> list[str]:
        """The subscribed event types, in the order stored."""
        return [event for event in self.events.split(",") if event]


class WebhookDelivery(db.Model):
    """One event for one partner, queued at most once (unique partner and event key). The body is fixed
    when the event happens and stored as the bytes that are sent, so the signature covers exactly them.

    The delivery job claims a due delivery by a compare-and-set that counts the attempt and moves
    `next_attempt_at` to the back-off time before it sends, so no two runs send it at once and a run
    that dies mid-way leaves it to be retried. `replays` counts an administrator's replays; the replay
    form carries the count it saw, so a double click replays once."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("partner_id", "event_key"),
        Index("ix_webhook_delivery_due", "next_attempt_at",
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
        Index("ix_webhook_delivery_partner_created", "partner_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("webhook_partner.id"))
    event_type: Mapped[str] = mapped_column(String(40))
    event_key: Mapped[str] = mapped_column(String(120))
    event_id: Mapped[str] = mapped_column(String(36))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, 10),
                                                   default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replays: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    partner: Mapped[WebhookPartner] = relationship()
    attempt_log: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery", order_by="WebhookAttempt.id")


class WebhookAttempt(db.Model):
    """One try at sending a delivery: when, the receiver's HTTP status (or the error when there was no
    answer) and how long it took."""

    __tablename__ = "webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(300), default="")
    duration_ms: Mapped[int] = mapped_column(Integer)

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="attempt_log")

"""The work waiting for the background jobs, counted from the database when Prometheus scrapes: webhook
deliveries not yet delivered, notifications not yet sent, and what a `flask ledger run-due` for today would
process (reminders, trials ending, charges due)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.ledger.due import pending_count
from marketplace.notifications.models import Notification
from marketplace.webhooks.models import DeliveryStatus, WebhookDelivery


def webhook_backlog() -> int:
    """Webhook deliveries still pending (due now or waiting for a retry)."""
    return db.session.scalar(select(func.count()).select_from(WebhookDelivery)
                             .where(WebhookDelivery.status == DeliveryStatus.PENDING)) or 0


def notification_backlog() -> int:
    """Notifications in the outbox not sent yet."""
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.sent_at.is_(None))) or 0


def run_due_backlog(today: date) -> int:
    """What `flask ledger run-due` would process today."""
    return pending_count(today)

"""The delivery job: POST every due delivery, signed, and log each attempt.

`deliver_webhooks(now, post)` works in batches, each two short transactions of its own — so it commits,
like a command, and is called outside any request's transaction (after the outbox job has committed the
day's events, so nothing is announced that might still roll back):

1. claim: the due deliveries are selected FOR UPDATE SKIP LOCKED on PostgreSQL (`ledger.claims`; on
   SQLite the transaction holds the write lock), and each is taken by a compare-and-set that counts the
   attempt and moves `next_attempt_at` to the back-off time as if the attempt will fail. Committed before
   anything is sent, so another worker no longer sees it as due, and no lock is held while partners answer;
2. send each claimed body (no transaction open), signed with the attempt's timestamp;
3. record: a log row per attempt; a 2xx marks the delivery delivered; otherwise it waits for the time
   the claim set, or is failed once `max_attempts` are spent.

A worker that dies between 1 and 3 leaves its deliveries pending, to be retried at their back-off time:
a delivery is sent at least once and, while the workers live, exactly once. Receivers can recognise a
repeat by its `Webhook-Id`.
"""

from __future__ import annotations

import time as timer
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

from marketplace.core.webhook_rules import DEFAULT_MAX_ATTEMPTS, retry_delay
from marketplace.core.webhook_signature import header_value
from marketplace.database import begin_writing
from marketplace.extensions import db
from marketplace.ledger.claims import claimable
from marketplace.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookPartner
from marketplace.webhooks.poster import Poster, post_json

USER_AGENT = "patent-open-licensing-webhooks/1"


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker took for one attempt, with everything needed to send it."""

    delivery_id: int
    attempt: int
    event_id: str
    url: str
    secret: str
    body: bytes


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: the HTTP status, or the error when no answer came."""

    http_status: int | None
    error: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        """A 2xx answer."""
        return self.http_status is not None and 200 <= self.http_status < 300


@dataclass
class DeliveryReport:
    """What a run did."""

    attempted: int = 0
    delivered: int = 0
    failed: int = 0  # given up after the last attempt


def due(now: datetime):
    """The select() of pending deliveries to active partners whose next attempt is due, oldest first."""
    return (select(WebhookDelivery.id)
            .join(WebhookPartner, WebhookPartner.id == WebhookDelivery.partner_id)
            .where(WebhookDelivery.status == DeliveryStatus.PENDING, WebhookDelivery.next_attempt_at <= now,
                   WebhookPartner.active.is_(True))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id))


def claim_due(now: datetime, limit: int) -> list[Claimed]:
    """Take up to `limit` due deliveries for one attempt each (flushes; the caller commits)."""
    ids = claimable(due(now).limit(limit), WebhookDelivery)
    if not ids:
        return []
    rows = db.session.execute(
        select(WebhookDelivery.id, WebhookDelivery.attempts, WebhookDelivery.event_id, WebhookDelivery.body,
               WebhookPartner.url, WebhookPartner.secret)
        .join(WebhookPartner, WebhookPartner.id == WebhookDelivery.partner_id)
        .where(WebhookDelivery.id.in_(ids))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)).all()
    claimed = []
    for row in rows:
        attempt = row.attempts + 1
        taken = db.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == row.id, WebhookDelivery.status == DeliveryStatus.PENDING,
                   WebhookDelivery.attempts == row.attempts, WebhookDelivery.next_attempt_at <= now)
            .values(attempts=attempt, next_attempt_at=now + retry_delay(attempt))
            .execution_options(synchronize_session=False)).rowcount
        if taken == 1:
            claimed.append(Claimed(row.id, attempt, row.event_id, row.url, row.secret, bytes(row.body)))
    return claimed


def headers_for(claimed: Claimed, now: datetime) -> dict[str, str]:
    """The headers of one attempt: its id, its timestamp (Unix seconds) and the signature over both."""
    stamp = int(now.timestamp())
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Webhook-Id": claimed.event_id,
        "Webhook-Timestamp": str(stamp),
        "Webhook-Signature": header_value(claimed.secret, stamp, claimed.body),
    }


def send(claimed: Claimed, now: datetime, post: Poster, timeout: float) -> Outcome:
    """POST the stored body once; any exception is an attempt without an answer."""
    started = timer.perf_counter()
    try:
        status = post(claimed.url, claimed.body, headers_for(claimed, now), timeout)
        error = ""
    except Exception as problem:  # noqa: BLE001 - every failure to get an answer is logged and retried
        status, error = None, f"{type(problem).__name__}: {problem}"[:300]
    elapsed = int((timer.perf_counter() - started) * 1000)
    if status is not None and not 200 <= status < 300:
        error = f"HTTP {status}"
    return Outcome(status, error, elapsed)


def record_outcome(claimed: Claimed, outcome: Outcome, now: datetime, max_attempts: int) -> str:
    """Log the attempt and settle the delivery: "delivered", "failed" (no attempts left) or "retry"."""
    db.session.add(WebhookAttempt(delivery_id=claimed.delivery_id, attempted_at=now,
                                  http_status=outcome.http_status, error=outcome.error,
                                  duration_ms=outcome.duration_ms))
    mine = (WebhookDelivery.id == claimed.delivery_id, WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.attempts == claimed.attempt)
    result = "retry"
    if outcome.delivered:
        db.session.execute(update(WebhookDelivery).where(*mine)
                           .values(status=DeliveryStatus.DELIVERED, delivered_at=now)
                           .execution_options(synchronize_session=False))
        result = "delivered"
    elif claimed.attempt >= max_attempts:
        db.session.execute(update(WebhookDelivery).where(*mine).values(status=DeliveryStatus.FAILED)
                           .execution_options(synchronize_session=False))
        result = "failed"
    db.session.flush()
    return result


def deliver_webhooks(now: datetime, post: Poster | None = None, batch: int | None = None,
                     max_attempts: int | None = None, timeout: float | None = None) -> DeliveryReport:
    """Send every delivery due at `now`, in batches, committing each claim and each batch's results.
    `post` sends one request (the standard library's by default; tests pass their own)."""
    config = current_app.config
    post = post or post_json
    batch = batch or config.get("WEBHOOK_BATCH", 50)
    max_attempts = max_attempts or config.get("WEBHOOK_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)
    timeout = timeout or config.get("WEBHOOK_TIMEOUT_SECONDS", 10)
    report = DeliveryReport()
    while True:
        begin_writing(db.session)
        claimed = claim_due(now, batch)
        db.session.commit()
        if not claimed:
            return report
        outcomes = [(each, send(each, now, post, timeout)) for each in claimed]
        begin_writing(db.session)
        for each, outcome in outcomes:
            result = record_outcome(each, outcome, now, max_attempts)
            report.attempted += 1
            report.delivered += result == "delivered"
            report.failed += result == "failed"
        db.session.commit()

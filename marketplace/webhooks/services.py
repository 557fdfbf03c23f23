"""Webhook partners and the outbox of deliveries.

`emit` writes one pending delivery per active partner subscribed to the event type, in the caller's
transaction: nothing is sent inside a request, and an event that rolls back was never queued. The event
key (``licence.taken:<licence id>``) is unique per partner, so a retried job or a double click queues an
event once. The body is fixed here, as the bytes that will be sent. Services flush and never commit.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.core.money import Money
from marketplace.core.webhook_rules import EVENT_TYPES, UrlProblem, check_partner_url
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookPartner

# Event ids are UUIDs derived from the event key: the same event has the same id for every partner and
# on every retry or replay, so a receiver can recognise one it has already processed.
EVENT_NAMESPACE = uuid.UUID("6f1d6a52-7c1e-4f0e-9a55-3b7d2d5e8c10")

URL_MESSAGES = {
    "malformed": _l("Enter a full web address, such as https://partner.example.cn/webhooks."),
    "scheme": _l("The address must begin with https://."),
    "plain_http": _l("Plain http is allowed only to this machine (127.0.0.1 or localhost); use https."),
}


def event_id(event_key: str) -> str:
    """The event's id: a UUID derived from its key."""
    return str(uuid.uuid5(EVENT_NAMESPACE, event_key))


def _json_value(value: Any) -> Any:
    if isinstance(value, Money):
        return f"{value.amount:.2f}"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no JSON form in a webhook body")


def _no_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("a webhook body never carries floats: money goes as a string with two decimals")
    if isinstance(value, Mapping):
        for item in value.values():
            _no_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _no_floats(item)


def event_body(event_type: str, event_key: str, data: Mapping[str, Any], now: datetime) -> bytes:
    """The JSON body ``{"id", "type", "created_at", "data"}`` as UTF-8 bytes; money is a string with two
    decimals (a `Money` becomes one), dates ISO 8601, instants UTC with a Z."""
    _no_floats(data)
    body = {"id": event_id(event_key), "type": event_type, "created_at": now, "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=_json_value).encode()


def subscribed(event_type: str) -> list[WebhookPartner]:
    """The active partners subscribed to `event_type`, oldest first."""
    partners = db.session.scalars(select(WebhookPartner).where(WebhookPartner.active.is_(True))
                                  .order_by(WebhookPartner.id))
    return [partner for partner in partners if event_type in partner.event_types]


def emit(event_type: str, event_key: str, data: Mapping[str, Any], now: datetime,
         partners: Sequence[WebhookPartner] | None = None) -> int:
    """Queue the event for every active partner subscribed to its type (or for `partners`, already
    found by `subscribed`), once per partner and key; returns how many deliveries were written."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    partners = subscribed(event_type) if partners is None else partners
    if not partners:
        return 0
    queued_before = set(db.session.scalars(select(WebhookDelivery.partner_id).where(
        WebhookDelivery.event_key == event_key,
        WebhookDelivery.partner_id.in_([partner.id for partner in partners]))))
    body = event_body(event_type, event_key, data, now)
    written = 0
    for partner in partners:
        if partner.id in queued_before:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(WebhookDelivery(
                    partner_id=partner.id, event_type=event_type, event_key=event_key,
                    event_id=event_id(event_key), body=body, status=DeliveryStatus.PENDING, attempts=0,
                    next_attempt_at=now, created_at=now))
                db.session.flush()
        except IntegrityError:  # another transaction queued it first
            continue
        written += 1
    return written


@dataclass(frozen=True)
class PartnerDetails:
    """What an administrator enters for a partner."""

    name: str
    url: str
    events: tuple[str, ...]


def new_secret() -> str:
    """A fresh signing secret: 64 hex characters (256 random bits), safe to paste into a shell."""
    return secrets.token_hex(32)


def create_partner(details: PartnerDetails, user: User, now: datetime) -> WebhookPartner:
    """Set up a partner with a freshly generated secret; refused for a bad address, no name or no events."""
    name = details.name.strip()
    if not name:
        raise ServiceError(_l("Give the partner a name."), field="name")
    try:
        url = check_partner_url(details.url)
    except UrlProblem as problem:
        raise ServiceError(URL_MESSAGES[problem.problem], field="url") from None
    events = [event for event in EVENT_TYPES if event in set(details.events)]
    if not events or set(details.events) - set(EVENT_TYPES):
        raise ServiceError(_l("Choose at least one event."), field="events")
    partner = WebhookPartner(name=name[:100], url=url, secret=new_secret(), events=",".join(events),
                             active=True, created_by_id=user.id, created_at=now)
    db.session.add(partner)
    db.session.flush()
    return partner


def set_active(partner: WebhookPartner, active: bool) -> bool:
    """Deactivate a partner (nothing is queued for it and its pending deliveries wait) or reactivate it;
    False when it already was so."""
    result = db.session.execute(
        update(WebhookPartner).where(WebhookPartner.id == partner.id, WebhookPartner.active.is_(not active))
        .values(active=active).execution_options(synchronize_session=False))
    db.session.refresh(partner)
    return result.rowcount == 1


def partners_query() -> Select:
    """The select() behind the partners list, newest first."""
    return select(WebhookPartner).order_by(WebhookPartner.created_at.desc(), WebhookPartner.id.desc())


def deliveries_query(partner_id: int, status: DeliveryStatus | None = None) -> Select:
    """The select() behind a partner's deliveries, newest first, optionally of one status."""
    stmt = (select(WebhookDelivery).where(WebhookDelivery.partner_id == partner_id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()))
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    return stmt


def attempts_of(delivery_ids: Sequence[int]) -> dict[int, list[WebhookAttempt]]:
    """The attempts of each delivery, oldest first, in one statement."""
    found: dict[int, list[WebhookAttempt]] = {delivery_id: [] for delivery_id in delivery_ids}
    if not delivery_ids:
        return found
    for attempt in db.session.scalars(select(WebhookAttempt).where(
            WebhookAttempt.delivery_id.in_(list(delivery_ids))).order_by(WebhookAttempt.id)):
        found[attempt.delivery_id].append(attempt)
    return found


def replay(delivery: WebhookDelivery, seen_replays: int, now: datetime) -> bool:
    """Queue a delivered or failed delivery again, to go now with the same body (and id), its attempts
    counted afresh. A compare-and-set on the replay count the administrator saw: of two clicks one
    replays, the other returns False. A delivery still pending (not replayed since) is refused: it is
    on its way."""
    result = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery.id, WebhookDelivery.replays == seen_replays,
               WebhookDelivery.status != DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, delivered_at=None,
                replays=WebhookDelivery.replays + 1)
        .execution_options(synchronize_session=False))
    db.session.refresh(delivery)
    if result.rowcount == 1:
        return True
    if delivery.replays != seen_replays:
        return False  # replayed already, by this click's twin or another administrator
    raise ServiceError(_l("This delivery is still pending: the delivery job sends it."))

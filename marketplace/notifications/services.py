"""Writing notifications once, wording them, delivering the outbox."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.notifications.models import Notification

log = logging.getLogger("marketplace.outbox")

MESSAGES = {
    "trial_reminder": _l("The trial of licence %(number)s ends on %(last_day)s. Convert to the paid "
                         "licence or decline before then; %(policy)s"),
}
POLICY_TEXT = {
    "expire": _l("otherwise the licence ends and nothing is owed."),
    "convert": _l("otherwise it converts and the first charge falls due."),
}


def notify(key: str, enterprise_id: int, kind: str, licence_id: int | None = None, **params) -> bool:
    """Write a notification unless one with this key exists; returns whether it was written."""
    if db.session.scalar(select(Notification.id).where(Notification.key == key)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Notification(key=key, enterprise_id=enterprise_id, licence_id=licence_id,
                                        kind=kind, params_json=json.dumps(params, ensure_ascii=False)))
            db.session.flush()
    except IntegrityError:
        return False
    return True


def text_of(notification: Notification) -> str:
    """The notification worded in the reader's language."""
    params = json.loads(notification.params_json)
    if "policy" in params:
        params["policy"] = str(POLICY_TEXT.get(params["policy"], ""))
    return str(MESSAGES[notification.kind]) % params


def for_enterprise(enterprise_id: int, limit: int = 10) -> list[Notification]:
    """The newest notifications of an enterprise."""
    return list(db.session.scalars(select(Notification).where(Notification.enterprise_id == enterprise_id)
                                   .order_by(Notification.id.desc()).limit(limit)))


def deliver_outbox(now: datetime) -> int:
    """Hand unsent notifications to the sender (the log, in development) and mark them sent."""
    pending = list(db.session.scalars(select(Notification).where(Notification.sent_at.is_(None))))
    for notification in pending:
        log.info("notification %s to enterprise %s: %s", notification.key, notification.enterprise_id,
                 text_of(notification))
        notification.sent_at = now
    db.session.flush()
    return len(pending)

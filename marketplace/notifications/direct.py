"""Messages to one person that leave at once instead of through the outbox (a password-reset link).

The message is handed to the configured sender (see `senders`) only after the response has gone out,
so a slow mail server neither delays the page nor tells by its timing whether a message was sent.
A failure is logged; the person can ask again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import Response, current_app

from marketplace.notifications.senders import sender_from_config

log = logging.getLogger("marketplace.mail")


def send_after_response(response: Response, to: Sequence[str], subject: str, body: str) -> Response:
    """Arrange for the message to be sent once `response` has been delivered; returns the response."""
    sender = sender_from_config(current_app.config)
    recipients = list(to)

    def deliver() -> None:
        try:
            sender.send(recipients, subject, body)
        except Exception:  # noqa: BLE001 - the page has gone out; a lost message is logged, not raised
            log.exception("message %r to %d recipient(s) not delivered", subject, len(recipients))

    response.call_on_close(deliver)
    return response

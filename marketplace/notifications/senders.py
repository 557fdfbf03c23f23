"""Who hands a notification on: the log (development) or an SMTP server (production).

`sender_from_config(config)` picks one by `NOTIFICATION_SENDER` ("log" or "smtp"). A sender gets the
recipients' addresses, a subject and the text, and raises on failure so the outbox keeps the message.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger("marketplace.outbox")


class Sender(Protocol):
    """Delivers one message to some addresses."""

    def send(self, to: Sequence[str], subject: str, body: str) -> None:
        """Deliver, or raise."""


class LogSender:
    """Writes each message to the application log."""

    def send(self, to: Sequence[str], subject: str, body: str) -> None:
        """Log the message."""
        log.info("notification to %s: %s — %s", ", ".join(to) or "(no address)", subject, body)


class SmtpSender:
    """E-mails each message through an SMTP server (STARTTLS and login when configured)."""

    def __init__(self, host: str, port: int, sender: str, username: str = "", password: str = "",
                 starttls: bool = True) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls = username, password, starttls

    def send(self, to: Sequence[str], subject: str, body: str) -> None:
        """Send one e-mail to every address (nothing when there is none)."""
        if not to:
            return
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, ", ".join(to), subject
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


def sender_from_config(config: Mapping) -> Sender:
    """The sender the configuration names; ValueError for an unknown one."""
    kind = config.get("NOTIFICATION_SENDER", "log")
    if kind == "log":
        return LogSender()
    if kind == "smtp":
        return SmtpSender(config["SMTP_HOST"], config["SMTP_PORT"], config["MAIL_FROM"],
                          config.get("SMTP_USERNAME", ""), config.get("SMTP_PASSWORD", ""),
                          config.get("SMTP_STARTTLS", True))
    raise ValueError(f"unknown NOTIFICATION_SENDER {kind!r}: use 'log' or 'smtp'")

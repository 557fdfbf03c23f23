"""`flask webhooks deliver`: send every webhook delivery that is due (the outbox job sends them too)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.database import utcnow
from marketplace.webhooks.delivery import deliver_webhooks

webhooks_cli = AppGroup("webhooks", help="Webhooks to partner platforms.")


@webhooks_cli.command("deliver")
def deliver_command() -> None:
    """POST every due delivery, signed; failures are retried later with back-off. Safe to run twice, or
    twice at once: each delivery is claimed by one run."""
    report = deliver_webhooks(utcnow())
    click.echo(f"{report.attempted} webhook attempts: {report.delivered} delivered, "
               f"{report.failed} given up after the last attempt.")

"""`flask api forget-keys`: delete the Idempotency-Keys older than 24 hours (`flask ledger run-due` does it
too, once its own work is committed)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace import clock
from marketplace.api.idempotency import forget_old_keys
from marketplace.extensions import db

api_cli = AppGroup("api", help="JSON API commands.")


def forget_keys() -> int:
    """Delete the keys older than 24 hours as of now and commit; returns how many."""
    forgotten = forget_old_keys(clock.now())
    db.session.commit()
    return forgotten


@api_cli.command("forget-keys")
def forget_keys_command() -> None:
    """Delete the Idempotency-Keys (and their stored responses) older than 24 hours; safe to run twice."""
    click.echo(f"{forget_keys()} idempotency keys older than 24 hours forgotten.")

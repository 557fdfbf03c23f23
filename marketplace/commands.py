"""Registers the command-line commands of every feature on the `flask` command."""

from __future__ import annotations

from flask import Flask

from marketplace.api.commands import api_cli
from marketplace.backup.commands import db_cli
from marketplace.catalogue.commands import catalogue_cli
from marketplace.dashboards.commands import dashboards_cli
from marketplace.demo.commands import seed_demo_command
from marketplace.documents.commands import documents_cli
from marketplace.ledger.commands import ledger_cli
from marketplace.matching.commands import matching_cli
from marketplace.webhooks.commands import webhooks_cli


def register_commands(app: Flask) -> None:
    """Add `flask seed-demo`, `flask catalogue ...`, `flask ledger ...`, `flask matching ...`,
    `flask dashboards ...`, `flask webhooks ...`, `flask api ...`, and `flask db backup|restore` next to
    Flask-Migrate's own `flask db` commands."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(catalogue_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(dashboards_cli)
    app.cli.add_command(webhooks_cli)
    app.cli.add_command(api_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(documents_cli)

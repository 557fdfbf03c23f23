"""Registers the command-line commands of every feature on the `flask` command."""

from __future__ import annotations

from flask import Flask

from marketplace.demo.commands import seed_demo_command


def register_commands(app: Flask) -> None:
    """Add `flask seed-demo` (and, as features land, their groups)."""
    app.cli.add_command(seed_demo_command)

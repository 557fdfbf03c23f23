"""`flask db backup FILE` and `flask db restore FILE` (SQLite), next to Flask-Migrate's `flask db upgrade`."""

from __future__ import annotations

from pathlib import Path

import click
from flask_migrate.cli import db as db_cli

from marketplace.backup.sqlite_backup import BackupRefused, backup, restore
from marketplace.extensions import db


@db_cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path) -> None:
    """Copy the SQLite database, online, to a new file TARGET."""
    try:
        size = backup(db.engine, target)
    except BackupRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {target} ({size} bytes).")


@db_cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(source: Path, yes: bool) -> None:
    """Replace the SQLite database's content with the backup SOURCE."""
    if not yes:
        click.confirm(f"Replace everything in the database with {source}?", abort=True)
    db.session.remove()
    try:
        restore(db.engine, source)
    except BackupRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored from {source}. Run `flask ledger check` to verify the ledger.")

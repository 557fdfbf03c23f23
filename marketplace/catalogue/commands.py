"""`flask catalogue reindex`: rebuild the search index from the patent table."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.catalogue.search import reindex_all
from marketplace.extensions import db

catalogue_cli = AppGroup("catalogue", help="Patent catalogue commands.")


@catalogue_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the catalogue's full-text index (it is also kept in step on every write)."""
    count = reindex_all()
    db.session.commit()
    click.echo(f"Indexed {count} patents.")

"""`flask catalogue reindex`: rebuild the search index from the patent table;
`flask catalogue expire-terms`: record as expired the patents whose term has ended."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from marketplace import clock
from marketplace.catalogue.search import reindex_all
from marketplace.catalogue.services import expire_ended_terms
from marketplace.extensions import db

catalogue_cli = AppGroup("catalogue", help="Patent catalogue commands.")


@catalogue_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the catalogue's full-text index (it is also kept in step on every write)."""
    count = reindex_all()
    db.session.commit()
    click.echo(f"Indexed {count} patents.")


@catalogue_cli.command("expire-terms")
@click.option("--today", "today_text", default=None,
              help="The day to run for (YYYY-MM-DD); default today in Asia/Shanghai.")
def expire_terms_command(today_text: str | None) -> None:
    """Record as expired (期满终止) every patent recorded in force whose term ended before today."""
    try:
        today = date.fromisoformat(today_text) if today_text else clock.today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--today") from None
    count = expire_ended_terms(today)
    db.session.commit()
    click.echo(f"{today}: {count} patents recorded as expired.")

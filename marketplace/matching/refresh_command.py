"""`flask matching refresh`: recompute every need's stored matches (idempotent, with a progress bar)."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.matching.store import refresh_all
from marketplace.needs.models import Need


@click.command("refresh")
@click.option("--today", "today_text", default=None,
              help="The day to match for (YYYY-MM-DD); default today in Asia/Shanghai.")
@with_appcontext
def refresh_command(today_text: str | None) -> None:
    """Recompute the ranked patents of every live need (and clear those of closed needs); running it
    twice leaves the same rows."""
    try:
        today = date.fromisoformat(today_text) if today_text else clock.today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--today") from None
    total = db.session.scalar(select(func.count(Need.id))) or 0
    with click.progressbar(length=total, label=f"matching refresh {today}", file=sys.stderr) as bar:
        count = refresh_all(today, bar.update)
    db.session.commit()
    click.echo(f"{today}: matches recomputed for {count} needs.")

"""`flask dashboards refresh`: compute the province dashboard's figures ahead of its visitors.

Run it from cron or a systemd timer a little more often than `FIGURES_MAX_AGE_SECONDS` (every 4 minutes
for the default 5), so administrators read figures that are computed already. It computes the whole
province for this year and the last; filtered views are computed when first asked for.
"""

from __future__ import annotations

import time
from datetime import date

import click
from flask.cli import AppGroup, with_appcontext

from marketplace import clock
from marketplace.dashboards.province_snapshot import compute, encode, snapshot_key
from marketplace.extensions import db
from marketplace.policy.scope import Scope
from marketplace.policy.snapshots import store

dashboards_cli = AppGroup("dashboards", help="Dashboard commands.")


@dashboards_cli.command("refresh")
@click.option("--today", "today_text", default=None,
              help="The day to compute for (YYYY-MM-DD); default today in Asia/Shanghai.")
@with_appcontext
def refresh_command(today_text: str | None) -> None:
    """Compute and store the province's figures of this year and of the last (every university, every
    industry); each is committed on its own."""
    try:
        today = date.fromisoformat(today_text) if today_text else clock.today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--today") from None
    for year in (today.year, today.year - 1):
        scope = Scope(year)
        began = time.perf_counter()
        store(snapshot_key(scope, today), encode(compute(scope, today)), clock.now())
        db.session.commit()
        click.echo(f"{today}: province figures of {year} computed in {time.perf_counter() - began:.2f} s.")

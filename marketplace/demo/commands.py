"""`flask seed-demo`: load the demo data (idempotent)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from marketplace import clock
from marketplace.demo.seed import is_empty, seed_demo
from marketplace.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Load realistic demo data; running it again creates nothing new."""
    if if_empty and not is_empty():
        click.echo("The database already has data; demo data not loaded.")
        return
    created = seed_demo(clock.today())
    db.session.commit()
    click.echo(
        "Demo data: {universities} universities, {enterprises} enterprises, {users} users, "
        "{patents} patents, {offers} open-licence offers created; {licences} licences taken and run to "
        "today; {zones} special zones (a closed matchmaking event with its results, a running online zone "
        "with open meeting slots); {needs} technology needs of enterprises, {conversations} answered in "
        "conversations (one became a meeting and a licence).".format(**created)
    )

"""`flask matching …`: `notify` tells universities and enterprises of new matches, each pair once;
`refresh` recomputes every need's stored matches."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.database import begin_writing, utcnow
from marketplace.extensions import db
from marketplace.matching.notices import notify_matches, pending_count
from marketplace.matching.refresh_command import refresh_command
from marketplace.notifications.services import deliver_outbox
from marketplace.observability.job_runs import NOTIFY, record_run

matching_cli = AppGroup("matching", help="Matching of needs and patents.")
matching_cli.add_command(refresh_command)


@matching_cli.command("notify")
def notify_command() -> None:
    """Tell each university of new needs its patents fit and each enterprise of new offers that fit its
    open needs; running it again tells nobody twice."""
    begin_writing(db.session)
    total = pending_count()
    moment = utcnow()
    with click.progressbar(length=total, label="matching notify", file=sys.stderr) as bar:
        report = notify_matches(moment, current_app.config.get("PUBLIC_URL") or "", bar.update)
    delivered = deliver_outbox(moment)
    record_run(NOTIFY, None, moment, utcnow(), {"university_pairs": report.university_pairs,
                                                "enterprise_pairs": report.enterprise_pairs,
                                                "notifications_sent": delivered})
    db.session.commit()
    click.echo(f"{report.university_pairs} new needs for {report.university_notices} universities, "
               f"{report.enterprise_pairs} new offers for {report.enterprise_notices} enterprises; "
               f"{delivered} notifications sent.")

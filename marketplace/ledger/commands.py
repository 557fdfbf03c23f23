"""`flask ledger run-due` and `flask ledger check`."""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import date

import click
from flask.cli import AppGroup

from marketplace import clock
from marketplace.api.commands import forget_keys
from marketplace.database import begin_writing, utcnow
from marketplace.extensions import db
from marketplace.ledger.due import pending_count, run_due
from marketplace.ledger.services import audit
from marketplace.ledger.standing import dunning_policy
from marketplace.notifications.services import deliver_outbox
from marketplace.observability.job_runs import RUN_DUE, record_run
from marketplace.webhooks.delivery import deliver_webhooks

ledger_cli = AppGroup("ledger", help="Licence ledger commands.")


@ledger_cli.command("run-due")
@click.option("--today", "today_text", default=None, help="The day to run for (YYYY-MM-DD); default today "
              "in Asia/Shanghai.")
def run_due_command(today_text: str | None) -> None:
    """Post due charges and end trials, lapse patents with unpaid annual fees and remind the IP centres
    of fees due; running it twice posts nothing twice. Then, once that is
    committed, send the webhooks that are due and forget the Idempotency-Keys older than 24 hours."""
    try:
        today = date.fromisoformat(today_text) if today_text else clock.today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--today") from None
    begin_writing(db.session)
    total = pending_count(today)
    moment = utcnow()
    with click.progressbar(length=total, label=f"run-due {today}", file=sys.stderr) as bar:
        report = run_due(today, dunning_policy(), bar.update, moment)
    delivered = deliver_outbox(moment)
    record_run(RUN_DUE, today, moment, utcnow(), {**asdict(report), "notifications_sent": delivered})
    db.session.commit()
    webhooks = deliver_webhooks(utcnow())
    forgotten = forget_keys()
    click.echo(f"{today}: {report.reminders} trial reminders, {report.trials_ended} trials ended, "
               f"{report.charges_posted} charges posted, {report.overdue} overdue, "
               f"{report.suspended} suspended, {report.settled} settled, {report.completed} completed, "
               f"{report.filings_overdue} 备案 overdue, {report.meeting_reminders} meeting reminders, "
               f"{report.patents_lapsed} patents lapsed for unpaid annual fees, "
               f"{report.fee_reminders} annual-fee reminders; "
               f"{delivered} notifications sent; webhooks: {webhooks.delivered} delivered of "
               f"{webhooks.attempted} attempts; {forgotten} idempotency keys forgotten.")


@ledger_cli.command("check")
def check_command() -> None:
    """Verify every ledger invariant; exit 1 on any break."""
    breaks = audit()
    for code, detail in breaks:
        click.echo(f"BROKEN {code}: {detail}", err=True)
    if breaks:
        raise SystemExit(1)
    click.echo("Ledger consistent: every transaction balances, trial balance zero, paid ≤ charged; every "
               "licence's status is the one its history leads to; every milestone charge falls due as its "
               "milestone says; every dispute agrees with the charges it names.")

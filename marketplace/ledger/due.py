"""Moving time: what falls due on a day. Safe to run twice, or twice at once.

`run_due(today)` sends trial reminders (7 days before a trial ends), applies the end-of-trial policy
of each trial whose last day is before `today`, posts every charge due on or before `today` that is
not posted yet, then settles, suspends, marks overdue and completes licences, and tells both parties
of each live licence whose 备案 deadline has passed without a filing, and reminds both sides of each
meeting accepted in a zone for tomorrow; then lapses the patents whose annual fee's late period ended
unpaid and reminds the IP centres of annual fees falling due (`annual_fees.due`). Every change is a row
claim (see `claims`) and every posting carries a unique key, so each event happens once. The work is
set-based: its cost follows the events due, not the number of licences held.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import func, select

from marketplace.annual_fees import due as due_annual_fees
from marketplace.core.licence_state import DunningPolicy
from marketplace.extensions import db
from marketplace.ledger import due_charges, due_filings, due_standing, due_trials
from marketplace.ledger.claims import Progress, no_progress
from marketplace.zones import meeting_reminders


@dataclass
class DueReport:
    """What one run did."""

    reminders: int = 0
    trials_ended: int = 0
    charges_posted: int = 0
    settled: int = 0
    suspended: int = 0
    overdue: int = 0
    completed: int = 0
    filings_overdue: int = 0
    meeting_reminders: int = 0
    patents_lapsed: int = 0
    fee_reminders: int = 0

    @property
    def events(self) -> int:
        """Every event this run recorded."""
        return sum(getattr(self, field.name) for field in fields(self))


def pending_count(today: date) -> int:
    """Roughly how many rows a run for `today` will look at (reminders, trials and charges), for a
    progress bar."""
    total = 0
    for stmt in (due_trials.reminders_due(today), due_trials.trials_ending(today),
                 due_charges.charges_due(today)):
        total += db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return total


def run_due(today: date, policy: DunningPolicy | None = None, progress: Progress = no_progress,
            now: datetime | None = None) -> DueReport:
    """Everything that falls due on or before `today`; flushes, never commits. `now` is the instant the
    events it records are announced to webhook partners with (the start of `today` when not given)."""
    policy = policy or DunningPolicy()
    report = DueReport()
    report.reminders = due_trials.send_reminders(today, progress)
    report.trials_ended = due_trials.end_trials(today, progress, now)
    report.charges_posted = due_charges.post_due_charges(today, progress)
    report.settled = due_standing.settle(today, policy, no_progress)
    report.suspended = due_standing.suspend(today, policy, no_progress)
    report.overdue = due_standing.mark_overdue(today, policy, no_progress)
    report.completed = due_standing.complete(today, no_progress)
    report.filings_overdue = due_filings.flag_overdue_filings(today, no_progress)
    report.meeting_reminders = meeting_reminders.send_meeting_reminders(today, no_progress)
    report.patents_lapsed = due_annual_fees.lapse_unpaid(today, now)
    report.fee_reminders = due_annual_fees.send_fee_reminders(today, no_progress)
    db.session.flush()
    db.session.expire_all()  # the ORM's copies of licences and charges are stale after the bulk updates
    return report

"""Trials, on the day the job runs: reminders 7 days before a trial ends (at once when fewer remain),
then the plan's end-of-trial policy for every trial whose last day has passed."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, update

from marketplace.core.licence_state import (
    REMINDER_DAYS_BEFORE_TRIAL_END,
    LicenceStatus,
    next_status,
    trial_end_event,
)
from marketplace.database import utcnow
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.ledger.claims import Progress, chunks, claimable
from marketplace.ledger.due_charges import void_charges
from marketplace.licensing.history import Step, record_many
from marketplace.licensing.models import Licence
from marketplace.notifications.models import Notification
from marketplace.webhooks import events as webhook_events

_UPDATE = {"synchronize_session": False}


def trial_policies(declaration_ids: set[int]) -> dict[int, str]:
    """The end-of-trial policy ("expire" or "convert") of each declaration."""
    policies = {}
    for declaration_id in declaration_ids:
        policy = read_plan(db.session.get(Declaration, declaration_id)).trial_end
        policies[declaration_id] = policy.value if policy else "expire"
    return policies


def reminders_due(today: date):
    """The select() of trials whose reminder is due and not yet sent."""
    # The reminder goes out on max(trial end − 7 days, licence start); the trial ends the day after its last.
    return select(Licence.id).where(
        Licence.status == LicenceStatus.TRIAL, Licence.trial_reminded_on.is_(None),
        Licence.trial_last_day <= today + timedelta(days=REMINDER_DAYS_BEFORE_TRIAL_END - 1),
        Licence.trial_last_day >= today,  # a trial already over gets its end-of-trial policy, not a reminder
        Licence.start_date <= today)


def send_reminders(today: date, progress: Progress) -> int:
    """Claim each due reminder once, write it to the outbox and the licence's history."""
    ids = claimable(reminders_due(today).order_by(Licence.id))
    sent = 0
    policies: dict[int, str] = {}
    for chunk in chunks(ids):
        rows = db.session.execute(
            update(Licence).where(Licence.id.in_(chunk), Licence.trial_reminded_on.is_(None),
                                  Licence.status == LicenceStatus.TRIAL)
            .values(trial_reminded_on=today)
            .returning(Licence.id, Licence.enterprise_id, Licence.number, Licence.trial_last_day,
                       Licence.declaration_id), execution_options=_UPDATE).all()
        policies.update(trial_policies({row.declaration_id for row in rows} - policies.keys()))
        now = utcnow()
        if rows:
            db.session.execute(insert(Notification), [{
                "key": f"trial-reminder:licence:{row.id}", "enterprise_id": row.enterprise_id,
                "licence_id": row.id, "kind": "trial_reminder", "created_at": now,
                "params_json": json.dumps({"number": row.number, "last_day": row.trial_last_day.isoformat(),
                                           "policy": policies[row.declaration_id]}),
            } for row in rows])
        record_many(Step(row.id, "reminded", "trial", today, detail=row.trial_last_day.isoformat())
                    for row in rows)
        sent += len(rows)
        progress(len(rows))
    return sent


def trials_ending(today: date):
    """The select() of trials whose last day has passed."""
    return select(Licence.id).where(Licence.status == LicenceStatus.TRIAL, Licence.trial_last_day < today)


def end_trials(today: date, progress: Progress, now: datetime | None = None) -> int:
    """Apply each plan's end-of-trial policy (convert, or expire with nothing owed) once per trial; a
    conversion is announced to webhook partners as happening at `now` (the start of `today` if not given)."""
    ids = claimable(trials_ending(today).order_by(Licence.id))
    ended = 0
    policies: dict[int, str] = {}
    for chunk in chunks(ids):
        by_declaration = db.session.execute(select(Licence.id, Licence.declaration_id)
                                            .where(Licence.id.in_(chunk))).all()
        policies.update(trial_policies({row.declaration_id for row in by_declaration} - policies.keys()))
        for policy in ("convert", "expire"):
            group = [row.id for row in by_declaration if policies[row.declaration_id] == policy]
            if not group:
                continue
            target = next_status(LicenceStatus.TRIAL, trial_end_event(policy))
            moved = db.session.scalars(
                update(Licence).where(Licence.id.in_(group), Licence.status == LicenceStatus.TRIAL)
                .values(status=target).returning(Licence.id), execution_options=_UPDATE).all()
            kind = "converted" if target == LicenceStatus.ACTIVE else "expired"
            if target != LicenceStatus.ACTIVE:
                void_charges(moved, today)  # an expired trial owes nothing, now or later
            else:
                webhook_events.trials_converted(moved, today, now or webhook_events.day_start(today),
                                                early=False)
            record_many(Step(licence_id, kind, "trial", today, detail="trial_end") for licence_id in moved)
            ended += len(moved)
        progress(len(chunk))
    return ended

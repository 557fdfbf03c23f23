"""Recording the runs of the scheduled jobs and reading them back for the metrics: when each job last
finished, and the events the run-due runs of a day recorded, summed over every instance that ran."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.observability.job_models import JobRun

RUN_DUE = "ledger run-due"
NOTIFY = "matching notify"


def record_run(job: str, business_date: date | None, started_at: datetime, finished_at: datetime,
               counts: Mapping[str, int]) -> JobRun:
    """Record a finished run of `job` with its counts of events by kind; flushes, never commits (the run's
    own transaction commits it with the work, so a run that rolls back leaves no record)."""
    run = JobRun(job=job, business_date=business_date, started_at=started_at, finished_at=finished_at,
                 events=sum(counts.values()), counts_json=json.dumps(dict(counts), sort_keys=True))
    db.session.add(run)
    db.session.flush()
    return run


def last_finished() -> dict[str, datetime]:
    """When each job that ever ran last finished."""
    latest = select(JobRun.job, func.max(JobRun.finished_at)).group_by(JobRun.job)
    return dict(db.session.execute(latest).all())


def events_on(job: str, day: date) -> Counter[str]:
    """The events of each kind that the runs of `job` for `day` recorded, all instances together."""
    total: Counter[str] = Counter()
    for counts in db.session.scalars(select(JobRun.counts_json).where(JobRun.job == job,
                                                                       JobRun.business_date == day)):
        total.update(json.loads(counts))
    return total

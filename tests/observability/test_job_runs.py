"""Each run of `ledger run-due` and `matching notify` is recorded with the work it did, in the same
transaction; /metrics shows when each job last finished and today's run-due events, every run summed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.observability.job_models import JobRun
from tests.ledger import licence_factory as factory
from tests.observability.test_metrics import _value

START = date(2027, 1, 1)


def _runs(app) -> list[JobRun]:
    with app.app_context():
        return list(db.session.scalars(select(JobRun).order_by(JobRun.id)))


def test_run_due_records_its_run_and_the_metrics_show_todays_events(app, client, runner):
    app.config["FROZEN_TODAY"] = START.isoformat()
    with app.app_context():
        for _ in range(2):
            factory.take(factory.offer(flat_plan(Money("5000.00"), Duration.years(1))), START)
        db.session.commit()
    before = client.get("/metrics").get_data(as_text=True)
    assert "marketplace_job_last_finished_timestamp_seconds{" not in before

    first = runner.invoke(args=["ledger", "run-due", "--today", START.isoformat()])
    again = runner.invoke(args=["ledger", "run-due", "--today", START.isoformat()])
    assert first.exit_code == again.exit_code == 0, first.output + again.output
    assert "2 charges posted" in first.output and "0 charges posted" in again.output

    runs = _runs(app)
    assert [(run.job, run.business_date) for run in runs] == [("ledger run-due", START)] * 2
    assert runs[0].events >= 2 and runs[0].started_at <= runs[0].finished_at
    text = client.get("/metrics").get_data(as_text=True)
    assert _value(text, "marketplace_run_due_events", kind="charges_posted") == 2
    assert _value(text, "marketplace_job_last_finished_timestamp_seconds", job="ledger run-due") == \
        runs[-1].finished_at.timestamp()


def test_matching_notify_records_its_run(app, client, runner):
    result = runner.invoke(args=["matching", "notify"])
    assert result.exit_code == 0, result.output
    [run] = _runs(app)
    assert run.job == "matching notify" and run.business_date is None
    text = client.get("/metrics").get_data(as_text=True)
    assert _value(text, "marketplace_job_last_finished_timestamp_seconds", job="matching notify") == \
        run.finished_at.timestamp()


def test_a_run_that_fails_leaves_no_record(app, runner, monkeypatch):
    import marketplace.ledger.commands as commands

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(commands, "deliver_outbox", broken)
    result = runner.invoke(args=["ledger", "run-due", "--today", START.isoformat()])
    assert result.exit_code != 0
    with app.app_context():
        db.session.rollback()
    assert _runs(app) == []

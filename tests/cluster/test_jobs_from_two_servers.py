"""`flask ledger run-due` and `flask matching notify` started by cron on two app servers at once: two
processes on one database run the commands for the same days, and together they do what one server alone
does — every charge posted, trial ended, licence moved, notice sent and webhook delivered once (a
receiver on loopback counts the deliveries by id).

Each server is a separate process (its own app, engine and connections), started from the same seeded
demo world; the runs of each day start together (a barrier), so they overlap. A control database, a copy
of the same world, runs the same days on one process. The two end states must be equal, and what the two
servers report for a day must add up to what the one server reports. On SQLite and on PostgreSQL.
Marked real_commits."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, make_url, text

from marketplace.core.webhook_rules import EVENT_TYPES
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.webhooks.services import emit
from tests.cluster.jobs_worker import run_jobs
from tests.ledger.separate_database import BACKENDS, _dispose, postgresql_url, separate_app
from tests.webhooks.partners import partner, receiver

pytestmark = pytest.mark.real_commits

DEMO_DAY = date(2026, 11, 26)
# Every third day for 90 days: no step passes both dunning thresholds (30 and 90 days) at once.
DAYS = [(DEMO_DAY + timedelta(days=offset)).isoformat() for offset in range(3, 93, 3)]
SECRET = "cluster-webhook-secret"  # noqa: S105 - a test value
WAIT = 300
EVENTS = 40

# What "the same end state" compares: business keys and states, not row ids or clock times.
STATE_QUERIES = {
    "licences": "SELECT id, status, stops_on, trial_reminded_on, filing_overdue_notified_on FROM licence",
    "charges": "SELECT id, posted_on, settled_fen, settled_on, voided_on FROM licence_charge",
    "ledger": "SELECT t.key, t.kind, t.licence_id, t.business_date, l.account, l.side, l.amount_fen "
              "FROM ledger_transaction t JOIN ledger_leg l ON l.transaction_id = t.id",
    "history": "SELECT key, kind, licence_id, business_date, amount_fen FROM licence_history",
    # A match notice's key names the first pair's row id, which PostgreSQL's sequence hands out in
    # another order when two runs insert at once; what it tells (its list) is the business content.
    "notifications": "SELECT CASE WHEN kind LIKE 'match%' THEN params_json ELSE key END, kind, "
                     "enterprise_id, university_id, licence_id, sent_at IS NOT NULL FROM notification",
    "match notices": "SELECT kind, need_id, university_id, patent_id FROM match_notice",
    "webhooks": "SELECT event_id, partner_id, event_type, status FROM webhook_delivery",
}


def _state(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: sorted(tuple(map(str, row)) for row in conn.execute(text(query)))
                    for name, query in STATE_QUERIES.items()}
    finally:
        engine.dispose()


@contextmanager
def _copy(url: str) -> Iterator[str]:
    """A copy of the database at `url` (no connection may be open to it)."""
    if url.startswith("sqlite"):
        path = make_url(url).database
        copy_path = f"{path}.control"
        source, copy = sqlite3.connect(path), sqlite3.connect(copy_path)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        yield f"sqlite:///{copy_path}"
        return
    server = make_url(postgresql_url())
    name = f"test_cluster_control_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(url).database}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _servers(url: str, count: int) -> list[list[tuple]]:
    """Run the jobs from `count` processes at once; every process's (command, exit code, output)."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(count, timeout=WAIT), context.Queue()
    processes = [context.Process(target=run_jobs, args=(url, DAYS, barrier, results)) for _ in range(count)]
    for process in processes:
        process.start()
    outputs = [results.get(timeout=WAIT) for _ in processes]
    for process in processes:
        process.join(WAIT)
        assert process.exitcode == 0
    return outputs


def _numbers(output: str) -> list[int]:
    """The counts a command printed (the date's digits left out)."""
    return [int(n) for n in re.findall(r"(?<![\d-])\d+(?![\d-])", output.split(": ", 1)[-1])]


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_servers_running_the_jobs_at_once_do_each_thing_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            seed_demo(DEMO_DAY)
            with receiver(SECRET) as hooks:
                partner(EVENT_TYPES, url=hooks.url, secret=SECRET)
                for number in range(EVENTS):  # waiting in the outbox for the servers' runs to send
                    emit("licence.taken", f"cluster-{number}", {"number": number}, datetime.now(UTC))
                db.session.commit()
                url = app.config["SQLALCHEMY_DATABASE_URI"]
                _dispose(app)
                hooks.clock[0] = datetime.now(UTC)
                with _copy(url) as control_url:
                    alone = _servers(control_url, 1)[0]
                    control, control_hooks = _state(control_url), list(hooks.accepted)
                hooks.accepted.clear()
                together = _servers(url, 2)
                state = _state(url)

    for outputs in [alone, *together]:
        assert all(code == 0 for _, code, _ in outputs), outputs
    for step, (command, _, output) in enumerate(alone):
        both = [_numbers(each[step][2]) for each in together]
        assert [a + b for a, b in zip(*both, strict=True)] == _numbers(output), (command, output, both)
    assert sum(sum(_numbers(output)) for _, _, output in alone) > 20  # the days had work to do
    for name in STATE_QUERIES:  # only the rows that differ, when some do
        two, one = set(state[name]), set(control[name])
        assert state[name] == control[name], (name, {"two servers only": sorted(two - one),
                                                     "one server only": sorted(one - two)})
    ids = [seen["id"] for seen in hooks.accepted]
    assert len(ids) == len(set(ids)) == len(control_hooks) == len(state["webhooks"]) == EVENTS

"""Ledger job benchmark: `run_due` (what `flask ledger run-due` runs) with 10,000 events due among
100,000 licences held, then among 200,000.

    python -m bench.ledger [--licences 100000] [--events 10000] [--repeat 5] [--check-ledger]
                           [--database-url URL]

For each size, builds a fresh database (a SQLite file in a temporary directory, or with --database-url a
PostgreSQL database per size on that server, see `bench.ledger_store`): migrations, universities,
patents and published offers through the normal services, enterprises and then the licences with
their charges, posted history, payments, settlements and steps bulk-inserted with Core `insert()`
(see `bench.ledger_mix` for what is held). Then, `--repeat` times on a fresh copy of that database,
times `run_due(day, policy)` + flush + commit, checks the report is exactly the events due, and
runs the job again (it must find nothing). Prints a summary, writes bench/results/ledger.json
(ledger-postgresql.json on PostgreSQL), and
exits 1 when a target is missed: at least 2,000 events per second, and doubling the licences held
(same events due) changing the time by less than 20 %.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from random import Random
from typing import Any

from flask import Flask
from sqlalchemy import event, func, select

from bench.bars import finish
from bench.catalogue import ensure_database, normalise_url
from bench.ledger_mix import Due, Mix
from bench.ledger_rows import Writer
from bench.ledger_store import PostgresStore, SqliteStore
from bench.ledger_world import build_world
from marketplace.core.licence_state import DunningPolicy

SEED = 2027
TODAY = date(2027, 6, 15)  # the benchmark day: the day `flask ledger run-due --today` runs for
POLICY = DunningPolicy(grace_days=30, suspend_after_days=90)
TARGET_EVENTS_PER_S = 2000
MAX_TIME_RATIO = 1.2
RESULTS = Path(__file__).resolve().parent / "results" / "ledger.json"
STEPS = (("due_trials", "send_reminders"), ("due_trials", "end_trials"), ("due_charges", "post_due_charges"),
         ("due_standing", "settle"), ("due_standing", "suspend"), ("due_standing", "mark_overdue"),
         ("due_standing", "complete"), ("due_filings", "flag_overdue_filings"),
         ("meeting_reminders", "send_meeting_reminders"))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger", description=__doc__.splitlines()[0])
    parser.add_argument("--licences", type=int, default=100_000,
                        help="licences held in the first case; the second holds twice as many "
                             "(default 100000)")
    parser.add_argument("--events", type=int, default=10_000, help="events due on the day (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case, each on a fresh copy "
                                                              "(default 5; the median counts)")
    parser.add_argument("--patents", type=int, default=400, help="patents offered (default 400)")
    parser.add_argument("--enterprises", type=int, default=3000, help="enterprises (default 3000)")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server and database name: the databases <name>_<licences> and "
                             "<name>_run are made there and dropped (default: SQLite files)")
    parser.add_argument("--check-ledger", action="store_true",
                        help="after the runs, verify the whole ledger (`flask ledger check`); slow")
    args = parser.parse_args(argv)
    if args.events < 10 or args.licences < args.events or args.repeat < 1:
        parser.error("--events must be at least 10, --licences at least --events, --repeat at least 1")
    if args.patents * args.enterprises < 4 * args.licences:
        parser.error("--patents × --enterprises must be at least four times --licences")
    return args


def make_app(url: str) -> Flask:
    from config import TestingConfig
    from marketplace import create_app

    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)


# --- building the data ------------------------------------------------------------------------------


def build(url: str, licences: int, due: Due, args: argparse.Namespace, store) -> dict[str, Any]:
    """Create and fill the database at `url`; returns what it holds and how long it took."""
    from flask_migrate import upgrade

    from marketplace.extensions import db
    from marketplace.licensing.models import Licence

    started = time.perf_counter()
    app = make_app(url)
    with app.app_context():
        upgrade()
        world = build_world(args.patents, args.enterprises)
        db.session.commit()
        (expiry,) = set(world.expiry.values())
        rng = Random(SEED)  # noqa: S311 - reproducible synthetic data, nothing security-related
        writer = Writer(world, TODAY, rng)
        mix = Mix(TODAY, POLICY, expiry, rng)
        for spec in mix.due(due):
            writer.add(spec)
        for spec in mix.background(licences - due.licences):
            writer.add(spec)
        writer.flush()
        db.session.commit()
        statuses = dict(db.session.execute(select(Licence.status, func.count())
                                           .group_by(Licence.status)).all())
        db.session.remove()
        db.engine.dispose()
    store.settle(url)
    return {"build_s": round(time.perf_counter() - started, 1),
            "licence_status": {str(status): count for status, count in sorted(statuses.items())},
            "rows": dict(sorted(writer.counts.items())), "database_mb": store.size_mb(url)}


# --- timing -----------------------------------------------------------------------------------------


@contextmanager
def step_timer() -> Iterator[dict[str, float]]:
    """Seconds spent in each step of `run_due`, by wrapping the step functions while it runs."""
    from marketplace.ledger import due_charges, due_filings, due_standing, due_trials
    from marketplace.zones import meeting_reminders

    modules = {"due_trials": due_trials, "due_charges": due_charges, "due_standing": due_standing,
               "due_filings": due_filings, "meeting_reminders": meeting_reminders}
    spent: dict[str, float] = {}
    originals = {(module, name): getattr(modules[module], name) for module, name in STEPS}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    for (module, name), function in originals.items():
        setattr(modules[module], name, timed(name, function))
    try:
        yield spent
    finally:
        for (module, name), function in originals.items():
            setattr(modules[module], name, function)


@contextmanager
def statement_counter(engine) -> Iterator[list[int]]:
    """How many SQL statements (an executemany counts once) the engine runs meanwhile."""
    count = [0]

    def count_one(*_args) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", count_one)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", count_one)


def timed_run(url: str, check_ledger: bool) -> dict[str, Any]:
    """One run of the job on the database at `url`, then a second run that must find nothing."""
    from marketplace.database import begin_writing
    from marketplace.extensions import db
    from marketplace.ledger.due import run_due

    app = make_app(url)
    gc.collect()  # start from a clean heap, not the garbage of building the data
    with app.app_context():
        with step_timer() as steps, statement_counter(db.engine) as statements:
            begin_writing(db.session)
            started = time.perf_counter()
            report = run_due(TODAY, POLICY)
            db.session.flush()
            db.session.commit()
            seconds = time.perf_counter() - started
            flush_and_commit = seconds - sum(steps.values())
        begin_writing(db.session)
        started = time.perf_counter()
        again = run_due(TODAY, POLICY)
        db.session.commit()
        rerun_s = time.perf_counter() - started
        breaks = check(check_ledger)
        db.session.remove()
        db.engine.dispose()
    return {"seconds": seconds, "report": {**vars(report), "events": report.events},
            "steps_s": {name: round(value, 4) for name, value in steps.items()},
            "flush_commit_s": round(flush_and_commit, 4), "statements": statements[0],
            "rerun_events": again.events, "rerun_s": round(rerun_s, 4), "ledger_breaks": breaks}


def check(enabled: bool) -> list[str] | None:
    """Every broken ledger invariant (None when not checked)."""
    if not enabled:
        return None
    from marketplace.ledger.services import audit

    return [f"{code}: {detail}" for code, detail in audit()[:20]]


def run_case(store, licences: int, due: Due, args: argparse.Namespace) -> dict[str, Any]:
    """Build a database holding `licences` licences and time the job on it `--repeat` times."""
    template = store.template(licences)
    print(f"building {licences:,} licences ({due.licences:,} with an event today) ...", flush=True)
    built = build(template, licences, due, args, store)
    print(f"  built in {built['build_s']} s ({built['database_mb']} MB): {built['licence_status']}",
          flush=True)
    runs = []
    for n in range(args.repeat):
        target = store.fresh_copy(template)
        runs.append(timed_run(target, args.check_ledger and n == args.repeat - 1))
        print(f"  run {n + 1}: {runs[-1]['report']['events']:,} events in {runs[-1]['seconds']:.3f} s",
              flush=True)
    store.drop(template)
    seconds = statistics.median(run["seconds"] for run in runs)
    median_run = min(runs, key=lambda run: abs(run["seconds"] - seconds))
    events = median_run["report"]["events"]
    return {**median_run, "licences": licences, "events_due": sum(due.expected().values()), "events": events,
            "seconds": round(seconds, 4), "events_per_s": round(events / seconds),
            "timings_s": [round(run["seconds"], 4) for run in runs],
            "expected_report": due.expected(), **built,
            "reports_as_expected": all(_as_expected(run, due) for run in runs),
            "reruns_found_nothing": all(run["rerun_events"] == 0 for run in runs)}


def _as_expected(run: dict[str, Any], due: Due) -> bool:
    report = {key: value for key, value in run["report"].items() if key != "events"}
    return report == due.expected()


# --- report -----------------------------------------------------------------------------------------


def verdicts(base: dict[str, Any], double: dict[str, Any], ratio: float) -> list[str]:
    """Every target missed, in words (empty when all are met)."""
    missed = []
    for case in (base, double):
        if case["events_per_s"] < TARGET_EVENTS_PER_S:
            missed.append(f"{case['licences']:,} licences: {case['events_per_s']:,} events/s "
                          f"(target at least {TARGET_EVENTS_PER_S:,})")
        if not case["reports_as_expected"]:
            missed.append(f"{case['licences']:,} licences: the job reported {case['report']}, "
                          f"expected {case['expected_report']}")
        if not case["reruns_found_nothing"]:
            missed.append(f"{case['licences']:,} licences: a second run found events again")
        if case["ledger_breaks"]:
            missed.append(f"{case['licences']:,} licences: ledger check failed: {case['ledger_breaks'][:3]}")
    if ratio >= MAX_TIME_RATIO:
        missed.append(f"doubling the licences held multiplied the time by {ratio:.2f} "
                      f"(target under {MAX_TIME_RATIO:.2f})")
    return missed


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    return {"python": platform.python_version(), "sqlite_version": sqlite3.sqlite_version,
            "platform": platform.platform(), "machine": platform.machine(),
            "processor": platform.processor(), "cpus": os.cpu_count()}


def summarise(base: dict[str, Any], double: dict[str, Any], args: argparse.Namespace,
              database: str = "sqlite") -> dict[str, Any]:
    ratio = double["seconds"] / base["seconds"]
    missed = verdicts(base, double, ratio)
    return {
        "licences": base["licences"], "events_due": base["events_due"], "events_per_s": base["events_per_s"],
        "seconds": base["seconds"], "time_ratio_double_licences": round(ratio, 3),
        "events_per_s_double_licences": double["events_per_s"], "seconds_double_licences": double["seconds"],
        "target_events_per_s": TARGET_EVENTS_PER_S, "target_time_ratio_below": MAX_TIME_RATIO,
        "passed": not missed, "missed": missed, "database": database, "today": TODAY.isoformat(),
        "policy": {"grace_days": POLICY.grace_days, "suspend_after_days": POLICY.suspend_after_days},
        "repeat": args.repeat, "patents": args.patents, "enterprises": args.enterprises,
        "cases": [base, double], **machine(), "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def print_report(summary: dict[str, Any]) -> None:
    print(f"\nrun_due on {summary['today']} ({summary['database']}), "
          f"median of {summary['repeat']} runs on fresh copies\n")
    print(f"{'licences':>10}{'events':>9}{'seconds':>10}{'events/s':>10}{'statements':>12}  steps (s)")
    for case in summary["cases"]:
        steps = ", ".join(f"{name} {value:.3f}" for name, value in case["steps_s"].items())
        print(f"{case['licences']:>10,}{case['events']:>9,}{case['seconds']:>10.3f}{case['events_per_s']:>10,}"
              f"{case['statements']:>12,}  {steps}, flush+commit {case['flush_commit_s']:.3f}")
    print(f"\ntime ratio 2× licences / 1×: {summary['time_ratio_double_licences']:.3f} "
          f"(target under {MAX_TIME_RATIO}); events/s target at least {TARGET_EVENTS_PER_S:,}")
    if summary["passed"]:
        print("all targets met")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    due = Due.split(args.events)
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as scratch:
        url = normalise_url(args.database_url)
        if url:
            ensure_database(url)
        store = PostgresStore(url) if url else SqliteStore(Path(scratch))
        try:
            base = run_case(store, args.licences, due, args)
            double = run_case(store, 2 * args.licences, due, args)
        finally:
            store.close()
    summary = summarise(base, double, args, store.database)
    print_report(summary)
    path = RESULTS if store.database == "sqlite" else RESULTS.with_name(f"ledger-{store.database}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {path}")
    finish(summary["missed"])


if __name__ == "__main__":
    main()

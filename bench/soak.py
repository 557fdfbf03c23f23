"""`make soak` (`python -m bench.soak`): the cluster under a steady load with faults, then its books.

1. A fresh PostgreSQL database (SOAK_DATABASE_URL, default `marketplace_soak`, dropped and created again;
   with --own-postgres, on a throwaway cluster of its own, `bench.soak_postgres`), migrated, the demo data
   and the soak's own enterprises, tokens and licences (`bench.soak_world`), then settled (VACUUM ANALYZE
   and CHECKPOINT: the load's aftermath would otherwise run at some moment of the timing).
2. Redis of its own and two gunicorn instances of two workers (`bench.cluster`).
3. Ramp: Locust users added steadily for RAMP seconds; the most requests per second answered is the maximum.
   The database is settled again.
4. Steady: the users that offer about 70 % of that maximum, for DURATION seconds, while a worker is killed
   with SIGKILL mid-request, PostgreSQL is restarted and Redis is stopped for 10 s.
5. `flask ledger check`, and the rows the soak's users made compared with what the clients were told.

Results go to `bench/results/soak.json` (or --out); the exit status is 1 when a pass criterion fails.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import soak_faults as faults
from bench import soak_report as report
from bench.cluster import (
    BIN,
    ROOT,
    Redis,
    cluster,
    ensure_database,
    flask,
    prepare_database,
    rss_kib,
    settle_database,
)
from bench.soak_postgres import own_cluster

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/marketplace_soak"
PACE = 1.0  # steps per second per simulated user
STEADY_SHARE = 0.7
FAULT_GAP = 3  # seconds between a fault's recovery and the next fault


def build_world(env: dict[str, str], enterprises: int) -> dict[str, Any]:
    """Make the soak's world in the database of `env` (in this process, through the services)."""
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    from bench.soak_world import build_world as build
    from marketplace import create_app

    with create_app().app_context():
        return build(enterprises)


def database_counts(env: dict[str, str]) -> tuple[dict[str, int], dict[str, int]]:
    """The soak's rows now, and the payments check."""
    from bench.soak_world import counts, payments_exactly_once
    from marketplace import create_app
    from marketplace.extensions import db

    with create_app().app_context():
        try:
            return counts(), payments_exactly_once()
        finally:
            db.session.remove()


def locust(world_file: Path, record: Path, users: int, spawn_rate: float, seconds: int, seat_offset: int,
           log: Path) -> dict[str, Any]:
    """Run the Locust users headless for `seconds`; returns what they recorded."""
    env = {**os.environ, "SOAK_WORLD": str(world_file), "SOAK_RECORD": str(record), "SOAK_PACE": str(PACE),
           "SOAK_SEAT_OFFSET": str(seat_offset)}
    with log.open("ab") as out:
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "soak_locustfile.py"),  # noqa: S603
                        "--headless", "--only-summary", "-u", str(users), "-r", str(spawn_rate),
                        "-t", f"{seconds}s", "--stop-timeout", "60", "--exit-code-on-error", "0",
                        "--loglevel", "WARNING"], cwd=ROOT, env=env, stdout=out, stderr=out, check=True)
    return json.loads(record.read_text())


def compared_seconds(duration: int) -> float:
    """How long the first and last windows of the p95 comparison are: a minute, or a third of a shorter
    steady phase (the 60-second CI version compares 20 s with 20 s: in 10-second windows, one stall of
    the shared machine, Locust included, held more than 5 % of a window's requests and moved its p95)."""
    return min(60, duration / 3)


def spawn_rate(users: int) -> float:
    """Users started per second in the steady phase: all of them within about five seconds."""
    return max(users / 5, 1)


def per_user_rate(requests: list[list[Any]], spawn_rate: float, users: int) -> float:
    """Requests per second one user offers unhindered: the highest rate per active user over the ramp's
    5-second windows (a saturated server only lowers it)."""
    start = min(row[0] for row in requests)
    windows = Counter(int((row[0] - start) // 5) * 5 for row in requests)
    return max(count / 5 / min(users, spawn_rate * (second + 2.5)) for second, count in windows.items()
               if second + 5 <= users / spawn_rate)


def workers_rss(instances) -> dict[int, int]:
    """RSS (KiB) of every worker of every instance."""
    sampled = {pid: rss_kib(pid) for instance in instances for pid in instance.workers()}
    return {pid: kib for pid, kib in sampled.items() if kib}


def run_faults(instances, redis: Redis, token: str, duration: int, started: float,
               found: list[dict[str, Any]], pg_cluster: tuple[str, str] | None) -> None:
    """The three faults at fixed shares of the steady phase, in this thread; a restart of the machine's
    PostgreSQL (not of the soak's own cluster) waits, up to 30 % of the phase, while test databases are in
    use."""
    redis_down = 10
    plan = [(0.2, lambda: faults.kill_worker(instances, token)),
            (0.35, lambda: faults.stop_redis(instances, token, redis, redis_down)),
            (0.5, lambda: faults.restart_postgres(instances, token, wait_for_tests=0.3 * duration,
                                                  cluster=pg_cluster))]
    not_before = started
    for share, fault in plan:
        # Never inside the previous fault's window (short runs), so each window's errors are its own.
        time.sleep(max(0, started + share * duration - time.time(), not_before - time.time()))
        try:
            found.append(fault())
        except Exception as error:  # noqa: BLE001 - a fault that could not be made is reported, not fatal
            found.append({"fault": repr(error)})
        last = found[-1]
        not_before = last.get("start", time.time()) + (last.get("recovery_seconds") or 0) + FAULT_GAP


def steady_phase(instances, redis: Redis, world_file: Path, probe: str, users: int, args,
                 work: Path) -> tuple[dict[str, Any], float, float, list[dict[str, Any]], dict[str, Any]]:
    """The steady load with the faults and the memory samples; (record, start, end, faults, memory)."""
    found: list[dict[str, Any]] = []
    rss: dict[str, dict[int, int]] = {}
    start = time.time()

    def sample(name: str, at: float) -> None:
        time.sleep(max(0, start + at - time.time()))
        rss[name] = workers_rss(instances)

    threads = [threading.Thread(target=sample, args=("start", min(20, args.duration * 0.1)), daemon=True),
               threading.Thread(target=sample, args=("end", args.duration - 2), daemon=True),
               threading.Thread(target=run_faults, daemon=True,
                                args=(instances, redis, probe, args.duration, start, found,
                                     args.pg_cluster))]
    for thread in threads:
        thread.start()
    record = locust(world_file, work / "steady.json", users, spawn_rate(users), args.duration,
                    args.ramp_users, work / "locust.log")
    end = time.time()
    for thread in threads:
        thread.join()
    return record, start, end, found, report.memory(rss.get("start", {}), rss.get("end", {}))


def books(env: dict[str, str], world: dict[str, Any], tallies: list[dict[str, int]]) -> dict[str, Any]:
    """`flask ledger check`, and the rows the soak's users made against what their clients tallied."""
    ledger = flask(env, "ledger", "check", check=False)
    rows_now, once = database_counts(env)
    tally = {kind: sum(t.get(kind, 0) for t in tallies) for kind in tallies[0]}
    made = {kind: rows_now[kind] - world["baseline"][kind] for kind in rows_now}
    equal = all(made[kind] == tally[kind] for kind in
                ("licences", "transfer_notices", "confirmations", "royalty_reports"))
    return {"ledger_check": {"exit": ledger.returncode, "output": ledger.stdout.strip()[-500:]},
            "rows": {"made_in_database": made, "client_tallies": tally, "exactly_once": once,
                     "equal": equal and made["payments"] == tally["confirmations"]}}


def main() -> int:
    """Run the soak; write the results; 0 when every criterion held."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=600, help="steady seconds (600)")
    parser.add_argument("--ramp", type=int, default=90, help="ramp seconds (90)")
    parser.add_argument("--ramp-users", type=int, default=160, help="users reached at the end of the ramp")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "soak.json")
    parser.add_argument("--own-postgres", action="store_true",
                        help="run on a throwaway PostgreSQL cluster of its own (bench.soak_postgres)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the cluster on the way out, as Ctrl-C does
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started in the background
    if not args.own_postgres:
        args.pg_cluster = None
        return soak(args, os.environ.get("SOAK_DATABASE_URL", DEFAULT_DATABASE))
    with own_cluster() as (server, pg_cluster):
        args.pg_cluster = pg_cluster
        return soak(args, f"{server}/marketplace_soak")


def soak(args, database_url: str) -> int:
    """Run the soak on `database_url`; write the results; 0 when every criterion held."""
    clock_start = time.time()
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    ensure_database(database_url, fresh=True)
    base_env = {**os.environ, "DATABASE_URL": database_url}
    prepare_database(base_env)
    world = build_world(base_env, 2 * args.ramp_users + 20)
    print(f"world: {len(world['enterprises'])} enterprises ({time.time() - clock_start:.0f}s)", flush=True)
    settle_database(database_url)
    instance_env = {"REQUEST_LOG": "0", "API_RATE_LIMIT": "100000 per minute"}
    with cluster(database_url, log_dir=work, **instance_env) as (instances, redis, _):
        world["instances"] = [instance.url for instance in instances]
        world_file = work / "world.json"
        world_file.write_text(json.dumps(world))
        spawn = args.ramp_users / args.ramp
        ramp = locust(world_file, work / "ramp.json", args.ramp_users, spawn, args.ramp, 0,
                      work / "locust.log")
        peak = report.max_throughput(ramp["requests"])
        rate = per_user_rate(ramp["requests"], spawn, args.ramp_users)
        users = max(2, math.ceil(STEADY_SHARE * peak["max_rps"] / rate))
        print(f"ramp: max {peak['max_rps']} requests/s, {rate:.2f} per user: {users} users", flush=True)
        settle_database(database_url)  # the ramp's writes too, before the steady phase is timed
        steady, start, end, found, mem = steady_phase(instances, redis, world_file,
                                                      world["enterprises"][-1]["token"], users, args, work)
    checked = books(base_env, world, [ramp["tally"], steady["tally"]])
    windows = [(fault["start"], fault["start"] + (fault.get("recovery_seconds") or 120))
               for fault in found if "start" in fault]
    figures = report.steady_figures(steady["requests"], start, end, windows,
                                    compared_seconds(args.duration),
                                    spawned=users / spawn_rate(users))
    fault_rows = [report.fault_window(steady["requests"], fault, start) for fault in found]
    passed = report.criteria(figures, mem, checked["ledger_check"]["exit"] == 0, checked["rows"], found, end)
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock_start)),
        "layout": "2 gunicorn instances x 2 workers, one PostgreSQL, one Redis; Locust on the same machine",
        "cores": os.cpu_count(), "duration_seconds": args.duration,
        "ramp": {"seconds": args.ramp, "users": args.ramp_users, **peak,
                 "requests_per_user_second": round(rate, 3)},
        "steady": {"users": users, "target_share_of_max": STEADY_SHARE,
                   "share_of_max": round(figures["requests_per_second"] / max(peak["max_rps"], 1), 3),
                   **figures},
        "faults": fault_rows, "memory": mem, **checked,
        "stack_trace_samples": (ramp["traces"] + steady["traces"])[:3],
        "criteria": passed, "passed": all(passed.values()),
        "total_seconds": round(time.time() - clock_start, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    summary = {"criteria": passed, "steady": {k: figures[k] for k in ("requests_per_second", "p95_ms")},
               "rows": checked["rows"],
               "faults": [{k: f.get(k) for k in ("fault", "recovery_seconds", "statuses_in_window",
                                                 "skipped")} for f in fault_rows]}
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    print(f"soak {'passed' if result['passed'] else 'FAILED'} in {result['total_seconds']}s; "
          f"results in {args.out} (logs in {work})")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())

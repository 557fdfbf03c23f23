"""The soak's faults: a gunicorn worker killed (SIGKILL) while it serves a request, PostgreSQL restarted,
Redis stopped for a while and started again on its port. Each returns when it happened and how long the
cluster took to recover: every instance's /readyz answering 200 and an API read answering 200 (after a
worker kill, also the instance back to its number of workers).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import requests

from bench.cluster import Instance, Redis

# waiting for a client: poll, select, epoll_wait, pselect6, ppoll, epoll_pwait (x86-64 numbers)
IDLE_SYSCALLS = {"7", "23", "232", "270", "271", "281"}
PG_CLUSTER = ("15", "main")
TEST_DATABASES = ("select datname, count(*) from pg_stat_activity "
                  "where datname like 'test%' and pid <> pg_backend_pid() group by 1")


def _ok(url: str, token: str) -> bool:
    try:
        return requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5).status_code == 200
    except requests.RequestException:
        return False


def recovered(instances: list[Instance], token: str) -> bool:
    """Every instance ready and answering an API read."""
    return all(_ok(f"{instance.url}/readyz", token) and _ok(f"{instance.url}/api/v1/me", token)
               for instance in instances)


def wait_recovery(instances: list[Instance], token: str, started: float, seconds: float = 120,
                  workers: int | None = None) -> float | None:
    """Seconds from `started` until the cluster has recovered (None if it did not within `seconds`)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if (workers is None or len(instances[0].workers()) >= workers) and recovered(instances, token):
            return round(time.time() - started, 2)
        time.sleep(0.1)
    return None


def _busy(pid: int) -> bool:
    """Whether a worker is in a request: running, or in a system call other than waiting for a client."""
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()[0]
    except (OSError, IndexError):
        return False
    return call == "running" or call not in IDLE_SYSCALLS


def kill_worker(instances: list[Instance], token: str) -> dict[str, Any]:
    """SIGKILL a worker of the first instance, caught in a request when possible (5 s of looking)."""
    workers = instances[0].workers()
    victim, busy = workers[0], False
    look_until = time.time() + 5
    while time.time() < look_until and not busy:
        for pid in instances[0].workers():
            if _busy(pid):
                victim, busy = pid, True
                break
        else:
            time.sleep(0.002)
    started = time.time()
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.5)
    recovery = wait_recovery(instances, token, started, workers=len(workers))
    return {"fault": "worker killed (SIGKILL)", "pid": victim, "caught_in_request": busy, "start": started,
            "recovery_seconds": recovery, "replaced_by": sorted(set(instances[0].workers()) - set(workers))}


def _tests_running() -> str:
    """Test databases in use now, as psql prints them ('' when none)."""
    try:
        return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", TEST_DATABASES],  # noqa: S603 S607
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def restart_postgres(instances: list[Instance], token: str, wait_for_tests: float = 60,
                     cluster: tuple[str, str] | None = None) -> dict[str, Any]:
    """Restart the soak's own PostgreSQL `cluster` (version, name), or else the machine's, unless test
    databases on the machine's stay in use for `wait_for_tests` seconds (someone's suite would break):
    then it is skipped and says why."""
    if cluster is None:
        cluster = PG_CLUSTER
        deadline = time.time() + wait_for_tests
        while (busy := _tests_running()) and time.time() < deadline:
            time.sleep(2)
        if busy:
            return {"fault": "PostgreSQL restart", "skipped": f"test databases in use: {busy}"}
    started = time.time()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],  # noqa: S603 S607
                   check=True, capture_output=True, timeout=120)
    down_for = round(time.time() - started, 2)
    return {"fault": "PostgreSQL restart", "start": started, "restart_command_seconds": down_for,
            "recovery_seconds": wait_recovery(instances, token, started)}


def stop_redis(instances: list[Instance], token: str, redis: Redis, seconds: float) -> dict[str, Any]:
    """Stop Redis for `seconds`, start it again on the same port."""
    started = time.time()
    redis.stop()
    time.sleep(seconds)
    redis.start()
    return {"fault": f"Redis stopped for {seconds:g}s", "start": started, "down_seconds": seconds,
            "recovery_seconds": wait_recovery(instances, token, started)}

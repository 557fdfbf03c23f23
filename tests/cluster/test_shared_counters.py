"""Two app servers (gunicorn, two workers each, different ports) on one database and one Redis: log-in
throttling is counted in Redis, so it holds across every worker; with per-process `memory://` counters the
same attempts spread over four workers never trip it (the control, which shows the test can tell).

Marked real_commits: the servers are separate processes on their own SQLite file."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from marketplace import ROOT

pytestmark = pytest.mark.real_commits
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
ATTEMPTS_ALLOWED = 5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A Redis of the test's own (redis-server on a free port, nothing saved)."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI") == "true":
            raise AssertionError("CI needs redis-server (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no",  # noqa: S603
                                "--dir", str(tmp_path_factory.mktemp("redis"))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    """A migrated SQLite file both servers use."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cluster') / 'cluster.db'}"
    subprocess.run([BIN / "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,  # noqa: S603
                   env={**os.environ, "DATABASE_URL": url}, capture_output=True)
    return url


@contextmanager
def two_servers(database: str, counters: str) -> Iterator[list[str]]:
    """Two gunicorn instances of two workers each, on one database and one counter storage."""
    env = {**os.environ, "DATABASE_URL": database, "RATELIMIT_STORAGE_URI": counters,
           "LOGIN_LIMIT_PER_ACCOUNT": f"{ATTEMPTS_ALLOWED} per 5 minutes", "REQUEST_LOG": "0"}
    ports = [_free_port(), _free_port()]
    processes = [subprocess.Popen([BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",  # noqa: S603
                                   "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for port in ports]
    try:
        for port in ports:
            _wait_for(port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)


def _failed_logins(servers: list[str], email: str, count: int) -> list[int]:
    """`count` wrong-password attempts for one account, each on a new connection, round the servers."""
    statuses = []
    for attempt in range(count):
        with requests.Session() as browser:
            base = servers[attempt % len(servers)]
            page = browser.get(f"{base}/login", timeout=10).text
            token = next(group for group in CSRF.search(page).groups() if group)
            answer = browser.post(f"{base}/login", timeout=10, allow_redirects=False,
                                  data={"csrf_token": token, "email": email, "password": "wrong-password-1"})
            statuses.append(answer.status_code)
    return statuses


def test_log_in_throttling_holds_across_two_servers_of_two_workers(redis_url, database):
    with two_servers(database, redis_url) as servers:
        statuses = _failed_logins(servers, "shared@example.cn", 12)
    assert 429 not in statuses[:ATTEMPTS_ALLOWED], statuses
    assert set(statuses[ATTEMPTS_ALLOWED:]) == {429}, statuses


def test_per_process_counters_would_let_the_same_attempts_through(database):
    with two_servers(database, "memory://") as servers:
        statuses = _failed_logins(servers, "control@example.cn", 12)
    assert statuses.count(429) < 12 - ATTEMPTS_ALLOWED, statuses


def test_production_refuses_per_process_counters_with_several_workers(database, tmp_path):
    from config import check_shared_counters

    with pytest.raises(RuntimeError, match="each worker would count on its own"):
        check_shared_counters("production", 2, "memory://")
    check_shared_counters("production", 1, "memory://")
    check_shared_counters("production", 4, "redis://127.0.0.1:6379/0")
    check_shared_counters("development", 4, "memory://")
    env = {**os.environ, "MARKETPLACE_ENV": "production", "SECRET_KEY": "k" * 40,
           "PUBLIC_URL": "https://patents.example.cn", "DATABASE_URL": database,
           "RATELIMIT_STORAGE_URI": "memory://", "WEB_CONCURRENCY": "2"}
    refused = subprocess.run([BIN / "gunicorn", "--bind", f"127.0.0.1:{_free_port()}", "wsgi:app"],  # noqa: S603
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "each worker would count on its own" in refused.stderr

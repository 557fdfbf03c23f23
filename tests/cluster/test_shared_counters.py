"""Two app servers (gunicorn, two workers each, different ports) on one database and one Redis: log-in
throttling is counted in Redis, so it holds across every worker; with per-process `memory://` counters the
same attempts spread over four workers never trip it (the control, which shows the test can tell).

Marked real_commits: the servers are separate processes on their own SQLite file."""

from __future__ import annotations

import os
import subprocess

import pytest
import requests

from marketplace import ROOT
from tests.cluster.servers import BIN, csrf_in, free_port, two_servers

pytestmark = pytest.mark.real_commits
ATTEMPTS_ALLOWED = 5
LIMITED = {"LOGIN_LIMIT_PER_ACCOUNT": f"{ATTEMPTS_ALLOWED} per 5 minutes"}


def _failed_logins(servers: list[str], email: str, count: int) -> list[int]:
    """`count` wrong-password attempts for one account, each on a new connection, round the servers."""
    statuses = []
    for attempt in range(count):
        with requests.Session() as browser:
            base = servers[attempt % len(servers)]
            page = browser.get(f"{base}/login", timeout=30).text
            token = csrf_in(page)
            answer = browser.post(f"{base}/login", timeout=30, allow_redirects=False,
                                  data={"csrf_token": token, "email": email, "password": "wrong-password-1"})
            statuses.append(answer.status_code)
    return statuses


def test_log_in_throttling_holds_across_two_servers_of_two_workers(redis_url, database):
    with two_servers(database, redis_url, **LIMITED) as servers:
        statuses = _failed_logins(servers, "shared@example.cn", 12)
    assert 429 not in statuses[:ATTEMPTS_ALLOWED], statuses
    assert set(statuses[ATTEMPTS_ALLOWED:]) == {429}, statuses


def test_per_process_counters_would_let_the_same_attempts_through(database):
    with two_servers(database, "memory://", **LIMITED) as servers:
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
    refused = subprocess.run([BIN / "gunicorn", "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],  # noqa: S603
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "each worker would count on its own" in refused.stderr

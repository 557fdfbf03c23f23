"""Two app servers on loopback, as a load balancer would see them: gunicorn instances of two workers each,
on one database and one counter storage, started and stopped by the cluster tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from marketplace import ROOT

BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
SHARED_SECRET = "cluster-test-secret-key-shared-by-every-instance"  # noqa: S105 - a test value


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    """Wait until something accepts connections on `port`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def csrf_in(page: str) -> str:
    """The CSRF token of the first form of a page."""
    return next(group for group in CSRF.search(page).groups() if group)


@contextmanager
def two_servers(database: str, counters: str, **settings: str) -> Iterator[list[str]]:
    """Two gunicorn instances of two workers each, on one database and one counter storage, sharing one
    SECRET_KEY as every instance of a deployment does; `settings` are further environment variables."""
    env = {**os.environ, "DATABASE_URL": database, "RATELIMIT_STORAGE_URI": counters, "REQUEST_LOG": "0",
           "SECRET_KEY": SHARED_SECRET, **settings}
    ports = [free_port(), free_port()]
    processes = [subprocess.Popen([BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",  # noqa: S603
                                   "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for port in ports]
    try:
        for port in ports:
            wait_for(port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)

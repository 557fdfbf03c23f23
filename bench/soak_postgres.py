"""A throwaway PostgreSQL cluster for the soak (`--own-postgres`): created with Debian's
`pg_createcluster` on a free port with trust authentication on loopback, started, and dropped at the end.
Its restart (a fault of the soak) touches nothing else, so the soak can run beside test suites that use
the machine's server."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.cluster import free_port

CONFIG = Path("/etc/postgresql")


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603 - fixed commands


@contextmanager
def own_cluster() -> Iterator[tuple[str, tuple[str, str]]]:
    """A PostgreSQL cluster of this process: (server URL without a database name, (version, name))."""
    version = sorted(path.name for path in CONFIG.iterdir())[-1]
    name, port = f"soak{os.getpid()}", free_port()
    _run("pg_createcluster", version, name, "-p", str(port), "--", "--auth-host=trust", "--auth-local=trust")
    try:
        _run("pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start")
        deadline = time.time() + 60
        while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)],  # noqa: S603 S607
                             check=False).returncode != 0:
            if time.time() > deadline:
                raise RuntimeError(f"PostgreSQL cluster {version}/{name} did not start")
            time.sleep(0.5)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}", (version, name)
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name],  # noqa: S603 S607
                       check=False, capture_output=True, timeout=120)

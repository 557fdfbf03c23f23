"""Fixtures of the cluster tests: a Redis of their own and a migrated SQLite file for the servers."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from marketplace import ROOT
from tests.cluster.servers import BIN, free_port, wait_for


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A Redis of the test's own (redis-server on a free port, nothing saved)."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI") == "true":
            raise AssertionError("CI needs redis-server (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no",  # noqa: S603
                                "--dir", str(tmp_path_factory.mktemp("redis"))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
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

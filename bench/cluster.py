"""`make cluster` (`python -m bench.cluster`): the production shape on one machine.

Two gunicorn instances of two workers each, on different ports, share one PostgreSQL database and one Redis
(log-in throttling and API rate limits are counted there). The database (DATABASE_URL, default
`marketplace_cluster` on 127.0.0.1:5432) is created if missing and migrated, the demo data loaded when it is
empty; Redis is REDIS_URL when set, else a redis-server of its own on a free port. Ctrl-C stops everything.

The soak (`bench.soak`) reuses the pieces: `Redis` can be stopped and started again on its port, and each
`Instance` names its worker processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/marketplace_cluster"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(port: int, seconds: float = 60) -> None:
    """Wait until something listens on `port`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if listening(port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds}s")


def ensure_database(url: str, fresh: bool = False) -> None:
    """Create the PostgreSQL database of `url` when it is missing (dropped first when `fresh`)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    name = parsed.database
    if name in ("test", "test_main", "postgres"):
        raise RuntimeError(f"refusing to use the database {name!r}: it belongs to others")
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def settle_database(url: str) -> None:
    """VACUUM ANALYZE and CHECKPOINT a PostgreSQL database just filled, so that autovacuum and the
    checkpointer do not take the machine's two cores at some moment of the timing that follows."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        connection.execute("CHECKPOINT")


def flask(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `flask --app wsgi ARGS` in the project with `env`; its output is captured."""
    return subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,  # noqa: S603
                          check=check, capture_output=True, text=True)


def prepare_database(env: dict[str, str]) -> None:
    """Migrate the database of `env` and load the demo data when it is empty."""
    flask(env, "db", "upgrade")
    flask(env, "seed-demo", "--if-empty")


@dataclass
class Redis:
    """A redis-server of our own on a fixed port, nothing saved; `stop` and `start` keep the port."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    directory: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="redis-"))

    @property
    def url(self) -> str:
        """Its address for RATELIMIT_STORAGE_URI."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        server = shutil.which("redis-server")
        if server is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen([server, "--port", str(self.port), "--save", "", "--appendonly",  # noqa: S603
                                         "no", "--dir", self.directory],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.port, 20)

    def stop(self) -> None:
        """Stop the server (SIGTERM) and wait for it to end."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
        self.process = None


@dataclass
class Instance:
    """One gunicorn instance (`workers` workers) on `port`."""

    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        """Its base address."""
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """The process ids of its workers now (the master's children)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    found.append(int(entry.name))
        return sorted(found)


def rss_kib(pid: int) -> int | None:
    """The resident memory of a process in KiB (VmRSS), None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def start_instances(env: dict[str, str], count: int = 2, workers: int = 2, log_dir: Path | None = None,
                    ) -> list[Instance]:
    """Start `count` gunicorn instances of `workers` workers on free ports and wait until they listen."""
    instances = []
    for index in range(count):
        port = free_port()
        log = open(log_dir / f"gunicorn-{index}.log", "ab") if log_dir else subprocess.DEVNULL  # noqa: SIM115
        process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", str(workers),  # noqa: S603
                                    "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                                   cwd=ROOT, env=env, stdout=log, stderr=log)
        instances.append(Instance(port, process))
    for instance in instances:
        wait_for(instance.port)
    return instances


def warm_up(instances: list[Instance], rounds: int = 8) -> None:
    """Send each instance a few pages and searches, so that every worker has loaded the app (and the word
    segmenter) before it is timed."""
    import requests

    for instance in instances:
        for _ in range(rounds):
            for path in ("/readyz", "/patents?q=%E6%BB%B4%E7%81%8C", "/api/v1/patents?q=%E7%A8%80%E5%9C%9F"):
                try:
                    requests.get(instance.url + path, timeout=120)
                except requests.RequestException:
                    time.sleep(1)


def stop_instances(instances: list[Instance]) -> None:
    """Stop the instances gracefully (SIGTERM, then SIGKILL after 30 s)."""
    for instance in instances:
        if instance.process.poll() is None:
            instance.process.terminate()
    for instance in instances:
        try:
            instance.process.wait(30)
        except subprocess.TimeoutExpired:
            instance.process.kill()


def cluster_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of the instances: one database, counters in Redis."""
    return {**os.environ, "DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": redis_url, **extra}


@contextmanager
def cluster(database_url: str, redis: Redis | None = None, log_dir: Path | None = None,
            **extra: str) -> Iterator[tuple[list[Instance], Redis | None, dict[str, str]]]:
    """Redis (ours unless REDIS_URL is set) and two instances on `database_url`, stopped on leaving."""
    external = os.environ.get("REDIS_URL")
    own = None if external else (redis or Redis())
    if own is not None and own.process is None:
        own.start()
    env = cluster_env(database_url, external or own.url, **extra)
    instances: list[Instance] = []
    try:
        instances = start_instances(env, log_dir=log_dir)
        warm_up(instances)
        yield instances, own, env
    finally:
        stop_instances(instances)
        if own is not None:
            own.stop()


def main() -> None:
    """Prepare the database, start the cluster, print its addresses, wait for Ctrl-C."""
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    ensure_database(database_url)
    prepare_database({**os.environ, "DATABASE_URL": database_url})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started in the background
    with cluster(database_url) as (instances, redis, env):
        print(f"database {database_url}")
        print(f"counters {env['RATELIMIT_STORAGE_URI']}")
        for instance in instances:
            print(f"instance {instance.url}  (workers {instance.workers()})")
        print("Ctrl-C stops the instances and Redis.", flush=True)
        try:
            while all(instance.process.poll() is None for instance in instances):
                time.sleep(1)
            print("an instance ended; stopping the others", file=sys.stderr)
        except KeyboardInterrupt:
            print("\nstopping")


if __name__ == "__main__":
    main()

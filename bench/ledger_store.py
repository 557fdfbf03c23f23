"""Where `bench.ledger` builds its databases and how it gives each timed run a fresh copy.

SQLite: a file in the scratch directory, copied (and synced to disk) before each run. PostgreSQL: a
database per size built once (`<name>_<licences>`, vacuumed and analysed as autovacuum would leave a
database in service), and before each run `<name>_run` recreated from it with CREATE DATABASE …
TEMPLATE, PostgreSQL's own file-level copy. Every database the benchmark made is dropped at the end.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import create_engine, make_url, text


class SqliteStore:
    """Databases as files in `scratch`."""

    database = "sqlite"

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch

    def template(self, licences: int) -> str:
        return f"sqlite:///{self.scratch / f'ledger-{licences}.db'}"

    def settle(self, url: str) -> None:
        write_through(_path(url))

    def fresh_copy(self, template: str) -> str:
        target = self.scratch / "run.db"
        source = _path(template)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
                write_through(Path(f"{target}{suffix}"))
        return f"sqlite:///{target}"

    def size_mb(self, url: str) -> float:
        return round(_path(url).stat().st_size / 2**20, 1)

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{_path(url)}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        """Nothing to drop: the scratch directory goes with its files."""


class PostgresStore:
    """Databases on the server of `base_url`, named after its database."""

    database = "postgresql"

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        self.admin = create_engine(self.base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self.made: set[str] = set()

    def _url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _recreate(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            copy = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        self.made.add(name)
        return self._url(name)

    def template(self, licences: int) -> str:
        return self._recreate(f"{self.base.database}_{licences}")

    def settle(self, url: str) -> None:
        """The rows were written with their ids: move every id sequence past them, then vacuum and
        analyse."""
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            serials = connection.execute(text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'")).all()
            for table, column in serials:
                connection.execute(text(
                    f'SELECT setval(pg_get_serial_sequence(:table, :column), '  # noqa: S608 - catalogue names
                    f'COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)'),  # nosec B608
                    {"table": table, "column": column})
            connection.execute(text("VACUUM ANALYZE"))
            connection.execute(text("CHECKPOINT"))
        engine.dispose()

    def fresh_copy(self, template: str) -> str:
        source = make_url(template).database
        with self.admin.connect() as connection:  # a template must have no other session
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": source})
        url = self._recreate(f"{self.base.database}_run", source)
        with self.admin.connect() as connection:
            connection.execute(text("CHECKPOINT"))
        return url

    def size_mb(self, url: str) -> float:
        with self.admin.connect() as connection:
            size = connection.scalar(text("SELECT pg_database_size(:name)"), {"name": make_url(url).database})
        return round(size / 2**20, 1)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.made.discard(name)

    def close(self) -> None:
        for name in list(self.made):
            self.drop(self._url(name))
        self.admin.dispose()


def write_through(path: Path) -> None:
    """Wait until the file is on the disk: otherwise the job's commit (whose checkpoint syncs the file)
    would also pay for writing out the whole freshly written file, a cost that grows with its size and
    that a database in service never has."""
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _path(url: str) -> Path:
    return Path(make_url(url).database or "")

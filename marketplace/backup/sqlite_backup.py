"""Online backup and restore of a SQLite database with SQLite's own backup API: the copy is consistent while
the site keeps serving (readers and writers wait at most for one page step), and a restore replaces the
database's content page by page inside SQLite, so open connections see the restored data.

PostgreSQL is backed up with its own tools (`pg_dump -Fc` / `pg_restore`; see the README)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.pool import PoolProxiedConnection

PAGES_PER_STEP = 1024


class BackupRefused(Exception):
    """The backup or restore cannot be done; the message says why."""


def _sqlite_connection(engine: Engine) -> PoolProxiedConnection:
    """A pooled connection to the SQLite database (its `driver_connection` is the sqlite3 connection)."""
    if engine.dialect.name != "sqlite":
        raise BackupRefused(f"This database is {engine.dialect.name}: back it up with pg_dump -Fc and "
                            "restore it with pg_restore.")
    return engine.raw_connection()


def _check(connection: sqlite3.Connection, what: str) -> None:
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{what} is not a SQLite database ({error}).") from None
    if result is None or result[0] != "ok":
        raise BackupRefused(f"{what} fails SQLite's integrity check: {result[0] if result else 'no answer'}.")


def backup(engine: Engine, target: Path) -> int:
    """Copy the live database to a new file `target` (refused when it exists); returns its size in bytes."""
    if target.exists():
        raise BackupRefused(f"{target} exists already; choose a new file name.")
    raw = _sqlite_connection(engine)
    try:
        copy = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(copy, pages=PAGES_PER_STEP)
            _check(copy, "The copy")
        finally:
            copy.close()
    finally:
        raw.close()
    return target.stat().st_size


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the backup `source`, after checking that it is a sound SQLite
    database."""
    if not source.is_file():
        raise BackupRefused(f"{source} is not a file.")
    raw = _sqlite_connection(engine)
    try:
        backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _check(backup_file, str(source))
            backup_file.backup(raw.driver_connection, pages=PAGES_PER_STEP)
        finally:
            backup_file.close()
    finally:
        raw.close()
    engine.dispose()  # pooled connections reopen on the restored file

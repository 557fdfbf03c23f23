"""A migrated database of its own, for tests whose threads must see each other's commits.

The session-wide test database wraps every test in one rolled-back transaction, so nothing a test
writes is visible on another connection. Tests of concurrent writers need real commits instead: they
get a fresh SQLite file in `tmp_path`, or (when DATABASE_URL names PostgreSQL) a database created for
the test on that server and dropped afterwards. The migrations run once per backend and run: each
test's database is a copy of that migrated one (SQLite's backup API; PostgreSQL's CREATE DATABASE …
TEMPLATE), the same schema and rows that running them again would give. `BACKENDS` is the one the
suite runs on. `run_together` runs a unit of work in many threads at once, each in its own application
context (so its own session and connection), as requests would.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from config import TestingConfig
from marketplace import create_app
from marketplace.database import begin_writing
from marketplace.extensions import db

# Enough connections that every thread holds its own: the test is about the database, not the pool.
POOL = {"pool_pre_ping": True, "pool_size": 60, "max_overflow": 10, "pool_timeout": 60}
WAIT_SECONDS = 120


def postgresql_url() -> str:
    """DATABASE_URL when it names a PostgreSQL server (with the psycopg driver), else ""."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        return ""
    return "postgresql+psycopg://" + url.split("://", 1)[1]


# The database the suite runs on: SQLite in `make test`, PostgreSQL when DATABASE_URL names a server (CI
# runs both suites, so each backend is tried once per CI run).
BACKENDS = [pytest.param("postgresql", id="postgresql")] if postgresql_url() else [
    pytest.param("sqlite", id="sqlite")]


def _app(url: str) -> Flask:
    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=POOL)


def _migrate(url: str) -> None:
    app = _app(url)
    with app.app_context():
        upgrade()
    _dispose(app)


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


# The migrated database each backend's copies are made from, created on first use and removed at exit.
_migrated: dict[str, str] = {}


def _migrated_sqlite_file() -> str:
    if "sqlite" not in _migrated:
        folder = tempfile.mkdtemp(prefix="migrated-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = os.path.join(folder, "migrated.db")
        _migrate(f"sqlite:///{path}")
        _migrated["sqlite"] = path
    return _migrated["sqlite"]


def _migrated_postgresql_database(admin) -> str:
    """The name of a migrated database on the server, with no connection left open to it."""
    if "postgresql" not in _migrated:
        name = f"test_concurrency_migrated_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        server = make_url(postgresql_url())
        atexit.register(_drop_database, server, name)
        _migrate(server.set(database=name).render_as_string(hide_password=False))
        _migrated["postgresql"] = name
    return _migrated["postgresql"]


def _drop_database(server, name: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def separate_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a freshly migrated database of its own (`backend` "sqlite" or "postgresql")."""
    if backend == "sqlite":
        path = tmp_path / "concurrency.db"
        source, copy = sqlite3.connect(_migrated_sqlite_file()), sqlite3.connect(path)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        app = _app(f"sqlite:///{path}")
        try:
            yield app
        finally:
            _dispose(app)
        return
    server = make_url(postgresql_url())
    name = f"test_concurrency_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        migrated = _migrated_postgresql_database(admin)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{migrated}"'))
        app = None
        try:
            app = _app(server.set(database=name).render_as_string(hide_password=False))
            yield app
        finally:
            if app is not None:
                _dispose(app)
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def at_once(calls: Sequence[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run each of `calls` in a thread of its own, all released at once by a barrier (a request through
    its own test client, say). Returns their results in order (None where a call failed) and every
    exception raised, a thread still running after WAIT_SECONDS counted as one."""
    barrier = threading.Barrier(len(calls), timeout=WAIT_SECONDS)
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def thread(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        except BaseException as error:  # the test counts every failure
            errors.append(error)

    threads = [threading.Thread(target=thread, args=(index,), name=f"caller-{index}")
               for index in range(len(calls))]
    for each in threads:
        each.start()
    for each in threads:
        each.join(WAIT_SECONDS)
    stuck = [each.name for each in threads if each.is_alive()]
    if stuck:
        errors.append(TimeoutError(f"threads still running after {WAIT_SECONDS}s: {stuck}"))
    return results, errors


def run_together(app: Flask, count: int, work: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run `work` in `count` threads released at once (`at_once`); each thread has its own app context,
    starts its transaction as a writer (as a POST request does), calls `work` and commits.

    Returns the results (None where a thread failed) and every exception raised, in no order."""

    def unit() -> Any:
        with app.app_context():
            begin_writing(db.session)
            try:
                result = work()
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            return result

    return at_once([unit] * count)

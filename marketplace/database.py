"""Typed SQLAlchemy 2.0 base, column types shared by every feature, and SQLite connection set-up."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, scoped_session
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraints all carry names Alembic can alter."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware (UTC).

    SQLite keeps no zone, PostgreSQL's ``timestamp without time zone`` neither; storing UTC and
    attaching the zone on the way out gives the same behaviour on both.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current instant, timezone-aware. Only for row timestamps; the domain takes `now` as input."""
    return datetime.now(UTC)


_busy_timeout_ms = 30_000


def _on_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy emit BEGIN itself so SAVEPOINT and transactional DDL work (pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(_busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache per connection
    cursor.execute("PRAGMA mmap_size=268435456")  # read through a 256 MiB memory map
    cursor.close()


WRITE_INTENT = "sqlite_begin_immediate"


def _on_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        # A transaction that will write takes the write lock at BEGIN, so concurrent writers queue on
        # the busy timeout instead of failing when they upgrade a read snapshot that went stale.
        immediate = connection.get_execution_options().get(WRITE_INTENT, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_writing(session) -> None:
    """Start the session's transaction as a writer (BEGIN IMMEDIATE on SQLite; nothing special on
    PostgreSQL). Call before the first statement of a unit of work that writes."""
    if isinstance(session, scoped_session):
        session = session()
    if not session.in_transaction():
        session.connection(execution_options={WRITE_INTENT: True})


def install_sqlite_pragmas(busy_timeout_ms: int) -> None:
    """Turn on foreign keys, WAL and a busy timeout on every SQLite connection, once per process."""
    global _busy_timeout_ms
    _busy_timeout_ms = busy_timeout_ms
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
    if not event.contains(Engine, "begin", _on_begin):
        event.listen(Engine, "begin", _on_begin)


def str_enum(cls: type, length: int) -> Enum:
    """A string enum column stored as its values in a VARCHAR with a CHECK (same on every database)."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


# Full-text search tables are created by raw SQL in migrations (FTS5 on SQLite, tsvector on
# PostgreSQL) and live outside the ORM metadata; autogenerate must leave them alone.
UNMANAGED_TABLE_PREFIXES = ("patent_fts", "patent_search")
# Indexes one database has and the other cannot express, made by raw SQL in migrations: the patent
# table's newest-first order (DESC NULLS LAST) on PostgreSQL.
UNMANAGED_INDEXES = ("ix_patent_newest",)


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: skip the full-text tables (and their FTS5 shadow tables) and the indexes made
    for one database only."""
    if type_ == "table" and name and name.startswith(UNMANAGED_TABLE_PREFIXES):
        return False
    if type_ == "index" and name in UNMANAGED_INDEXES:
        return False
    table = getattr(obj, "table", None)
    return not (table is not None and table.name.startswith(UNMANAGED_TABLE_PREFIXES))

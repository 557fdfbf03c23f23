"""What differs between SQLite FTS5 and PostgreSQL text search: index rows and match subqueries, one
backend per engine (`sqlite_backend.py`, `postgres_backend.py`; what they share in `documents.py`)."""

from __future__ import annotations

from marketplace.catalogue.search.documents import NO_NARROWING, IndexedText, Narrowing
from marketplace.catalogue.search.postgres_backend import PostgresBackend
from marketplace.catalogue.search.sqlite_backend import SqliteBackend

__all__ = ["NO_NARROWING", "IndexedText", "Narrowing", "PostgresBackend", "SqliteBackend", "backend_for"]


def backend_for(dialect_name: str) -> SqliteBackend | PostgresBackend:
    """The backend for a SQLAlchemy dialect name."""
    if dialect_name == "postgresql":
        return PostgresBackend()
    if dialect_name == "sqlite":
        return SqliteBackend()
    raise RuntimeError(f"catalogue search supports SQLite and PostgreSQL, not {dialect_name}")

"""A fingerprint of the whole database: per table, its row count and a hash of its rows.

One `SELECT` per table of the metadata, rows in primary-key order, hashed as their text; a refused write
must leave it exactly as it was. `watching_writes` tells whether a request sent any statement that can
change a row at all, so the sweeps take a fingerprint only after those that did (a request that sends no
INSERT, UPDATE or DELETE cannot have changed the database).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine

from marketplace.extensions import db


def fingerprint(connection: Connection) -> dict[str, tuple[int, str]]:
    """{table name: (row count, SHA-256 of its rows)} as the connection sees them."""
    found = {}
    for name, table in sorted(db.metadata.tables.items()):
        order = list(table.primary_key.columns) or list(table.columns)
        rows = connection.execute(select(table).order_by(*order)).all()
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(tuple(row)).encode())
        found[name] = (len(rows), digest.hexdigest())
    return found


def changed_tables(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    """The tables whose count or rows differ, with their counts before and after."""
    return [f"{name}: {before.get(name, (0, ''))[0]} → {after.get(name, (0, ''))[0]} rows"
            for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]


# The first word of a statement that may change rows (a WITH may carry an INSERT, UPDATE or DELETE).
MAY_CHANGE_ROWS = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT", "WITH"})


@contextmanager
def watching_writes() -> Iterator[list[str]]:
    """The statements that may change rows sent through any engine while the block runs (first words)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        words = statement.split(None, 1)
        if words and words[0].upper() in MAY_CHANGE_ROWS:
            seen.append(words[0].upper())

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)

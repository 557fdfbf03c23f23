"""A fingerprint of the whole database: per table, its row count and a hash of its rows.

One `SELECT` per table of the metadata, rows in primary-key order, hashed as their text. The demo world
holds under a thousand rows, so a fingerprint costs a few milliseconds; a refused write must leave it
exactly as it was.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.engine import Connection

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

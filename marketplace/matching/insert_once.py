"""Insert rows unless a unique key already holds them, on SQLite and PostgreSQL alike.

`INSERT ... ON CONFLICT DO NOTHING RETURNING`: a row another transaction has written (or is writing —
PostgreSQL waits for it to commit) is skipped, and only the rows this statement wrote come back. That
is what makes a pair "claimed" by exactly one run.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects import postgresql, sqlite

from marketplace.extensions import db


def _insert(table):
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_absent(table, rows: Sequence[dict], *returning) -> list:
    """Insert `rows` into `table`, skipping any a unique key refuses; the `returning` columns of the rows
    written."""
    if not rows:
        return []
    stmt = _insert(table).values(list(rows)).on_conflict_do_nothing().returning(*returning)
    return list(db.session.execute(stmt).all())


def upsert(table, row: dict, keys: Sequence[str], update: Sequence[str]) -> None:
    """Insert `row`, or, when the unique key `keys` already holds one, update its `update` columns."""
    stmt = _insert(table).values(row)
    stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={name: stmt.excluded[name] for name in update})
    db.session.execute(stmt)

"""Bulk loading for the benchmarks' worlds: COPY on PostgreSQL, an executemany `insert()` elsewhere.

A benchmark world of a million patents is mostly rows written once. On PostgreSQL an executemany sends
one INSERT per row; COPY sends them as one stream, several times faster. The rows are the same
dictionaries Core `insert()` takes, and are converted the same way: each column's bind processor (enum
members to their stored names, aware datetimes to the stored form, …) and the Python-side defaults of
the columns a row leaves out. When the database user may (a superuser), the foreign-key checks are
left out during the COPY too (`session_replication_role = replica`, as pg_restore's
--disable-triggers does): each is a trigger per row and per key, and the generators write consistent
rows by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import sql
from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection


def _table(target: Any) -> Table:
    return target if isinstance(target, Table) else target.__table__


def bulk_insert(connection: Connection, target: Any, rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (dictionaries with the same keys) into `target` (a mapped class or a Table) on
    `connection`, in its transaction; returns how many."""
    if not rows:
        return 0
    table = _table(target)
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), list(rows))
        return len(rows)
    given = list(rows[0])
    defaulted = {column.name: column.default for column in table.columns
                 if column.name not in rows[0] and column.default is not None}
    if any(not (default.is_scalar or default.is_callable) for default in defaulted.values()):
        connection.execute(insert(table), list(rows))  # a SQL-expression default: left to insert()
        return len(rows)
    names = given + list(defaulted)
    processors = [table.columns[name].type._cached_bind_processor(connection.dialect) for name in names]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(name) for name in names))
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        unchecked = cursor.execute("SELECT current_setting('is_superuser') = 'on'").fetchone()[0]
        if unchecked:
            cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy(statement) as copy:
            for row in rows:
                if len(row) != len(given):
                    raise ValueError(f"{table.name}: every row must name the same columns ({given})")
                values = [row[name] for name in given]
                values += [default.arg if default.is_scalar else default.arg(None)
                           for default in defaulted.values()]
                copy.write_row([process(value) if process else value
                                for process, value in zip(processors, values, strict=True)])
        if unchecked:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    return len(rows)

"""Counting the SQL statements a request sends (to show a page's cost does not grow with the data)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from marketplace.extensions import db


@contextmanager
def counted(app):
    """Yields a list that receives every statement the engine executes inside the block."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def statements_of_get(app, client, url: str) -> int:
    """How many statements one GET of `url` sends (the page must answer 200)."""
    with counted(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)

"""The URL converter for row ids: ``<id:patent_id>``.

Every primary key is an `Integer` column (PostgreSQL's 4-byte integer; a test holds the models to it),
so an id in a URL is 1 … 2**31 − 1 written in ASCII digits. Anything else — ``0``, ``-1``, 20 digits,
``²``, ``١٢`` — does not match the route: a 404 that never reaches the database.
"""

from __future__ import annotations

from werkzeug.routing import BaseConverter, ValidationError

from marketplace.core.input_text import parse_ascii_int

MAX_ID = 2**31 - 1


class IdConverter(BaseConverter):
    """A positive row id within the range of an `Integer` primary key."""

    regex = r"[0-9]{1,10}"
    weight = 50  # as werkzeug's int converter, so rules sort the same way

    def to_python(self, value: str) -> int:
        number = parse_ascii_int(value, 1, MAX_ID)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))

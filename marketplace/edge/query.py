"""Whole numbers from the query string, read one way: ASCII digits, within bounds, else absent.

``?page=²``, ``?page=`` + 25 digits, ``?university=١٢`` or ``?trl=-1`` are treated as if they were not
there; they are never read as numbers and never reach the database.
"""

from __future__ import annotations

from flask import request

from marketplace.core.input_text import parse_ascii_int
from marketplace.edge.converters import MAX_ID

MAX_PAGE = 100_000


def query_int(name: str, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The query argument `name` as a number in minimum … maximum, or None when absent or malformed."""
    return parse_ascii_int(request.args.get(name), minimum, maximum)


def page_number(name: str = "page") -> int:
    """The page asked for with ``?page=`` (or another argument `name`; 1 when absent or malformed)."""
    return query_int(name, maximum=MAX_PAGE) or 1

"""The edge of the application: everything a request brings in is checked here once, before any view
reads it.

- `converters`: ids in URLs (``<id:licence_id>``) are ASCII digits within the primary-key column's range,
  so an impossible id is a 404 and never reaches the database.
- `query`: one parser for whole numbers in the query string (``?page=``, ``?university=``).
- `request_filter`: every form and query value is text without control characters (NUL included);
  a lone surrogate is refused with a 400.
- `forms`: the base form of every form; its data cannot be read before it was validated.
"""

from __future__ import annotations

from flask import Flask


def register_edge(app: Flask) -> None:
    """Install the URL converters and the filtered request class (before any blueprint is mounted)."""
    from marketplace.edge.converters import IdConverter
    from marketplace.edge.request_filter import FilteredRequest

    app.url_map.converters["id"] = IdConverter
    app.request_class = FilteredRequest

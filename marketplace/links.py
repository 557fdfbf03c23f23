"""Links built from a path and query arguments without a URL-map look-up per link (a search page has
some seventy facet links to the same path)."""

from __future__ import annotations

from urllib.parse import urlencode

# The characters Werkzeug leaves unquoted in a query string, so these links read as url_for's do.
_SAFE = "!$'()*,/:;?@"


def with_query(path: str, args: dict[str, str]) -> str:
    """`path` with `args` as its query string (none when `args` is empty), encoded as url_for would."""
    return f"{path}?{urlencode(args, safe=_SAFE)}" if args else path

"""Rendered fragments of public pages kept for a short time per application.

A fragment is remembered under a key that holds everything it shows (the rows' ids and `updated_at`, the
terms in force, the locale, the day), so a page asked again renders it once; `FRAGMENT_SECONDS` bounds how
long a change that moves none of those (a university renamed) can go unseen, and the least recently used
of `FRAGMENT_ENTRIES` go first. Only pages that show the same to everyone use it.

A whole page is kept the same way (`remembered_public_page`) only for a plain public request
(`plain_public_request`): a GET by a visitor who is not logged in, with no query string and no message
waiting to be shown, so the page holds nothing of the visitor's own (no CSRF token, no message).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import request, session
from flask_login import current_user
from markupsafe import Markup

from marketplace.app_memory import remembered

FRAGMENT_SECONDS = 60
FRAGMENT_ENTRIES = 256  # a search page's cards are about 30 kB: some 8 MB per worker at most
PAGE_ENTRIES = 1024  # a patent page is about 5 kB: some 5 MB per worker at most


def remembered_fragment(key: Hashable, render: Callable[[], str]) -> Markup:
    """The fragment under `key`, rendered by `render()` when it is not remembered or is older than
    FRAGMENT_SECONDS."""

    def rendered() -> Markup:
        # `render` returns a rendered template: Jinja escaped every value in it.
        return Markup(render())  # noqa: S704  # nosec B704

    return remembered("page_fragments", key, rendered, FRAGMENT_SECONDS, FRAGMENT_ENTRIES)


def plain_public_request() -> bool:
    """Whether this request would get the page every visitor gets: a GET or HEAD without a query
    string, by a visitor not logged in, with no flashed message waiting in the session."""
    return (request.method in ("GET", "HEAD") and not request.query_string
            and not current_user.is_authenticated and "_flashes" not in session)


def remembered_public_page(key: Hashable, render: Callable[[], str]) -> Markup:
    """The whole page under `key` (which holds everything the page shows and the locale and day), for a
    `plain_public_request` only, rendered by `render()` when it is not remembered or is older than
    FRAGMENT_SECONDS."""

    def rendered() -> Markup:
        return Markup(render())  # noqa: S704  # nosec B704

    return remembered("public_pages", key, rendered, FRAGMENT_SECONDS, PAGE_ENTRIES)

"""Rendered fragments of public pages kept for a short time per application.

A fragment is remembered under a key that holds everything it shows (the rows' ids and `updated_at`, the
terms in force, the locale, the day), so a page asked again renders it once; `FRAGMENT_SECONDS` bounds how
long a change that moves none of those (a university renamed) can go unseen, and the least recently used
of `FRAGMENT_ENTRIES` go first. Only pages that show the same to everyone use it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup

from marketplace.app_memory import remembered

FRAGMENT_SECONDS = 60
FRAGMENT_ENTRIES = 256  # a search page's cards are about 30 kB: some 8 MB per worker at most


def remembered_fragment(key: Hashable, render: Callable[[], str]) -> Markup:
    """The fragment under `key`, rendered by `render()` when it is not remembered or is older than
    FRAGMENT_SECONDS."""

    def rendered() -> Markup:
        # `render` returns a rendered template: Jinja escaped every value in it.
        return Markup(render())  # noqa: S704  # nosec B704

    return remembered("page_fragments", key, rendered, FRAGMENT_SECONDS, FRAGMENT_ENTRIES)

"""Marking the searched terms in displayed text, and cutting an abstract down to a snippet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

SNIPPET_CHARS = 140


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    return _compiled(tuple(terms)) if terms else None


@lru_cache(maxsize=256)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str]:
    # A page marks the same terms in some sixty texts: compile them once.
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def _fold(text: str) -> str:
    # NFKC keeps most lengths; where it does not, fall back to the text as it is.
    folded = unicodedata.normalize("NFKC", text)
    return folded if len(folded) == len(text) else text


def highlight(text: str, terms: list[str]) -> Markup:
    """`text`, HTML-escaped, with every occurrence of the terms wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return escape(text or "")
    folded = _fold(text)
    if pattern.search(folded) is None:
        return escape(text)
    # Plain strings joined once: a page marks some sixty texts, and each Markup operation escapes again.
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        parts.append(str(escape(text[last : match.start()])))
        parts.append("<mark>" + str(escape(text[match.start() : match.end()])) + "</mark>")
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))  # noqa: S704  # nosec B704 - every part is escaped above


def snippet(text: str, terms: list[str], size: int = SNIPPET_CHARS) -> Markup:
    """A window of `text` around the first matched term (the start when none), highlighted."""
    text = text or ""
    pattern = _pattern(terms)
    match = pattern.search(_fold(text)) if pattern else None
    start = max(0, (match.start() if match else 0) - size // 3)
    window = text[start : start + size]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(text) else ""
    return escape(prefix) + highlight(window, terms) + escape(suffix)

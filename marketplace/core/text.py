"""Normalising what people type: full-width characters, stray spaces, letter case."""

from __future__ import annotations

import unicodedata


def normalise_code(raw: str) -> str:
    """Fold full-width forms to ASCII (NFKC), drop every kind of white space, upper-case.

    Used for identifiers people copy from documents: credit codes, application numbers.
    """
    folded = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in folded if not ch.isspace()).upper()


def normalise_email(raw: str) -> str:
    """Trim and lower-case an e-mail address (the whole address: providers here ignore case)."""
    return unicodedata.normalize("NFKC", raw or "").strip().lower()

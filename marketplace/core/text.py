"""Normalising what people type: full-width characters, stray spaces, letter case."""

from __future__ import annotations

import unicodedata


def fold_full_width(raw: str) -> str:
    """Fold full-width forms (``１２３``, ``ＺＬ``, ``．``, ``￥``) and the ideographic space to their ASCII
    or ordinary forms; every other character is left as it is.

    NFKC over the whole text would also read ``²``, ``①`` or ``Ⅻ`` as digits; only the full-width block
    (U+FF01–U+FFEE) and U+3000 are what Chinese input methods produce for ASCII.
    """
    return "".join(unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uffee" or ch == "\u3000"
                   else ch for ch in raw or "")


def normalise_code(raw: str) -> str:
    """Fold full-width forms to ASCII, drop every kind of white space, upper-case.

    Used for identifiers people copy from documents: credit codes, application numbers.
    """
    folded = fold_full_width(raw)
    return "".join(ch for ch in folded if not ch.isspace()).upper()


def normalise_email(raw: str) -> str:
    """Trim and lower-case an e-mail address (the whole address: providers here ignore case)."""
    return unicodedata.normalize("NFKC", raw or "").strip().lower()

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
    """The one spelling of an e-mail address that identifies an account.

    Full-width and other compatibility forms fold to ASCII (NFKC: `ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ` is
    `user@example.com`), surrounding white space goes, and the whole address is lower-cased (providers
    here ignore case). Stored addresses, log-in, registration, look-ups, throttling keys and password
    resets all use this function, so every spelling of one address is one identity. Idempotent.
    """
    value = raw or ""
    for _ in range(4):  # NFKC can yield capitals (U+3392 ㎒ is "MHz"): fold until nothing changes
        folded = unicodedata.normalize("NFKC", value).lower()
        if folded == value:
            break
        value = folded
    return value.strip()

"""Promotional wording in a declaration's free text: which refused words a text uses.

The list is data (`data/promotional_words.txt`, with its legal source): refused words, and the contract
terms that contain one and are allowed (最低 of 最低提成, 第一 of 第一期). No Flask here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("data") / "promotional_words.txt"


@dataclass(frozen=True)
class WordList:
    """Refused words and the allowed compounds that contain one, both folded (see `fold`)."""

    refused: tuple[str, ...]
    allowed: tuple[str, ...]


def fold(text: str) -> str:
    """Full-width forms to their ordinary ones (NFKC), lower case: １００％ matches 100%."""
    return unicodedata.normalize("NFKC", text).lower()


def parse(lines: list[str]) -> WordList:
    """A word list from the data file's lines (comments and blank lines skipped)."""
    refused: list[str] = []
    allowed: list[str] = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("allow:"):
            allowed.append(fold(line.removeprefix("allow:").strip()))
        else:
            refused.append(fold(line))
    return WordList(tuple(dict.fromkeys(refused)), tuple(dict.fromkeys(allowed)))


@lru_cache(maxsize=1)
def default_words() -> WordList:
    """The list the marketplace enforces."""
    return parse(WORDS_FILE.read_text(encoding="utf-8").splitlines())


def promotional_words(text: str, words: WordList | None = None) -> list[str]:
    """The refused words `text` uses, each once, in the order they first appear; an allowed compound
    hides the refused word inside it, and a refused word inside a longer one found (领先 in 国际领先) is
    not listed again."""
    words = words or default_words()
    folded = masked = fold(text)
    # A refused word holding an allowed compound (最低价 holds 最低) is looked for before the compounds
    # are masked; every other refused word after.
    found = [word for word in words.refused if any(c in word for c in words.allowed) and word in folded]
    for compound in sorted(words.allowed, key=len, reverse=True):
        masked = masked.replace(compound, "\u0000" * len(compound))
    found += [word for word in words.refused if word not in found and word in masked]
    kept = [word for word in found if not any(word != longer and word in longer for longer in found)]
    return sorted(kept, key=folded.index)

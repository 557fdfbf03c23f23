"""Reading what an enterprise types into a need: keywords, search words, and whether a text has words.

No Flask here: the form and the list page call these, and the rules are tested on their own.
"""

from __future__ import annotations

import re

KEYWORD_MAX_CHARS = 20
KEYWORDS_MAX_COUNT = 10
MIN_WORD_CHARACTERS = 4
SEARCH_WORDS_MAX = 8

# Keywords are separated by Chinese or ASCII commas and semicolons, the enumeration comma, or white space.
_KEYWORD_SEPARATORS = re.compile(r"[，,；;、\s]+")
# Search words: white space and the common punctuation, full-width or not, split them.
_SEARCH_SEPARATORS = re.compile(r"[\s，,；;、。.！!？?：:（）()【】\[\]\"'“”‘’《》<>/|]+")


def word_characters(text: str) -> int:
    """How many letters, digits or CJK characters `text` holds (punctuation, symbols and emoji do not
    count)."""
    return sum(1 for ch in text if ch.isalnum())


def has_words(text: str, minimum: int = MIN_WORD_CHARACTERS) -> bool:
    """Whether `text` describes something in words: at least `minimum` letters, digits or CJK
    characters."""
    return word_characters(text) >= minimum


def split_keywords(raw: str) -> list[str]:
    """The keywords typed, in order, each once: ``稀土，永磁; PEM 电解槽`` → 稀土, 永磁, PEM, 电解槽."""
    seen: list[str] = []
    for item in _KEYWORD_SEPARATORS.split(raw or ""):
        if item and item not in seen:
            seen.append(item)
    return seen


def join_keywords(keywords: list[str] | tuple[str, ...]) -> str:
    """Keywords as stored: joined with the full-width semicolon, like a patent's."""
    return "；".join(keywords)


def search_words(q: str) -> list[str]:
    """The words of a search box, each once, at most SEARCH_WORDS_MAX: every one must be found."""
    words: list[str] = []
    for item in _SEARCH_SEPARATORS.split(q or ""):
        if item and item not in words:
            words.append(item)
    return words[:SEARCH_WORDS_MAX]


def like_pattern(word: str) -> str:
    """A LIKE pattern finding `word` anywhere, with LIKE's own wildcards (% and _) and the escape
    character (backslash) taken literally; use with ``escape="\\\\"``."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"

"""Turning Chinese and English text into search tokens, and a query into what must match.

Chinese has no spaces, so words cannot be found by splitting. Each run of CJK characters is
indexed as overlapping bigrams plus its last character alone (稀土永磁 → 稀土 土永 永磁 磁).
A query term then becomes:

- one CJK character: a prefix match on that character (every occurrence starts a token);
- two characters: the bigram itself;
- longer runs: the phrase of its bigrams, adjacent and in order;
- Latin letters and digits: the lower-cased word, matched as a prefix from three characters on.

The database's full-text engine (SQLite FTS5, PostgreSQL tsvector) stores and matches the tokens;
this module only decides what the tokens are, the same way for both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CJK = (
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
)
_PIECE = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")

MAX_QUERY_CHARS = 200
MAX_QUERY_GROUPS = 16
MIN_PREFIX_WORD = 3


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _run_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def document_tokens(text: str) -> list[str]:
    """The tokens of a text, in order (positions matter for phrases)."""
    tokens: list[str] = []
    for piece in _PIECE.findall(_fold(text)):
        if _CJK_RUN.fullmatch(piece):
            tokens.extend(_run_tokens(piece))
        else:
            tokens.append(piece)
    return tokens


@dataclass(frozen=True)
class QueryGroup:
    """One query term: tokens that must appear adjacent and in order; `prefix` for a prefix match."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_groups(query: str) -> list[QueryGroup]:
    """What a typed query must match: every group (AND). Operators and punctuation are plain text."""
    groups: list[QueryGroup] = []
    for piece in _PIECE.findall(_fold(query)[:MAX_QUERY_CHARS]):
        if _CJK_RUN.fullmatch(piece):
            if len(piece) == 1:
                group = QueryGroup((piece,), prefix=True)
            else:
                group = QueryGroup(tuple(piece[i : i + 2] for i in range(len(piece) - 1)))
        else:
            group = QueryGroup((piece,), prefix=len(piece) >= MIN_PREFIX_WORD)
        if group not in groups:
            groups.append(group)
        if len(groups) == MAX_QUERY_GROUPS:
            break
    return groups


def highlight_terms(query: str) -> list[str]:
    """The pieces of a query to mark in displayed text, longest first."""
    pieces = set(_PIECE.findall(_fold(query)[:MAX_QUERY_CHARS]))
    return sorted(pieces, key=lambda p: (-len(p), p))[:MAX_QUERY_GROUPS]

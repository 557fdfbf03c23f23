"""Turning Chinese and English text into search tokens, and a query into what must match.

Chinese has no spaces, so words cannot be found by splitting. Each run of CJK characters is
indexed as overlapping bigrams plus its last character alone (稀土永磁 → 稀土 土永 永磁 磁).
A query term then becomes:

- one CJK character: a prefix match on that character (every occurrence starts a token);
- two characters: the bigram itself;
- longer runs: the phrase of its bigrams, adjacent and in order;
- Latin letters and digits: the lower-cased word, matched as a prefix from three characters on.

Terms of the bilingual glossary (core.glossary) found in a query are expanded: the group matches the
term as typed OR any of its translations ("rare earth" also finds 稀土, 滴灌 also finds "drip
irrigation"); an English glossary phrase of several words is one group (its words adjacent and in
order, the last one a prefix). A run of Chinese characters is expanded only when glossary terms make
up all of it, otherwise it stays one phrase. Groups are ANDed, a group's alternatives ORed.

The database's full-text engine (SQLite FTS5, PostgreSQL tsvector) stores and matches the tokens;
this module only decides what the tokens are, the same way for both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from marketplace.core.glossary import Glossary, GlossaryMatch, default_glossary, has_chinese
from marketplace.core.glossary import fold as glossary_fold

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
    """One query term: tokens that must appear adjacent and in order, the last one a prefix when
    `prefix`; `alternatives` are other ways to match the same term (its glossary translations)."""

    tokens: tuple[str, ...]
    prefix: bool = False
    alternatives: tuple[QueryGroup, ...] = ()

    @property
    def options(self) -> tuple[QueryGroup, ...]:
        """Every way to match this group: the term as typed first, then its alternatives."""
        return (QueryGroup(self.tokens, self.prefix), *self.alternatives)


MAX_ALTERNATIVES = 8
MIN_MARKED_NAME = 4


def _piece_group(piece: str) -> QueryGroup:
    """The group of one CJK run or Latin word (already folded)."""
    if _CJK_RUN.fullmatch(piece):
        if len(piece) == 1:
            return QueryGroup((piece,), prefix=True)
        return QueryGroup(tuple(piece[i : i + 2] for i in range(len(piece) - 1)))
    return QueryGroup((piece,), prefix=len(piece) >= MIN_PREFIX_WORD)


def _term_group(term: str) -> QueryGroup | None:
    """The group of a whole term of one or more pieces ("rare earth", "3D打印"): one phrase."""
    pieces = _PIECE.findall(_fold(term))
    if not pieces:
        return None
    if len(pieces) == 1:
        return _piece_group(pieces[0])
    tokens: list[str] = []
    for piece in pieces[:-1]:
        tokens.extend(_run_tokens(piece) if _CJK_RUN.fullmatch(piece) else [piece])
    last = _piece_group(pieces[-1])
    return QueryGroup((*tokens, *last.tokens), prefix=last.prefix)


def _alternatives(glossary: Glossary, term: str, typed: QueryGroup) -> tuple[QueryGroup, ...]:
    """The groups of a glossary term's translations (for an English term, also the other English
    names of its Chinese terms), without the typed form, at most MAX_ALTERNATIVES."""
    names = list(glossary.translations(term))
    if not has_chinese(term):
        for chinese in list(names):
            names.extend(glossary.translations(chinese))
    found: list[QueryGroup] = []
    for name in names:
        group = _term_group(name)
        if group is not None and group != typed and group not in found:
            found.append(group)
    return tuple(found[:MAX_ALTERNATIVES])


FILLERS = frozenset("的和与及或之")


def _glossary_matches(glossary: Glossary, folded: str) -> tuple[list[GlossaryMatch], list[range]]:
    """Glossary terms in a folded query, and the Chinese runs they split.

    A run of Chinese characters is split into its terms only when terms cover all of it (apart from
    filler characters such as 的 and 和): 稀土永磁电机 becomes 稀土永磁 and 电机, each with its
    translations. A run with other words as well stays one phrase without translations, so its
    characters keep their order (永磁稀土 does not become 永磁 and 稀土)."""
    if glossary_fold(folded) != folded:
        return [], []
    matches = glossary.matches_in(folded)
    split: list[range] = []
    for run in _CJK_RUN.finditer(folded):
        span = range(run.start(), run.end())
        inside = [m for m in matches if m.start < span.stop and m.end > span.start]
        covered = set().union(*(range(m.start, m.end) for m in inside)) if inside else set()
        if inside and all(i in covered or folded[i] in FILLERS for i in span):
            split.append(span)
        else:
            matches = [m for m in matches if m not in inside]
    return matches, split


def query_groups(query: str, expand: bool = True) -> list[QueryGroup]:
    """What a typed query must match: every group (AND), each by any of its options (OR).

    Operators and punctuation are plain text. With `expand`, glossary terms get their translations
    as alternatives."""
    folded = _fold(query)[:MAX_QUERY_CHARS]
    glossary = default_glossary() if expand else None
    matches, split = _glossary_matches(glossary, folded) if glossary else ([], [])
    groups: list[QueryGroup] = []

    def add(group: QueryGroup | None) -> None:
        if group is not None and group not in groups and len(groups) < MAX_QUERY_GROUPS:
            groups.append(group)

    def add_plain(start: int, end: int) -> None:
        for piece in _PIECE.finditer(folded, start, end):
            if any(piece.start() in span for span in split):
                continue  # fillers between the terms of a split run
            add(_piece_group(piece.group()))

    position = 0
    for match in matches:
        add_plain(position, match.start)
        typed = _term_group(folded[match.start : match.end])
        if typed is not None:
            add(QueryGroup(typed.tokens, typed.prefix, _alternatives(glossary, match.term, typed)))
        position = match.end
    add_plain(position, len(folded))
    return groups


def highlight_terms(query: str, expand: bool = True) -> list[str]:
    """The pieces of a query to mark in displayed text, and (with `expand`) the glossary translations
    of its terms, so a Chinese text found through an English query is marked too; longest first."""
    folded = _fold(query)[:MAX_QUERY_CHARS]
    pieces = set(_PIECE.findall(folded))
    glossary = default_glossary()
    for match in _glossary_matches(glossary, folded)[0] if expand else []:
        pieces.add(folded[match.start : match.end])
        names = list(glossary.translations(match.term))
        if not has_chinese(match.term):
            for chinese in list(names):
                names.extend(glossary.translations(chinese))
        # A short abbreviation ("PE", "REE") would be marked inside unrelated English words.
        pieces.update(_fold(name) for name in names if has_chinese(name) or len(name) >= MIN_MARKED_NAME)
    pieces.discard("")
    return sorted(pieces, key=lambda p: (-len(p), p))[: MAX_QUERY_GROUPS * 4]

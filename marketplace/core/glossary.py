"""A bilingual glossary of the region's technical terms, so English and mixed text finds Chinese patents.

The terms are data, kept in `marketplace/core/data/glossary.tsv` (see the README there for sources and
conventions): one row per Chinese term, tab-separated columns `zh`, `en` and an optional field tag. The
English column lists alternatives separated by "|" (e.g. `rare earth|rare-earth|REE`); the first is the
preferred rendering.

Matching rules:

- text is folded the way the search index folds it (NFKC, lower case), so full-width letters and
  capitals do not matter;
- English terms are compared word by word: hyphens, underscores and spaces between words are the same
  ("rare-earth" = "rare earth"), and each word is reduced to a simple singular ("rare earths" = "rare
  earth", "batteries" = "battery", "processes" = "process");
- in a text, the longest term wins and found terms never overlap (稀土永磁 rather than 稀土 inside it;
  "rare earth permanent magnet" rather than "rare earth").

Nothing here raises on any text: unknown words simply have no translations.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "glossary.tsv"

_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[^\W_{_CJK_RANGES}]+")
_CJK = re.compile(f"[{_CJK_RANGES}]")
_WORD_GAP = re.compile(r"[\s\-_]+")
MAX_TEXT_CHARS = 100_000


def fold(text: str) -> str:
    """The text as the glossary compares it: NFKC, lower case (the same folding as the search index)."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _singular(word: str) -> str:
    """A simple singular, the same for both forms of a pair (cheese/cheeses → chees, gas/gases → gas)."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "ses", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith(("se", "che", "she", "xe", "ze")) and not word.endswith("sse"):
        word = word[:-1]
    return word


def english_key(term: str) -> str:
    """An English term reduced for comparison: folded words, each singular, joined by one space."""
    return " ".join(_singular(word) for word in _WORD.findall(fold(term)))


def has_chinese(text: str) -> bool:
    """Whether the text holds at least one CJK ideograph."""
    return bool(_CJK.search(text or ""))


@dataclass(frozen=True)
class GlossaryEntry:
    """One row of the glossary: a Chinese term, its English alternatives (preferred first), a field tag."""

    zh: str
    en: tuple[str, ...]
    field: str = ""


@dataclass(frozen=True)
class GlossaryMatch:
    """A glossary term found in a text: `start`/`end` index the folded text (see `fold`)."""

    start: int
    end: int
    term: str


@dataclass
class Glossary:
    """Look-ups both ways between Chinese terms and their English renderings."""

    entries: tuple[GlossaryEntry, ...]
    _zh: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _en: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _en_spelling: dict[str, str] = field(init=False, repr=False)
    _zh_spelling: dict[str, str] = field(init=False, repr=False)
    _zh_first: frozenset[str] = field(init=False, repr=False)
    _zh_max: int = field(init=False, repr=False)
    _en_max_words: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        zh: dict[str, list[str]] = {}
        en: dict[str, list[str]] = {}
        spelling: dict[str, str] = {}
        for entry in self.entries:
            for alternative in entry.en:
                zh.setdefault(fold(entry.zh), [])
                if alternative not in zh[fold(entry.zh)]:
                    zh[fold(entry.zh)].append(alternative)
                key = english_key(alternative)
                if not key:
                    continue
                spelling.setdefault(key, alternative)
                chinese = en.setdefault(key, [])
                if entry.zh not in chinese:
                    chinese.append(entry.zh)
        self._zh = {k: tuple(v) for k, v in zh.items()}
        self._en = {k: tuple(v) for k, v in en.items()}
        self._en_spelling = spelling
        self._zh_spelling = {}
        for entry in self.entries:
            self._zh_spelling.setdefault(fold(entry.zh), entry.zh)
        self._zh_first = frozenset(k[0] for k in self._zh)
        self._zh_max = max((len(k) for k in self._zh), default=0)
        self._en_max_words = max((k.count(" ") + 1 for k in self._en), default=0)

    def __len__(self) -> int:
        return len(self.entries)

    def translations(self, term: str) -> tuple[str, ...]:
        """A Chinese term → its English terms; an English term or phrase → its Chinese terms; else ()."""
        try:
            folded = fold(term).strip()
            if not folded:
                return ()
            found = self._zh.get(folded)
            if found:
                return found
            return self._en.get(english_key(folded), ())
        except (TypeError, ValueError):
            return ()

    def chinese_terms(self) -> list[str]:
        """Every Chinese term, in file order (for a word-segmentation user dictionary)."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            seen.setdefault(entry.zh, None)
        return list(seen)

    def matches_in(self, text: str) -> list[GlossaryMatch]:
        """The glossary terms in a text, in text order, positions in `fold(text)`; longest first, no overlap.

        A Chinese match reports the glossary's Chinese term; an English match reports the glossary's
        spelling of the alternative found (so `translations` of it works)."""
        try:
            folded = fold(text)[:MAX_TEXT_CHARS]
        except (TypeError, ValueError):
            return []
        candidates = self._chinese_candidates(folded) + self._english_candidates(folded)
        candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken: list[GlossaryMatch] = []
        used = bytearray(len(folded) + 1)
        for match in candidates:
            if any(used[match.start : match.end]):
                continue
            used[match.start : match.end] = b"\x01" * (match.end - match.start)
            taken.append(match)
        return sorted(taken, key=lambda m: m.start)

    def terms_in(self, text: str) -> list[str]:
        """The glossary terms (Chinese or English) found in a text: longest first, not overlapping,
        each once, in order of first appearance."""
        seen: dict[str, None] = {}
        for match in self.matches_in(text):
            seen.setdefault(match.term, None)
        return list(seen)

    def _chinese_candidates(self, folded: str) -> list[GlossaryMatch]:
        found: list[GlossaryMatch] = []
        if not self._zh_max:
            return found
        for start in range(len(folded)):
            if folded[start] not in self._zh_first:
                continue
            for length in range(min(self._zh_max, len(folded) - start), 0, -1):
                piece = folded[start : start + length]
                if piece in self._zh:
                    found.append(GlossaryMatch(start, start + length, self._zh_spelling[piece]))
                    break
        return found

    def _english_candidates(self, folded: str) -> list[GlossaryMatch]:
        words = list(_WORD.finditer(folded))
        found: list[GlossaryMatch] = []
        for i in range(len(words)):
            for count in range(min(self._en_max_words, len(words) - i), 0, -1):
                run = words[i : i + count]
                gaps = (folded[a.end() : b.start()] for a, b in zip(run, run[1:], strict=False))
                if not all(_WORD_GAP.fullmatch(gap) for gap in gaps):
                    continue
                key = " ".join(_singular(w.group()) for w in run)
                if key in self._en:
                    found.append(GlossaryMatch(run[0].start(), run[-1].end(), self._en_spelling[key]))
                    break
        return found


def parse_glossary(text: str) -> Glossary:
    """A glossary from the data file's text: comment lines start with "#", the header row is skipped.

    Raises ValueError naming the line for a row without a Chinese or an English term (a broken data
    file is a defect to fix, not input to tolerate)."""
    entries: list[GlossaryEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [c.strip() for c in line.split("\t")]
        if columns[:2] == ["zh", "en"]:
            continue
        zh = columns[0]
        en = tuple(a.strip() for a in (columns[1] if len(columns) > 1 else "").split("|") if a.strip())
        if not zh or not en or len(columns) > 3:
            raise ValueError(f"glossary line {number}: expected zh<TAB>en[<TAB>field], got {line!r}")
        entries.append(GlossaryEntry(zh, en, columns[2] if len(columns) > 2 else ""))
    return Glossary(tuple(entries))


@cache
def default_glossary() -> Glossary:
    """The glossary kept in the repository (read once per process)."""
    return parse_glossary(DATA_FILE.read_text(encoding="utf-8"))

"""The matching engine: a need in, ranked patents with reasons out (`rank_patents`).

1. The need's terms: jieba words (user dictionary: glossary and catalogue terms) and English words of
   the title and keywords (weighted three times) and the description, plus the glossary's translations
   of every term both ways, so "rare earth magnet" finds 稀土永磁 and 稀土永磁 finds "permanent magnet".
2. How common each term is in the catalogue (counted in the full-text index, capped so a very common
   term costs little) gives its weight; very common terms do not select candidates.
3. Candidates: the database's full-text index (OR of the terms, each a phrase of bigrams like the
   catalogue search), best few hundred by its own ranking, among the patents that can be licensed
   today (granted, in term, not archived, with a published offer).
4. Re-rank in Python: a BM25-like text score over the terms found in title (weighted most), keywords,
   abstract (and English title and abstract when the catalogue has them), plus agreement of industry,
   IPC agreement with the classes the best text candidates share, remaining term, and fit of the offer
   with the wanted plan kinds and the budget (the offer's schedule total of fixed fees, integer fen).

Every result carries its `MatchReasons`; ties are broken by patent id. Nothing in a need's text can make
the engine raise: text without a usable term gives [].
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import func, or_, select

from marketplace.catalogue.models import LIST_SEPARATOR, Patent
from marketplace.catalogue.search.backends import backend_for
from marketplace.core.glossary import default_glossary, has_chinese
from marketplace.core.need_query import NeedQuery
from marketplace.core.patent_fields import LegalStatus
from marketplace.core.search_tokens import QueryGroup, query_groups
from marketplace.core.segmenter import MAX_CHARS, fold, fold_document, stem
from marketplace.extensions import db
from marketplace.matching.dictionary import catalogue_signature, segmenter
from marketplace.matching.reasons import MatchReasons, RankedPatent

# How many candidates the full-text index hands to the re-ranking, and how many terms a need has.
CANDIDATES = 300
MAX_TERMS = 24
MAX_SELECTING_TERMS = 16
MAX_VARIANTS = 6
# A term found in more than this share of the catalogue does not select candidates (still scores).
COMMON_SHARE = 0.01
MIN_COMMON_CAP = 400

# Query-side weights of a term by where the need says it.
TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 3.0
DESCRIPTION_WEIGHT = 1.0
TRANSLATION_FACTOR = 0.8
# Document-side weights of a field.
FIELD_WEIGHTS = {"title": 3.0, "keywords": 2.0, "abstract": 1.0, "title_en": 2.5, "abstract_en": 0.8}
K1 = 1.2
ABSTRACT_CHARS = 4000

# The other parts of the score, added to the text score (0..1).
INDUSTRY_BONUS = 0.08
IPC_BONUS = 0.06
TERM_BONUS = 0.02  # for 15 or more years left, linear below
PLAN_FITS = 0.04
PLAN_OTHER = -0.06
PRICE_WITHIN = 0.03
PRICE_BELOW = 0.02
PRICE_ABOVE = -0.05
IPC_PSEUDO_RELEVANT = 20
IPC_MIN_SHARE = 0.25
SCALE = 1_000_000

_ENGLISH_COLUMNS = ("title_en", "abstract_en")
_ASCII_TERM = re.compile(r"^[a-z0-9 .\-]+$")


@dataclass(frozen=True)
class Term:
    """One way of writing a need's term (folded): its full-text groups and how common it is."""

    text: str
    groups: tuple[QueryGroup, ...]
    document_count: int = 0
    pattern: re.Pattern | None = None


@dataclass(frozen=True)
class Concept:
    """A term of the need with its glossary translations: found in a patent when any of its
    variants is. Weighted by where the need says it and by how rare its most common variant is (an
    English word found only in the few patents with an English abstract is as common as its Chinese)."""

    variants: tuple[Term, ...]
    weight: float
    idf: float = 0.0


@dataclass
class PreparedNeed:
    """What the engine knows of a need before looking at any patent."""

    query: NeedQuery
    concepts: list[Concept]
    total_weight: float
    today: date
    ipc_classes: frozenset[str] = field(default_factory=frozenset)


# ------------------------------------------------------------------ terms of a need


def _translated(translation: str) -> str:
    folded = fold(translation).strip()
    if not has_chinese(folded):
        folded = " ".join(stem(w) for w in folded.split())
    return folded


def _weighted_terms(query: NeedQuery) -> tuple[Counter, list[tuple[str, str]]]:
    """Each term of the need with the summed weight of where it appears, and the (term, translation)
    links the glossary gives."""
    seg = segmenter()
    weights: Counter = Counter()
    parts = [(query.title, TITLE_WEIGHT), (" ".join(query.keywords), KEYWORD_WEIGHT),
             (query.description, DESCRIPTION_WEIGHT)]
    for text, weight in parts:
        for term in seg.terms(text):
            weights[term] += weight
    for keyword in query.keywords:
        folded = fold(keyword).strip()
        if 2 <= len(folded) <= 20 and has_chinese(folded):
            weights[folded] += KEYWORD_WEIGHT
    glossary = default_glossary()
    found: Counter = Counter()
    for text, weight in parts:
        for term in glossary.terms_in(fold(text)[:MAX_CHARS]):
            found[fold(term)] += weight
    for term, weight in found.items():
        weights[term] = max(weights[term], weight)
    links: list[tuple[str, str]] = []
    for term, weight in list(weights.items()):
        for translation in glossary.translations(term):
            folded = _translated(translation)
            if folded and folded != term:
                links.append((term, folded))
                weights[folded] = max(weights[folded], weight * TRANSLATION_FACTOR)
    return weights, links


def _pattern(text: str) -> re.Pattern | None:
    """Latin terms match at the start of a word ("magnet" in "magnets", not in "electromagnet")."""
    if _ASCII_TERM.match(text):
        return re.compile(r"(?<![a-z0-9])" + re.escape(text))
    return None


def _usable(text: str) -> tuple[QueryGroup, ...]:
    groups = tuple(query_groups(text))
    if len(text) < 2 or any(g.prefix and len(g.tokens[0]) == 1 for g in groups):
        return ()
    return groups


def _concepts(query: NeedQuery) -> list[Concept]:
    """The need's terms joined with their translations, heaviest first (at most MAX_TERMS * 2); kept
    for the recent needs until the dictionary changes (a patent's refresh looks at every live need)."""
    seg = segmenter()
    return list(_cached_concepts(query, seg.version))


@lru_cache(maxsize=4096)
def _cached_concepts(query: NeedQuery, version: int) -> tuple[Concept, ...]:
    return tuple(_concepts_of(query))


def _concepts_of(query: NeedQuery) -> list[Concept]:
    weights, links = _weighted_terms(query)
    root: dict[str, str] = {}

    def find(term: str) -> str:
        while root.get(term, term) != term:
            term = root[term]
        return term

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for term in sorted(weights, key=lambda t: (-weights[t], t)):
        members.setdefault(find(term), []).append(term)
    concepts: list[Concept] = []
    for texts in members.values():
        variants = tuple(Term(t, groups, pattern=_pattern(t))
                         for t in texts[:MAX_VARIANTS] if (groups := _usable(t)))
        if variants:
            concepts.append(Concept(variants, math.sqrt(max(weights[t] for t in texts))))
    concepts.sort(key=lambda c: (-c.weight, c.variants[0].text))
    return concepts[:MAX_TERMS * 2]


_document_counts: dict = {}


def _english_count(connection) -> int:
    """How many patents have an English title or abstract (Latin-only terms are rare among the others)."""
    condition = or_(*(getattr(Patent, name) != "" for name in _ENGLISH_COLUMNS))
    return connection.scalar(select(func.count(Patent.id)).where(Patent.archived.is_(False), condition)) or 0


def _counted(concepts: list[Concept]) -> tuple[list[Concept], int]:
    """The concepts with their variants' catalogue counts and their weights; variants found nowhere
    dropped (and concepts left without any)."""
    session = _connection()
    backend = backend_for(session.dialect.name)
    signature = catalogue_signature()
    cache = _document_counts.get(signature)
    if cache is None:
        _document_counts.clear()
        cache = _document_counts[signature] = {"": backend.indexed_count(session)}
    total = max(1, cache[""])
    if "en" not in cache:
        cache["en"] = _english_count(session)
    english = min(total, cache["en"]) or total  # no English text at all: Latin terms are codes (MTO, 5G)
    cap = max(MIN_COMMON_CAP, int(total * COMMON_SHARE))
    counted: list[Concept] = []
    for concept in concepts:
        variants = []
        for term in concept.variants:
            key = (term.text, cap)
            if key not in cache:
                cache[key] = backend.count_capped(session, term.groups, cap + 1)
            if cache[key]:
                variants.append(Term(term.text, term.groups, cache[key], term.pattern))
        if variants:
            count = max(v.document_count for v in variants)
            # A Latin-only term is looked for among the patents that have English text at all.
            among = english if all(_ASCII_TERM.match(v.text) for v in variants) else total
            idf = math.log(1 + max(0.0, among - count + 0.5) / (count + 0.5))
            counted.append(Concept(tuple(variants), concept.weight, idf))
    counted.sort(key=lambda c: (-c.weight * c.idf, c.variants[0].text))
    return counted[:MAX_TERMS], cap


# ------------------------------------------------------------------ candidates


def _columns():
    return [Patent.id, Patent.university_id, Patent.title, Patent.keywords, Patent.abstract,
            Patent.industry, Patent.ipc_codes, Patent.expiry_date, Patent.offer_kind, Patent.offer_trial,
            Patent.offer_price_fen, *(getattr(Patent, name) for name in _ENGLISH_COLUMNS)]


def _connection():
    """The session's connection, pending changes flushed first: the engine's reads are plain Core
    statements (no ORM objects, no ORM overhead per statement)."""
    db.session.flush()
    return db.session.connection()


def _offered(stmt, today: date):
    return stmt.where(Patent.archived.is_(False), Patent.offer_kind != "",
                      Patent.legal_status == LegalStatus.GRANTED, Patent.expiry_date >= today)


def _candidate_ids(concepts: list[Concept], cap: int, today: date) -> list[int]:
    terms = [t for c in concepts for t in c.variants]
    selecting = [t for t in terms if t.document_count <= cap] or sorted(
        terms, key=lambda t: (t.document_count, t.text))[:2]
    alternatives = list(dict.fromkeys(t.groups for t in selecting))[:MAX_SELECTING_TERMS]
    backend = backend_for(_connection().dialect.name)
    match = backend.match_any(alternatives)
    stmt = _offered(select(Patent.id).join(match, match.c.patent_id == Patent.id), today)
    return list(_connection().scalars(stmt.order_by(match.c.score, Patent.id).limit(CANDIDATES)))


def _rows(ids: Sequence[int]):
    if not ids:
        return []
    return _connection().execute(select(*_columns()).where(Patent.id.in_(list(ids)))).all()


# ------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class _TextScore:
    score: float
    found: tuple[tuple[float, str], ...] = ()

    @property
    def matched(self) -> tuple[str, ...]:
        """The terms found, most telling first, a term inside a longer found term left out."""
        texts = [text for _, text in sorted(self.found, key=lambda item: (-item[0], item[1]))]
        return tuple([t for t in texts if not any(t != other and t in other for other in texts)][:8])


def _field_texts(row) -> list[tuple[str, float]]:
    texts = [(fold_document(row.title), FIELD_WEIGHTS["title"]),
             (fold_document((row.keywords or "").replace(LIST_SEPARATOR, " ")), FIELD_WEIGHTS["keywords"]),
             (fold_document((row.abstract or "")[:ABSTRACT_CHARS]), FIELD_WEIGHTS["abstract"])]
    for name in _ENGLISH_COLUMNS:
        value = getattr(row, name, None)
        if value:
            texts.append((fold_document(value[:ABSTRACT_CHARS]), FIELD_WEIGHTS[name]))
    return texts


def _text_score(prepared: PreparedNeed, row) -> _TextScore:
    texts = _field_texts(row)
    score = 0.0
    found: list[tuple[float, str]] = []
    for concept in prepared.concepts:
        frequency = 0.0
        best = ""
        for term in concept.variants:
            variant = 0.0
            for text, weight in texts:
                if term.text in text:
                    count = len(term.pattern.findall(text)) if term.pattern else text.count(term.text)
                    variant += weight * count
            if variant > frequency:
                frequency, best = variant, term.text
        if frequency:
            part = concept.weight * concept.idf * frequency * (K1 + 1) / (frequency + K1)
            score += part
            found.append((part, best))
    if not found or prepared.total_weight <= 0:
        return _TextScore(0.0)
    return _TextScore(score / (prepared.total_weight * (K1 + 1)), tuple(found))


def _ipc_subclasses(row) -> set[str]:
    return {code.strip()[:4].upper() for code in (row.ipc_codes or "").split(LIST_SEPARATOR)
            if len(code.strip()) >= 4}


def _dominant_classes(scored: list[tuple[float, object]]) -> frozenset[str]:
    """The IPC subclasses shared by the best text candidates (pseudo-relevance feedback)."""
    best = sorted(scored, key=lambda item: (-item[0], item[1].id))[:IPC_PSEUDO_RELEVANT]
    weights: Counter = Counter()
    patents: Counter = Counter()
    total = 0.0
    for score, row in best:
        if score <= 0:
            continue
        total += score
        for subclass in _ipc_subclasses(row):
            weights[subclass] += score
            patents[subclass] += 1
    if total <= 0:
        return frozenset()
    return frozenset(c for c, w in weights.items() if w >= IPC_MIN_SHARE * total and patents[c] >= 2)


def _plan_fit(query: NeedQuery, row) -> str:
    if not query.plan_kinds:
        return "any"
    if not row.offer_kind:
        return "not_offered"
    if row.offer_kind in query.plan_kinds or ("try_first" in query.plan_kinds and row.offer_trial):
        return "fits"
    return "other_kind"


def _price_fit(query: NeedQuery, row) -> tuple[str, int | None]:
    total = row.offer_price_fen
    if total is None or (total == 0 and row.offer_kind == "royalty"):
        return "unknown", None
    if query.budget_min_fen is None and query.budget_max_fen is None:
        return "unknown", total
    if query.budget_max_fen is not None and total > query.budget_max_fen:
        return "above", total
    if query.budget_min_fen is not None and total < query.budget_min_fen:
        return "below", total
    return "within", total


def _price_part(fit: str, total: int | None, query: NeedQuery) -> float:
    if fit == "within":
        return PRICE_WITHIN
    if fit == "below":
        return PRICE_BELOW
    if fit == "above" and total is not None and query.budget_max_fen:
        over = min(2.0, (total - query.budget_max_fen) / query.budget_max_fen)
        return PRICE_ABOVE * (1 + over)
    if fit == "above":
        return PRICE_ABOVE
    return 0.0


@dataclass(frozen=True)
class _Scored:
    """A candidate's score (millionths) and the parts its reasons are made of."""

    score: int
    row: object
    text: _TextScore
    shared: tuple[str, ...]
    years: int
    plan_fit: str
    price_fit: str
    total: int | None

    def ranked(self, query: NeedQuery) -> RankedPatent:
        reasons = MatchReasons(
            terms=self.text.matched, industry_agrees=_industry_agrees(query, self.row),
            ipc_classes=self.shared, plan_fit=self.plan_fit, price_fit=self.price_fit,
            offer_total_fen=self.total, remaining_years=self.years, legal_ok=True,
        )
        return RankedPatent(self.row.id, self.row.university_id, self.score, reasons)


def _industry_agrees(query: NeedQuery, row) -> bool:
    return bool(query.industry) and str(row.industry) == query.industry


def _score(prepared: PreparedNeed, row, text: _TextScore) -> _Scored | None:
    """The patent's full score and the parts of its reasons, or None when no term of the need is in it."""
    if text.score <= 0:
        return None
    query = prepared.query
    score = text.score
    if _industry_agrees(query, row):
        score += INDUSTRY_BONUS
    shared = tuple(sorted(_ipc_subclasses(row) & prepared.ipc_classes)) if prepared.ipc_classes else ()
    if shared:
        score += IPC_BONUS
    days_left = (row.expiry_date - prepared.today).days + 1
    years = max(0, days_left // 365)
    score += TERM_BONUS * min(years, 15) / 15
    plan_fit = _plan_fit(query, row)
    score += {"fits": PLAN_FITS, "other_kind": PLAN_OTHER}.get(plan_fit, 0.0)
    price_fit, total = _price_fit(query, row)
    score += _price_part(price_fit, total, query)
    return _Scored(max(1, round(score * SCALE)), row, text, shared, years, plan_fit, price_fit, total)


# ------------------------------------------------------------------ entry points


def _safe_query(query: NeedQuery) -> NeedQuery:
    """The query with every text field a string and the lists tuples of strings."""
    def text(value) -> str:
        return value if isinstance(value, str) else ""

    return NeedQuery(
        title=text(query.title), description=text(query.description),
        keywords=tuple(k for k in (query.keywords or ()) if isinstance(k, str))[:30],
        industry=query.industry if isinstance(query.industry, str) else None,
        budget_min_fen=query.budget_min_fen if isinstance(query.budget_min_fen, int) else None,
        budget_max_fen=query.budget_max_fen if isinstance(query.budget_max_fen, int) else None,
        plan_kinds=tuple(k for k in (query.plan_kinds or ()) if isinstance(k, str)),
    )


def _prepare(query: NeedQuery, today: date) -> tuple[PreparedNeed, list] | None:
    """The need's terms and its candidates' rows with their text scores (None: nothing to match)."""
    query = _safe_query(query)
    concepts = _concepts(query)
    if not concepts:
        return None
    concepts, cap = _counted(concepts)
    if not concepts:
        return None
    prepared = PreparedNeed(query, concepts, sum(c.weight * c.idf for c in concepts), today)
    rows = _rows(_candidate_ids(concepts, cap, today))
    scored = [(text, row) for row in rows if (text := _text_score(prepared, row)).score > 0]
    prepared.ipc_classes = _dominant_classes([(text.score, row) for text, row in scored])
    return prepared, scored


def rank_patents(query: NeedQuery, today: date, limit: int = 50) -> list[RankedPatent]:
    """The patents that best fit a need, best first (at most `limit`), each with its reasons."""
    prepared = _prepare(query, today)
    if prepared is None:
        return []
    need, scored = prepared
    ranked = [r for text, row in scored if (r := _score(need, row, text)) is not None]
    ranked.sort(key=lambda r: (-r.score, r.row.id))
    return [r.ranked(need.query) for r in ranked[:max(0, limit)]]


def score_patents(query: NeedQuery, patent_ids: Sequence[int], today: date) -> dict[int, RankedPatent]:
    """These patents scored against one need exactly as `rank_patents` scores them (the pair path);
    patents that cannot be offered today or share no term with the need are left out."""
    prepared = _prepare(query, today)
    if prepared is None or not patent_ids:
        return {}
    need, scored = prepared
    wanted = set(patent_ids)
    found: dict[int, RankedPatent] = {}
    seen: set[int] = set()
    for text, row in scored:
        if row.id in wanted:
            seen.add(row.id)
            if (result := _score(need, row, text)) is not None:
                found[row.id] = result.ranked(need.query)
    rest = sorted(wanted - seen)
    if rest:
        for row in db.session.execute(_offered(select(*_columns()).where(Patent.id.in_(rest)), today)):
            if (result := _score(need, row, _text_score(need, row))) is not None:
                found[row.id] = result.ranked(need.query)
    return found


def score_patent(query: NeedQuery, patent_id: int, today: date) -> RankedPatent | None:
    """One patent scored against one need (see `score_patents`), None when it does not match."""
    return score_patents(query, [patent_id], today).get(patent_id)


def may_match(query: NeedQuery, patent_ids: Sequence[int], today: date) -> list[int]:
    """The patents, among these, that can be offered today and hold at least one of the need's terms:
    a cheap test before scoring (no catalogue counts, no candidates)."""
    if not patent_ids:
        return []
    try:
        terms = [t for c in _concepts(_safe_query(query)) for t in c.variants]
    except Exception:  # noqa: BLE001 - a need's text never breaks a refresh
        return []
    if not terms:
        return []
    rows = db.session.execute(_offered(select(*_columns()).where(Patent.id.in_(list(patent_ids))), today))
    found = []
    for row in rows:
        texts = [text for text, _ in _field_texts(row)]
        if any(term.text in text for term in terms for text in texts):
            found.append(row.id)
    return sorted(found)

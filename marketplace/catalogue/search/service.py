"""Answering a catalogue query: matching, filters, sorting, one page of results, with the counts of
its result set (`counting.py`).

Each search runs two statements: the page of patents, and the one that counts the result set. A text
query matching more than the exact limit has estimated counts (see `counting.py`); its pages rank the
newest `SEARCH_RANK_WINDOW` matches first (see `_windowed_fetcher`), so neither counting nor ranking
passes over every match. A smaller result set is ranked over every match (bm25 in FTS5, ts_rank_cd on
PostgreSQL).

The counts, and the ids on each page of results, depend only on the query and the catalogue, so they
are kept per application for a minute, keyed by the query and the catalogue's revision
(`counting.remembered`); zone queries are not. The catalogue's landing page, or a search asked again,
then costs an index look-up and loading its page by id.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, case, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import counting, sample
from marketplace.catalogue.search.backends import (
    NO_NARROWING,
    Narrowing,
    PostgresBackend,
    SqliteBackend,
    backend_for,
)
from marketplace.catalogue.search.filters import filtered, has_filters, key_conditions, with_filters
from marketplace.catalogue.search.query import FACETS, SearchQuery
from marketplace.core.search_tokens import highlight_terms, query_groups
from marketplace.extensions import db
from marketplace.organisations.models import University

PER_PAGE = 20


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with the number of results that have it."""

    value: Any
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchResult:
    """A page of patents, the facets of the whole result set, and the terms to mark."""

    query: SearchQuery
    page: Pagination
    facet_values: Callable[[], dict[str, list[FacetValue]]]  # read once, when `facets` is first asked
    terms: list[str]
    estimated: bool = False  # the total and facet counts are estimates from the sample
    revision: Any = None  # the catalogue's revision the counts were read under (see `_revision`)

    @cached_property
    def facets(self) -> dict[str, list[FacetValue]]:
        """Per facet, its values with counts (a page whose sidebar is remembered never asks)."""
        return self.facet_values()


class _CountedPage(Pagination):
    """A Flask-SQLAlchemy page whose total is already known (from the facet counts)."""

    def __init__(self, fetch: Callable[[int, int], list[Any]], total: int, page: int,
                 per_page: int) -> None:
        self._fetch = fetch
        self._total = total
        super().__init__(page=page, per_page=per_page, max_per_page=None, error_out=False)

    def _query_items(self) -> list[Any]:
        return self._fetch(self.per_page, (self.page - 1) * self.per_page)

    def _query_count(self) -> int:
        # An estimate never claims fewer results than this page has shown.
        return max(self._total, (self.page - 1) * self.per_page + len(self.items))


def _backend() -> SqliteBackend | PostgresBackend:
    return backend_for(db.session.get_bind().dialect.name)


def _page_fetcher(query: SearchQuery, backend, counts: counting.Counts) -> Callable[[int, int], list[Patent]]:
    """How to fetch one page of patents for the query (when its counts are estimated, its text matches
    more patents than are counted one by one, so relevance is ranked within the rank window, see
    `_windowed_fetcher`)."""
    groups = query_groups(query.q)
    if groups and query.sort == "relevance" and counts.estimated:
        return _windowed_fetcher(query, groups, backend, counts)
    if groups and query.sort == "relevance" and not has_filters(query):
        # Rank inside the full-text index and join only the page's rows. Archived patents are
        # never in the index, so nothing else needs checking.
        match = backend.match(groups)

        def ranked(limit: int, offset: int) -> list[Patent]:
            top = (select(match.c.patent_id, match.c.score)
                   .order_by(match.c.score, match.c.patent_id.desc())
                   .limit(limit).offset(offset).subquery("page"))
            return list(db.session.scalars(
                select(Patent).join(top, top.c.patent_id == Patent.id)
                .options(selectinload(Patent.university))
                .order_by(top.c.score, Patent.id.desc())
            ))

        return ranked
    if groups and counts.estimated and isinstance(backend, PostgresBackend):
        return _walking_fetcher(query, groups, backend, counts)
    stmt, score = filtered(query, [Patent], backend, ranked=query.sort == "relevance")
    ordered = _ordered(stmt, score, query.sort).options(selectinload(Patent.university))
    return lambda limit, offset: list(db.session.scalars(ordered.limit(limit).offset(offset)))


def _walk_is_cheaper(counts: counting.Counts, wanted: int) -> bool:
    """Whether reading patents in order until `wanted` of them match reads fewer documents than the
    index's matches are (from the sample: the share of patents that match and the catalogue's size)."""
    share = counts.total / max(counts.sample_rows, 1)
    return share > 0 and wanted / share < share * sample.scaled(counts.sample_rows, counts.buckets)


def _walking_fetcher(query: SearchQuery, groups, backend: PostgresBackend,
                     counts: counting.Counts) -> Callable[[int, int], list[Patent]]:
    """Newest or longest-term first through a large result set on PostgreSQL: when a walk is cheaper,
    patents are read in the sort's index order and each tested against the text, stopping at the page's
    end, instead of taking every match from the GIN index and sorting them."""

    def fetch(limit: int, offset: int) -> list[Patent]:
        walk = _walk_is_cheaper(counts, offset + limit)
        if walk:
            stmt = with_filters(select(Patent).where(Patent.archived.is_(False),
                                                      backend.contains(Patent.id, groups)), query)
            score = None
        else:
            stmt, score = filtered(query, [Patent], backend, ranked=False)
        stmt = _ordered(stmt, score, query.sort).options(selectinload(Patent.university))
        with backend.walking(db.session) if walk else nullcontext():
            return list(db.session.scalars(stmt.limit(limit).offset(offset)))

    return fetch


WINDOW = 500  # default of SEARCH_RANK_WINDOW


def _windowed_fetcher(query: SearchQuery, groups, backend,
                      counts: counting.Counts) -> Callable[[int, int], list[Patent]]:
    """Relevance for a result set too large to rank on every request: the newest `SEARCH_RANK_WINDOW`
    matches (highest ids, the filters applied) are ranked first, by the same score as a full ranking,
    then every other match, ranked. A page inside the window ranks only the window's documents, so its
    cost does not grow with the catalogue; a page past it ranks every match, in the same order."""
    size = current_app.config.get("SEARCH_RANK_WINDOW", WINDOW)
    walk = _walk_is_cheaper(counts, size)

    narrowing = NO_NARROWING if not has_filters(query) else Narrowing(
        joined=lambda stmt, patent_id: with_filters(stmt.join(Patent, Patent.id == patent_id), query),
        keyed=lambda patent_id, key: key_conditions(query, key, patent_id))

    def fetch(limit: int, offset: int) -> list[Patent]:
        window = backend.window(groups, size, narrowing, walk=walk)
        inside = offset + limit <= size
        if inside:
            stmt = (select(Patent).join(window, window.c.patent_id == Patent.id)
                    .order_by(window.c.score, Patent.id.desc()))
        else:
            stmt, score = filtered(query, [Patent], backend)
            outside = case((Patent.id.in_(select(window.c.patent_id)), 0), else_=1)
            stmt = stmt.order_by(outside, score, Patent.id.desc())
        stmt = stmt.options(selectinload(Patent.university)).limit(limit).offset(offset)
        with backend.walking(db.session) if walk and inside else nullcontext():
            return list(db.session.scalars(stmt))

    return fetch


def _ordered(stmt: Select, score, sort: str) -> Select:
    if sort == "relevance" and score is not None:
        return stmt.order_by(score, Patent.id.desc())
    if sort == "expiry":
        return stmt.order_by(Patent.expiry_date.desc(), Patent.id.desc())
    # SQLite puts NULLs last in descending order by itself (and can then use the index).
    grant = Patent.grant_date.desc()
    if db.session.get_bind().dialect.name != "sqlite":
        grant = grant.nulls_last()
    return stmt.order_by(grant, Patent.id.desc())


def _remembered_pages(query: SearchQuery, revision: Any,
                      fetch: Callable[[int, int], list[Patent]]) -> Callable[[int, int], list[Patent]]:
    """`fetch`, with the ids of each page it gave remembered under the revision: a page asked again
    is loaded by id, without ranking the matches again. Zone pages are fetched afresh."""
    if query.zone is not None:
        return fetch

    def fetch_remembered(limit: int, offset: int) -> list[Patent]:
        found: list[Patent] = []

        def ids() -> list[int]:
            found.extend(fetch(limit, offset))
            return [patent.id for patent in found]

        wanted = counting.remembered(("page", revision, query, limit, offset), ids)
        if found:
            return found
        loaded = {patent.id: patent for patent in db.session.scalars(
            select(Patent).where(Patent.id.in_(wanted)).options(joinedload(Patent.university)))}
        return [loaded[patent_id] for patent_id in wanted if patent_id in loaded]

    return fetch_remembered


def catalogue_size() -> int:
    """How many patents the catalogue shows (not archived): the landing page's total, remembered."""
    return counting.counts(SearchQuery(), _backend(), counting.revision()).total


def _facets(query: SearchQuery, counted: dict[str, dict[Any, int]], labels: dict[str, Any],
            scale: Callable[[int], int] = int) -> dict[str, list[FacetValue]]:
    """Per-facet values with counts, most frequent first; the selected value marked."""
    counted = dict(counted)
    counted["ipc"] = counted["ipc_class"] if query.ipc else counted["ipc_section"]
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        selected = query.filter_value(facet)
        label_of = labels.get(facet, {})
        facets[facet] = sorted(
            (FacetValue(value, str(label_of.get(value, value)), scale(count),
                        selected is not None and str(value) == str(selected))
             for value, count in counted[facet].items()),
            key=lambda v: (-v.count, str(v.value)),
        )
    return facets


def search(query: SearchQuery, labels: dict[str, Any] | None = None) -> SearchResult:
    """Run a catalogue query. `labels` maps facet -> {value: display name} (universities added when the
    facets are first read)."""
    backend = _backend()
    revision = counting.revision()
    counts = counting.counts(query, backend, revision)
    fetch = _remembered_pages(query, revision, _page_fetcher(query, backend, counts))

    def facet_values(scale: Callable[[int], int] = int) -> Callable[[], dict[str, list[FacetValue]]]:
        def read() -> dict[str, list[FacetValue]]:
            named = dict(labels or {})
            named["university"] = dict(db.session.execute(select(University.id, University.name)).all())
            return _facets(query, counts.counted, named, scale)

        return read

    if counts.estimated:

        def scale(count: int) -> int:
            return sample.scaled(count, counts.buckets)

        page = _CountedPage(fetch, scale(counts.total), query.page, PER_PAGE)
        return SearchResult(query, page, facet_values(scale), highlight_terms(query.q), estimated=True,
                            revision=revision)
    page = _CountedPage(fetch, counts.total, query.page, PER_PAGE)
    return SearchResult(query, page, facet_values(), highlight_terms(query.q), revision=revision)


def patents_matching_any(phrases: list[str], limit: int = 500) -> list[int]:
    """Ids of patents whose title, abstract or keywords match at least one of `phrases` (each phrase
    matched as a catalogue query would match it), at most `limit` per phrase."""
    found: dict[int, None] = {}
    backend = backend_for(db.session.get_bind().dialect.name)  # unranked: any index will do
    for phrase in phrases:
        groups = query_groups(phrase)
        if groups:
            match = backend.match(groups, ranked=False)
            found.update(dict.fromkeys(db.session.scalars(select(match.c.patent_id).limit(limit))))
    return list(found)

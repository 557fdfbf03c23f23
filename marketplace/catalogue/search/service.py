"""Answering a catalogue query: matching, filters, facet counts, sorting, one page of results.

Each search runs two statements: the page of patents, and one statement that counts the result set:
grouped by its packed facet key (one integer per patent holding every facet value, see
`catalogue/facet_key.py`; no ranking), then each facet's bits of the key summed, so a few hundred
(facet, value, count) rows come back however large the result set.

A text query matching more than the exact limit (`SEARCH_EXACT_LIMIT`, found by counting matches in
the index no further than it) is not counted match by match: its groups come from the same query on
the index's sample (`sample.py`), scaled up, and the result says they are estimates; its pages rank
the newest `SEARCH_RANK_WINDOW` matches first (see `_windowed_fetcher`), so neither counting nor
ranking passes over every match. A smaller result set is ranked over every match (bm25 in FTS5,
ts_rank_cd on PostgreSQL).

The counts, and the ids on each page of results, depend only on the query and the catalogue, so they
are kept per application for a minute, keyed by the query and the catalogue's revision (see
`_remembered`); zone queries are not. The catalogue's landing page, or a search asked again, then costs
an index look-up and loading its page by id.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, case, func, literal_column, select, tuple_, union_all
from sqlalchemy.orm import joinedload, selectinload

from marketplace.app_memory import remembered
from marketplace.catalogue import facet_key
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import sample
from marketplace.catalogue.search.backends import PostgresBackend, SqliteBackend, backend_for
from marketplace.catalogue.search.query import FACETS, SearchQuery
from marketplace.core.search_tokens import highlight_terms, query_groups
from marketplace.extensions import db
from marketplace.organisations.models import University

PER_PAGE = 20
EXACT_LIMIT = 2000  # default of SEARCH_EXACT_LIMIT


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


def _filtered(query: SearchQuery, columns, ranked: bool = True, sample_only: bool = False,
              backend=None) -> tuple[Select, Any]:
    """SELECT `columns` of matching, filtered patents, and the score column when text was given
    (`sample_only`: patents of the index's sample only)."""
    groups = query_groups(query.q)
    stmt = select(*columns).where(Patent.archived.is_(False))
    score = None
    if groups:
        match = (backend or _backend()).match(groups, ranked, sample=sample_only)
        stmt = stmt.select_from(match).join(Patent, Patent.id == match.c.patent_id)
        score = match.c.score
    return _with_filters(stmt, query), score


def _with_filters(stmt: Select, query: SearchQuery) -> Select:
    if query.patent_type is not None:
        stmt = stmt.where(Patent.patent_type == query.patent_type)
    if query.ipc:
        column = Patent.ipc_section if len(query.ipc) == 1 else Patent.ipc_class
        stmt = stmt.where(column == query.ipc)
    if query.industry is not None:
        stmt = stmt.where(Patent.industry == query.industry)
    if query.university is not None:
        stmt = stmt.where(Patent.university_id == query.university)
    if query.legal_status is not None:
        stmt = stmt.where(Patent.legal_status == query.legal_status)
    if query.trl is not None:
        stmt = stmt.where(Patent.trl == query.trl)
    if query.plan_kind:
        stmt = stmt.where(Patent.offer_kind == query.plan_kind)
    if query.trial:
        stmt = stmt.where(Patent.offer_trial.is_(True))
    if query.price is not None:
        stmt = stmt.where(_price_condition(query.price))
    if query.zone is not None:
        from marketplace.zones.models import ZonePatent

        stmt = stmt.where(Patent.id.in_(select(ZonePatent.patent_id).where(ZonePatent.zone_id == query.zone)))
    return stmt


def _price_condition(band: int):
    """Patents whose offer's fixed fees fall in the price band."""
    bounds = dict(facet_key.PRICE_BANDS)
    lower = bounds.get(band - 1)
    upper = bounds[band]
    condition = Patent.offer_price_fen.is_not(None)
    if lower is not None:
        condition = condition & (Patent.offer_price_fen > lower)
    if upper is not None:
        condition = condition & (Patent.offer_price_fen <= upper)
    return condition


def _has_filters(query: SearchQuery) -> bool:
    return query.zone is not None or any(query.filter_value(facet) is not None for facet in FACETS)


def _page_fetcher(query: SearchQuery, backend, counts: _Counts) -> Callable[[int, int], list[Patent]]:
    """How to fetch one page of patents for the query (when its counts are estimated, its text matches
    more patents than are counted one by one, so relevance is ranked within the rank window, see
    `_windowed_fetcher`)."""
    groups = query_groups(query.q)
    if groups and query.sort == "relevance" and counts.estimated:
        return _windowed_fetcher(query, groups, backend, counts)
    if groups and query.sort == "relevance" and not _has_filters(query):
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
    stmt, score = _filtered(query, [Patent], ranked=query.sort == "relevance", backend=backend)
    ordered = _ordered(stmt, score, query.sort).options(selectinload(Patent.university))
    return lambda limit, offset: list(db.session.scalars(ordered.limit(limit).offset(offset)))


def _walk_is_cheaper(counts: _Counts, wanted: int) -> bool:
    """Whether reading patents in order until `wanted` of them match reads fewer documents than the
    index's matches are (from the sample: the share of patents that match and the catalogue's size)."""
    share = counts.total / max(counts.sample_rows, 1)
    return share > 0 and wanted / share < share * sample.scaled(counts.sample_rows, counts.buckets)


def _walking_fetcher(query: SearchQuery, groups, backend: PostgresBackend,
                     counts: _Counts) -> Callable[[int, int], list[Patent]]:
    """Newest or longest-term first through a large result set on PostgreSQL: when a walk is cheaper,
    patents are read in the sort's index order and each tested against the text, stopping at the page's
    end, instead of taking every match from the GIN index and sorting them."""

    def fetch(limit: int, offset: int) -> list[Patent]:
        walk = _walk_is_cheaper(counts, offset + limit)
        if walk:
            stmt = _with_filters(select(Patent).where(Patent.archived.is_(False),
                                                      backend.contains(Patent.id, groups)), query)
            score = None
        else:
            stmt, score = _filtered(query, [Patent], ranked=False, backend=backend)
        stmt = _ordered(stmt, score, query.sort).options(selectinload(Patent.university))
        with backend.walking(db.session) if walk else nullcontext():
            return list(db.session.scalars(stmt.limit(limit).offset(offset)))

    return fetch


WINDOW = 500  # default of SEARCH_RANK_WINDOW


def _windowed_fetcher(query: SearchQuery, groups, backend,
                      counts: _Counts) -> Callable[[int, int], list[Patent]]:
    """Relevance for a result set too large to rank on every request: the newest `SEARCH_RANK_WINDOW`
    matches (highest ids, the filters applied) are ranked first, by the same score as a full ranking,
    then every other match, ranked. A page inside the window ranks only the window's documents, so its
    cost does not grow with the catalogue; a page past it ranks every match, in the same order."""
    size = current_app.config.get("SEARCH_RANK_WINDOW", WINDOW)
    walk = _walk_is_cheaper(counts, size)

    def restrict(stmt: Select, patent_id) -> Select:
        if not _has_filters(query):
            return stmt
        return _with_filters(stmt.join(Patent, Patent.id == patent_id), query)

    def fetch(limit: int, offset: int) -> list[Patent]:
        window = backend.window(groups, size, restrict, walk=walk)
        inside = offset + limit <= size
        if inside:
            stmt = (select(Patent).join(window, window.c.patent_id == Patent.id)
                    .order_by(window.c.score, Patent.id.desc()))
        else:
            stmt, score = _filtered(query, [Patent], backend=backend)
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


CACHE_SIZE = 1024
CACHE_SECONDS = 60
Counted = tuple[dict[str, dict[Any, int]], int]  # per-facet counts (facet_key.count_facets) and total


@dataclass(frozen=True)
class _Counts:
    """What a query's counting found: per-facet counts and total, and whether they are the sample's
    (then `buckets` is the sample's setting they were drawn with)."""

    counted: dict[str, dict[Any, int]]
    total: int
    estimated: bool = False
    buckets: int = sample.BUCKETS
    sample_rows: int = 0  # how many patents the sample held (estimates only)


def _revision() -> Any:
    """The catalogue's revision: the latest `updated_at` (every write to a patent, its text, offer or
    facets, moves it); one index look-up."""
    return db.session.scalar(select(func.max(Patent.updated_at)))


def _remembered(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept per application for CACHE_SECONDS under `key` (which holds the revision), so
    a query asked again within the minute costs nothing more; the minute also bounds how long a write
    committed out of timestamp order can go unseen. The least recently used of CACHE_SIZE go first."""
    return remembered("catalogue_facet_cache", key, compute, CACHE_SECONDS, CACHE_SIZE)


def _counts(query: SearchQuery, backend, revision: Any) -> _Counts:
    """The counts of the query's result set, remembered under the revision. A zone's curation changes
    without moving any patent's revision: zone queries are counted afresh."""
    if query.zone is not None:
        return _count_now(query, backend)
    normalised = replace(query, q=query.q if query_groups(query.q) else "", sort="relevance", page=1)
    return _remembered(("counts", revision, normalised), lambda: _count_now(query, backend))


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

        wanted = _remembered(("page", revision, query, limit, offset), ids)
        if found:
            return found
        loaded = {patent.id: patent for patent in db.session.scalars(
            select(Patent).where(Patent.id.in_(wanted)).options(joinedload(Patent.university)))}
        return [loaded[patent_id] for patent_id in wanted if patent_id in loaded]

    return fetch_remembered


def catalogue_size() -> int:
    """How many patents the catalogue shows (not archived): the landing page's total, remembered."""
    return _counts(SearchQuery(), _backend(), _revision()).total


def _count_now(query: SearchQuery, backend) -> _Counts:
    if _is_large(query, backend):
        counted, total = _count(query, backend, sample_only=True)
        return _Counts(counted, total, estimated=True, buckets=sample.current_buckets(db.session),
                       sample_rows=backend.sample_rows(db.session))
    return _Counts(*_count(query, backend))


def _count(query: SearchQuery, backend, sample_only: bool = False) -> Counted:
    """Per-facet counts and total of the result set (`sample_only`: of its part in the sample). One
    statement: the result set grouped by facet key, then each facet's part of the key summed up."""
    columns = [Patent.facet_key.label("k"), func.count().label("n")]
    if query_groups(query.q) or query.zone is not None:
        stmt, _ = _filtered(query, columns, ranked=False, sample_only=sample_only, backend=backend)
    else:
        # No text: the filters are read off the facet key, so the key's index alone is scanned.
        stmt = select(*columns).where(Patent.archived.is_(False), *facet_key.part_conditions(
            Patent.facet_key, patent_type=query.patent_type, ipc=query.ipc, industry=query.industry,
            university=query.university, legal_status=query.legal_status, trl=query.trl,
            plan_kind=query.plan_kind, trial=query.trial, price=query.price))
    grouped = stmt.group_by(Patent.facet_key).cte("facet_groups").prefix_with("MATERIALIZED")
    parts = facet_key.part_expressions(grouped.c.k)
    if isinstance(backend, PostgresBackend):
        # One pass over the groups summing every facet at once (grouping sets); each row carries one
        # facet's part, the others NULL (no part is ever NULL itself).
        per_facet = (select(*parts, func.sum(grouped.c.n))
                     .group_by(func.grouping_sets(*(tuple_(part) for part in parts))))
        rows = ((index, part, row[-1]) for row in db.session.execute(per_facet)
                for index, part in enumerate(row[:-1]) if part is not None)
    else:
        per_facet = union_all(*(select(literal_column(str(index)), part, func.sum(grouped.c.n)).group_by(part)
                                for index, part in enumerate(parts)))
        rows = db.session.execute(per_facet).tuples()
    counted = facet_key.counts_from_parts(rows)
    return counted, sum(counted["patent_type"].values())


def _is_large(query: SearchQuery, backend) -> bool:
    """Whether the query's text matches more patents than are counted one by one."""
    groups = query_groups(query.q)
    if not groups or query.zone is not None:
        return False  # a zone's few dozen patents are always counted
    limit = current_app.config.get("SEARCH_EXACT_LIMIT", EXACT_LIMIT)
    return backend.count_capped(db.session, groups, limit + 1) > limit


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
    revision = _revision()
    counts = _counts(query, backend, revision)
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

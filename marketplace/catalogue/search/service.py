"""Answering a catalogue query: matching, filters, facet counts, sorting, one page of results.

Each search runs two statements: the page of patents, and one statement that counts the result set
grouped by its packed facet key (one integer per patent holding every facet value, see
`catalogue/facet_key.py`; no ranking); the per-facet counts and the total are summed from those
groups in Python.

Without a text query the groups depend only on the filters and on the catalogue, so they are kept
per application, keyed by the filters and the catalogue's revision (the latest `updated_at`: every
write to a patent moves it). The catalogue's landing page then costs two index look-ups.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from marketplace.catalogue import facet_key
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search.backends import backend_for
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
    facets: dict[str, list[FacetValue]]
    terms: list[str]


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
        return self._total


def _filtered(query: SearchQuery, columns, ranked: bool = True) -> tuple[Select, Any]:
    """SELECT `columns` of matching, filtered patents, and the score column when text was given."""
    groups = query_groups(query.q)
    stmt = select(*columns).where(Patent.archived.is_(False))
    score = None
    if groups:
        match = backend_for(db.session.get_bind().dialect.name).match(groups, ranked)
        stmt = stmt.select_from(match).join(Patent, Patent.id == match.c.patent_id)
        score = match.c.score
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
    return stmt, score


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


def _page_fetcher(query: SearchQuery) -> Callable[[int, int], list[Patent]]:
    """How to fetch one page of patents for the query."""
    groups = query_groups(query.q)
    if groups and query.sort == "relevance" and not _has_filters(query):
        # Rank inside the full-text index and join only the page's rows. Archived patents are
        # never in the index, so nothing else needs checking.
        match = backend_for(db.session.get_bind().dialect.name).match(groups)

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
    stmt, score = _filtered(query, [Patent])
    ordered = _ordered(stmt, score, query.sort).options(selectinload(Patent.university))
    return lambda limit, offset: list(db.session.scalars(ordered.limit(limit).offset(offset)))


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


CACHE_SIZE = 256


def _facet_groups(query: SearchQuery) -> list[tuple[int, int]]:
    """The result set grouped by facet key: (key, count) rows."""
    if query_groups(query.q) or query.zone is not None:
        # A zone's curation changes without moving any patent's revision: count afresh.
        return _count_groups(query)
    cache: OrderedDict = current_app.extensions.setdefault("catalogue_facet_cache", OrderedDict())
    key = (db.session.scalar(select(func.max(Patent.updated_at))),
           replace(query, q="", sort="relevance", page=1))
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    groups = cache[key] = _count_groups(query)
    if len(cache) > CACHE_SIZE:
        cache.popitem(last=False)
    return groups


def _count_groups(query: SearchQuery) -> list[tuple[int, int]]:
    """(facet key, count) rows of the result set."""
    stmt, _ = _filtered(query, [Patent.facet_key, func.count()], ranked=False)
    return [tuple(row) for row in db.session.execute(stmt.group_by(Patent.facet_key)).tuples()]


def _facets(query: SearchQuery, groups, labels: dict[str, Any]) -> dict[str, list[FacetValue]]:
    """Per-facet values with counts, most frequent first; the selected value marked."""
    counted = facet_key.count_facets(groups)
    counted["ipc"] = counted["ipc_class"] if query.ipc else counted["ipc_section"]
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        selected = query.filter_value(facet)
        label_of = labels.get(facet, {})
        facets[facet] = sorted(
            (FacetValue(value, str(label_of.get(value, value)), count,
                        selected is not None and str(value) == str(selected))
             for value, count in counted[facet].items()),
            key=lambda v: (-v.count, str(v.value)),
        )
    return facets


def search(query: SearchQuery, labels: dict[str, Any] | None = None) -> SearchResult:
    """Run a catalogue query. `labels` maps facet -> {value: display name} (universities added here)."""
    labels = dict(labels or {})
    labels["university"] = dict(db.session.execute(select(University.id, University.name)).all())
    groups = _facet_groups(query)
    total = sum(count for _, count in groups)
    page = _CountedPage(_page_fetcher(query), total, query.page, PER_PAGE)
    return SearchResult(query, page, _facets(query, groups, labels), highlight_terms(query.q))


def patents_matching_any(phrases: list[str], limit: int = 500) -> list[int]:
    """Ids of patents whose title, abstract or keywords match at least one of `phrases` (each phrase
    matched as a catalogue query would match it), at most `limit` per phrase."""
    found: dict[int, None] = {}
    backend = backend_for(db.session.get_bind().dialect.name)
    for phrase in phrases:
        groups = query_groups(phrase)
        if groups:
            match = backend.match(groups, ranked=False)
            found.update(dict.fromkeys(db.session.scalars(select(match.c.patent_id).limit(limit))))
    return list(found)

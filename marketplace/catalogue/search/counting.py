"""Counting a catalogue query's result set: its total and every facet's counts, in one statement, kept
per application for a minute under the catalogue's revision.

The result set is grouped by its packed facet key (one integer per patent holding every facet value,
see `catalogue/facet_key.py`; no ranking), then each facet's bits of the key summed, so a few hundred
(facet, value, count) rows come back however large the result set. On PostgreSQL a text query's
matches are grouped by the key their index rows carry, without joining the patent table.

A query (text, filters or both) whose result set holds more patents than the exact limit
(`SEARCH_EXACT_LIMIT`: plain from the sample's count, or found by counting a text's matches in the
index no further than it) is not counted patent by patent: its groups come from the same query on the
index's sample (`sample.py`), scaled up, and its counts say they are estimates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from sqlalchemy import func, literal_column, select, tuple_, union_all

from marketplace.app_memory import remembered as remembered_in_app
from marketplace.catalogue import facet_key
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search import sample
from marketplace.catalogue.search.backends import PostgresBackend
from marketplace.catalogue.search.filters import filtered, has_filters, key_conditions
from marketplace.catalogue.search.query import SearchQuery
from marketplace.core.search_tokens import query_groups
from marketplace.extensions import db

EXACT_LIMIT = 2000  # default of SEARCH_EXACT_LIMIT
# A sample whose scaled count is over this many times the limit is taken as a large result set without
# counting the index: with the sample's fewest rows (2,048) a result set of exactly the limit reaches
# twice it in the sample's count about once in fifty times at 1,000,000 patents, and is then shown with
# estimated counts (约) and ranked in the window, as a larger one would be.
SURELY_LARGE = 2
CACHE_SIZE = 1024
CACHE_SECONDS = 60
Counted = tuple[dict[str, dict[Any, int]], int]  # per-facet counts (facet_key.count_facets) and total


@dataclass(frozen=True)
class Counts:
    """What a query's counting found: per-facet counts and total, and whether they are the sample's
    (then `buckets` is the sample's setting they were drawn with)."""

    counted: dict[str, dict[Any, int]]
    total: int
    estimated: bool = False
    buckets: int = sample.BUCKETS
    sample_rows: int = 0  # how many patents the sample held (estimates only)


def revision() -> Any:
    """The catalogue's revision: the latest `updated_at` (every write to a patent, its text, offer or
    facets, moves it); one index look-up."""
    return db.session.scalar(select(func.max(Patent.updated_at)))


def remembered(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept per application for CACHE_SECONDS under `key` (which holds the revision), so
    a query asked again within the minute costs nothing more; the minute also bounds how long a write
    committed out of timestamp order can go unseen. The least recently used of CACHE_SIZE go first."""
    return remembered_in_app("catalogue_facet_cache", key, compute, CACHE_SECONDS, CACHE_SIZE)


def counts(query: SearchQuery, backend, at_revision: Any) -> Counts:
    """The counts of the query's result set, remembered under the revision. A zone's curation changes
    without moving any patent's revision: zone queries are counted afresh."""
    if query.zone is not None:
        return count_now(query, backend)
    normalised = replace(query, q=query.q if query_groups(query.q) else "", sort="relevance", page=1)
    return remembered(("counts", at_revision, normalised), lambda: count_now(query, backend))


def count_now(query: SearchQuery, backend) -> Counts:
    """The counts of the query's result set, counted now: from the sample when the result set is larger
    than the exact limit. The sample is counted first; when it alone shows the result set to be well over
    the limit (SURELY_LARGE times it), nothing more is counted; when the sample is the whole catalogue
    (a small one), its count within the limit is the exact count. Otherwise a text query's matches are
    counted in the index no further than the limit: that costs PostgreSQL the GIN index's whole list of
    matches (45 ms for 'sensor' at 1,000,000 patents), and a filter alone reads every patent's key."""
    groups = query_groups(query.q)
    if query.zone is not None or not (groups or has_filters(query)):
        # A zone's few dozen patents are always counted; so is the whole catalogue (remembered).
        return Counts(*_count(query, backend))
    limit = current_app.config.get("SEARCH_EXACT_LIMIT", EXACT_LIMIT)
    counted, total = _count(query, backend, sample_only=True)
    buckets = sample.current_buckets(db.session)
    if buckets >= sample.BUCKETS and total <= limit:
        return Counts(counted, total)  # the sample holds every patent (a small catalogue): this is the count
    if (sample.scaled(total, buckets) > SURELY_LARGE * limit
            or (groups and backend.count_capped(db.session, groups, limit + 1) > limit)):
        return Counts(counted, total, estimated=True, buckets=buckets,
                      sample_rows=backend.sample_rows(db.session))
    return Counts(*_count(query, backend))


def _grouped_by_key(query: SearchQuery, backend, sample_only: bool):
    """The result set as (k: facet key, n: patents) groups, a materialized common table expression."""
    groups = query_groups(query.q)
    key, count = "k", "n"
    if isinstance(backend, PostgresBackend) and (groups or sample_only) and query.zone is None:
        # The index rows carry the key: the matches are grouped without the patent table.
        table = backend.table(sample=sample_only)
        matching = [backend.matches(table, groups)] if groups else []
        stmt = (select(table.c.facet_key.label(key), func.count().label(count))
                .where(*matching, *key_conditions(query, table.c.facet_key, table.c.patent_id))
                .group_by(table.c.facet_key))
    elif groups or query.zone is not None:
        stmt, _ = filtered(query, [Patent.facet_key.label(key), func.count().label(count)], backend,
                           ranked=False, sample_only=sample_only)
        stmt = stmt.group_by(Patent.facet_key)
    else:
        # No text: the filters are read off the facet key, so the key's index alone is scanned (the
        # sample's patents only, when `sample_only`).
        in_sample = [Patent.id.in_(backend.sample_ids())] if sample_only else []
        stmt = (select(Patent.facet_key.label(key), func.count().label(count))
                .where(Patent.archived.is_(False), *in_sample,
                       *key_conditions(query, Patent.facet_key, Patent.id))
                .group_by(Patent.facet_key))
    return stmt.cte("facet_groups").prefix_with("MATERIALIZED")


def _count(query: SearchQuery, backend, sample_only: bool = False) -> Counted:
    """Per-facet counts and total of the result set (`sample_only`: of its part in the sample). One
    statement: the result set grouped by facet key, then each facet's part of the key summed up."""
    grouped = _grouped_by_key(query, backend, sample_only)
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

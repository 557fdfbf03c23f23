"""A catalogue query's filters as SQL: on the patent table's columns, or on a packed facet key (the
patent's, or the one each PostgreSQL index row carries, see `catalogue/facet_key.py`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from marketplace.catalogue import facet_key
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search.query import FACETS, SearchQuery
from marketplace.core.search_tokens import query_groups


def filtered(query: SearchQuery, columns, backend, ranked: bool = True,
             sample_only: bool = False) -> tuple[Select, Any]:
    """SELECT `columns` of matching, filtered patents, and the score column when text was given
    (`sample_only`: patents of the index's sample only)."""
    groups = query_groups(query.q)
    stmt = select(*columns).where(Patent.archived.is_(False))
    score = None
    if groups:
        match = backend.match(groups, ranked, sample=sample_only)
        stmt = stmt.select_from(match).join(Patent, Patent.id == match.c.patent_id)
        score = match.c.score
    return with_filters(stmt, query), score


def with_filters(stmt: Select, query: SearchQuery) -> Select:
    """`stmt` (over the patent table) keeping the patents the query's filters and zone allow."""
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
    return stmt.where(*zone_condition(query, Patent.id))


def key_conditions(query: SearchQuery, key, patent_id) -> list[Any]:
    """The query's filters as conditions on a facet key column, and its zone on the patent id column of
    the same rows: what `with_filters` keeps, read without the patent table."""
    return [*facet_key.part_conditions(
        key, patent_type=query.patent_type, ipc=query.ipc, industry=query.industry,
        university=query.university, legal_status=query.legal_status, trl=query.trl,
        plan_kind=query.plan_kind, trial=query.trial, price=query.price), *zone_condition(query, patent_id)]


def zone_condition(query: SearchQuery, patent_id) -> list[Any]:
    """The condition that the patent is curated into the query's zone (none without a zone)."""
    if query.zone is None:
        return []
    from marketplace.zones.models import ZonePatent

    return [patent_id.in_(select(ZonePatent.patent_id).where(ZonePatent.zone_id == query.zone))]


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


def has_filters(query: SearchQuery) -> bool:
    """Whether the query narrows the catalogue by a facet or a zone."""
    return query.zone is not None or any(query.filter_value(facet) is not None for facet in FACETS)

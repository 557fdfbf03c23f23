"""Answering a catalogue query: matching, filters, facet counts, sorting, one page of results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

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
    """A page of patents (with their scores), the facets of the whole result set, and terms to mark."""

    query: SearchQuery
    page: Pagination
    facets: dict[str, list[FacetValue]]
    terms: list[str]


def _filtered(query: SearchQuery) -> tuple[Select, Any]:
    """SELECT of matching, filtered patents (with a score column when there is a text query)."""
    groups = query_groups(query.q)
    stmt = select(Patent).where(Patent.archived.is_(False))
    score = None
    if groups:
        match = backend_for(db.session.get_bind().dialect.name).match(groups)
        stmt = stmt.join(match, match.c.patent_id == Patent.id)
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
    return stmt, score


def _ordered(stmt: Select, score, sort: str) -> Select:
    if sort == "relevance" and score is not None:
        return stmt.order_by(score, Patent.id.desc())
    if sort == "expiry":
        return stmt.order_by(Patent.expiry_date.desc(), Patent.id.desc())
    return stmt.order_by(Patent.grant_date.desc().nulls_last(), Patent.id.desc())


def _facet_column(query: SearchQuery, facet: str):
    if facet == "ipc":  # sections at first; the classes of a section once one is chosen
        return Patent.ipc_class if query.ipc else Patent.ipc_section
    return {
        "patent_type": Patent.patent_type, "industry": Patent.industry,
        "university": Patent.university_id, "legal_status": Patent.legal_status, "trl": Patent.trl,
    }[facet]


def facet_counts(stmt: Select, query: SearchQuery, labels: dict[str, Any]) -> dict[str, list[FacetValue]]:
    """Counts per value of every facet over the result set `stmt`."""
    ids = stmt.with_only_columns(Patent.id).order_by(None).subquery()
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        column = _facet_column(query, facet)
        counts = select(column, func.count()).join(ids, ids.c.id == Patent.id).where(column.is_not(None))
        if facet == "ipc":
            counts = counts.where(column != "")
            if query.ipc:
                counts = counts.where(Patent.ipc_section == query.ipc[0])
        rows = db.session.execute(counts.group_by(column).order_by(func.count().desc(), column)).all()
        selected = query.filter_value(facet)
        label_of = labels.get(facet, {})
        facets[facet] = [
            FacetValue(value, str(label_of.get(value, value)), count,
                       selected is not None and str(value) == str(selected))
            for value, count in rows
        ]
    return facets


def search(query: SearchQuery, labels: dict[str, Any] | None = None) -> SearchResult:
    """Run a catalogue query. `labels` maps facet -> {value: display name} (universities added here)."""
    labels = dict(labels or {})
    stmt, score = _filtered(query)
    page = db.paginate(
        _ordered(stmt, score, query.sort), page=query.page, per_page=PER_PAGE, error_out=False,
    )
    labels["university"] = dict(db.session.execute(select(University.id, University.name)).all())
    return SearchResult(query, page, facet_counts(stmt, query, labels), highlight_terms(query.q))

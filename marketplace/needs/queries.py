"""Lists of needs: the public list with search and facet counts, and an enterprise's own needs.

The public list holds live needs (open or in talks) the visitor may read (`services.may_read`'s rule,
written as SQL). Search words must all be found, each in the title, the description or the keywords
(a substring match, so one or two Chinese characters work; LIKE's wildcards typed are taken literally).
Facet counts are over the whole filtered result, counted in one grouped statement.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, true

from marketplace.accounts.models import Role
from marketplace.catalogue.labels import INDUSTRY_LABELS
from marketplace.catalogue.search.service import FacetValue
from marketplace.core.need_budget import BAND_CEILINGS, BudgetBand
from marketplace.core.need_input import like_pattern, search_words
from marketplace.core.need_state import LIVE, NeedStatus, NeedVisibility
from marketplace.extensions import db
from marketplace.needs.filters import NeedFilters
from marketplace.needs.labels import ANY_PLAN, BUDGET_BAND_LABELS, PLAN_FACET_LABELS, STATUS_LABELS
from marketplace.needs.models import Need
from marketplace.pagination import paginate


@dataclass(frozen=True)
class NeedList:
    """A page of needs, the facets of the whole result and the search words."""

    page: Pagination
    facets: dict[str, list[FacetValue]]
    words: list[str]


def readable_clause(user) -> ColumnElement[bool]:
    """SQL for "`user` may read this need" (anonymous visitors included)."""
    if getattr(user, "is_authenticated", False):
        if user.role in (Role.UNIVERSITY_STAFF, Role.ADMIN):
            return true()
        if user.role == Role.ENTERPRISE_USER and user.enterprise_id is not None:
            return or_(Need.visibility == NeedVisibility.PUBLIC, Need.enterprise_id == user.enterprise_id)
    return Need.visibility == NeedVisibility.PUBLIC


def _band_column():
    top = func.coalesce(Need.budget_max_fen, Need.budget_min_fen)
    return case((top.is_(None), int(BudgetBand.NOT_STATED)),
                *((top <= ceiling, int(band)) for band, ceiling in BAND_CEILINGS),
                else_=int(BudgetBand.ABOVE_100_WAN))


def _plan_clause(plan_kind: str) -> ColumnElement[bool]:
    if plan_kind == ANY_PLAN:
        return Need.plan_kinds == ""
    return (literal(",") + Need.plan_kinds + literal(",")).like(f"%,{plan_kind},%")


def _text_clause(words: list[str]) -> ColumnElement[bool]:
    return and_(*(or_(*(column.ilike(like_pattern(word), escape="\\")
                        for column in (Need.title, Need.description, Need.keywords)))
                  for word in words))


def _filtered(user, filters: NeedFilters, words: list[str]) -> list[ColumnElement[bool]]:
    clauses = [Need.status.in_(list(LIVE)), readable_clause(user)]
    if words:
        clauses.append(_text_clause(words))
    if filters.status is not None:
        clauses.append(Need.status == filters.status)
    if filters.industry is not None:
        clauses.append(Need.industry == filters.industry)
    if filters.region:
        clauses.append(Need.region == filters.region)
    if filters.plan_kind:
        clauses.append(_plan_clause(filters.plan_kind))
    if filters.budget is not None:
        clauses.append(_band_column() == int(filters.budget))
    return clauses


def _facets(clauses: list[ColumnElement[bool]], filters: NeedFilters) -> dict[str, list[FacetValue]]:
    band = _band_column().label("band")
    rows = db.session.execute(
        select(Need.status, Need.industry, Need.region, Need.plan_kinds, band, func.count())
        .where(*clauses).group_by(Need.status, Need.industry, Need.region, Need.plan_kinds, band)).all()
    counts: dict[str, Counter] = {facet: Counter() for facet in ("status", "industry", "region",
                                                                  "plan_kind", "budget")}
    for status, industry, region, plan_kinds, band_value, count in rows:
        counts["status"][status] += count
        if industry is not None:
            counts["industry"][industry] += count
        if region:
            counts["region"][region] += count
        for kind in [k for k in plan_kinds.split(",") if k] or [ANY_PLAN]:
            counts["plan_kind"][kind] += count
        counts["budget"][band_value] += count
    labels = {"status": STATUS_LABELS, "industry": INDUSTRY_LABELS, "plan_kind": PLAN_FACET_LABELS,
              "budget": BUDGET_BAND_LABELS}

    def values(facet: str, order: list) -> list[FacetValue]:
        selected = filters.filter_value(facet)
        return [FacetValue(value, str(labels[facet][value]) if facet in labels else str(value),
                           counts[facet][value], value == selected)
                for value in order if counts[facet][value]]

    regions = sorted(counts["region"], key=lambda region: (-counts["region"][region], region))
    return {
        "status": values("status", [NeedStatus.OPEN, NeedStatus.IN_TALKS]),
        "industry": values("industry", list(INDUSTRY_LABELS)),
        "region": values("region", regions),
        "plan_kind": values("plan_kind", [k for k in PLAN_FACET_LABELS if k in counts["plan_kind"]]),
        "budget": values("budget", [int(band) for band in BudgetBand]),
    }


def visible_needs(user, filters: NeedFilters) -> NeedList:
    """A page of the live needs `user` may read that match `filters`, newest first, with facet counts."""
    words = search_words(filters.q)
    clauses = _filtered(user, filters, words)
    stmt = select(Need).where(*clauses).order_by(Need.created_at.desc(), Need.id.desc())
    return NeedList(paginate(stmt), _facets(clauses, filters), words)


def enterprise_needs(enterprise_id: int, status: NeedStatus | None = None) -> Pagination:
    """A page of the enterprise's needs of every status (or of `status`), newest first."""
    stmt = select(Need).where(Need.enterprise_id == enterprise_id)
    if status is not None:
        stmt = stmt.where(Need.status == status)
    return paginate(stmt.order_by(Need.created_at.desc(), Need.id.desc()))


def status_counts(enterprise_id: int) -> dict[NeedStatus, int]:
    """How many needs the enterprise has in each status (every status present, zero included)."""
    stmt = (select(Need.status, func.count()).where(Need.enterprise_id == enterprise_id)
            .group_by(Need.status))
    found = dict(db.session.execute(stmt).tuples().all())
    return {status: found.get(status, 0) for status in NeedStatus}


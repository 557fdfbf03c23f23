"""What a visitor asked of the needs list: search text, facet filters and page. Bad values are dropped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from marketplace.core.input_text import parse_ascii_int
from marketplace.core.need_budget import BudgetBand
from marketplace.core.need_state import LIVE, NeedStatus
from marketplace.core.patent_fields import Industry
from marketplace.edge.query import MAX_PAGE
from marketplace.needs.labels import PLAN_FACET_LABELS
from marketplace.needs.models import Need

MAX_Q = 200
REGION_MAX = Need.region.type.length
FACETS = ("status", "industry", "region", "plan_kind", "budget")


@dataclass(frozen=True)
class NeedFilters:
    """The list's search text and filters (each None or "" when not set)."""

    q: str = ""
    status: NeedStatus | None = None
    industry: Industry | None = None
    region: str = ""
    plan_kind: str = ""  # a wanted plan kind, or "any" for needs that accept every kind
    budget: BudgetBand | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> NeedFilters:
        """Read the filters from URL arguments, ignoring anything malformed."""
        status = _enum(NeedStatus, args.get("status"))
        band = parse_ascii_int(args.get("budget"), min(BudgetBand), max(BudgetBand))
        region = (args.get("region") or "").strip()
        plan_kind = args.get("plan_kind") or ""
        return cls(
            q=(args.get("q") or "").strip()[:MAX_Q],
            status=status if status in LIVE else None,
            industry=_enum(Industry, args.get("industry")),
            region=region if len(region) <= REGION_MAX else "",
            plan_kind=plan_kind if plan_kind in PLAN_FACET_LABELS else "",
            budget=BudgetBand(band) if band is not None else None,
            page=parse_ascii_int(args.get("page"), 1, MAX_PAGE) or 1,
        )

    def to_args(self, **changes) -> dict[str, str]:
        """URL arguments for these filters with `changes` applied (None removes a filter); page resets."""
        filters = replace(self, page=1) if "page" not in changes else self
        values = {"q": filters.q, "status": filters.status, "industry": filters.industry,
                  "region": filters.region, "plan_kind": filters.plan_kind,
                  "budget": int(filters.budget) if filters.budget is not None else None,
                  "page": filters.page}
        values.update(changes)
        return {key: str(value) for key, value in values.items()
                if value not in (None, "") and not (key == "page" and value == 1)}

    def filter_value(self, facet: str):
        """The selected value of a facet (None when not filtered)."""
        return {"status": self.status, "industry": self.industry, "region": self.region or None,
                "plan_kind": self.plan_kind or None,
                "budget": int(self.budget) if self.budget is not None else None}[facet]


def _enum(cls, raw):
    try:
        return cls(raw) if raw else None
    except ValueError:
        return None

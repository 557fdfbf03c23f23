"""What the matching engine reads of a need: its words, field, budget and wanted plan kinds.

A plain value, so the engine, the evaluation set and the benchmark can rank patents for a need that is
not (or not yet) a row in the database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeedQuery:
    """A need as the matcher sees it. `industry` is a core.patent_fields.Industry value or None;
    `plan_kinds` are core.pricing.PlanKind values (empty: any kind); budgets are in fen."""

    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    industry: str | None = None
    budget_min_fen: int | None = None
    budget_max_fen: int | None = None
    plan_kinds: tuple[str, ...] = ()

    @classmethod
    def of(cls, need) -> NeedQuery:
        """The query for a stored need (a needs.models.Need)."""
        return cls(
            title=need.title or "",
            description=need.description or "",
            keywords=tuple(need.keyword_list),
            industry=str(need.industry) if need.industry else None,
            budget_min_fen=need.budget_min_fen,
            budget_max_fen=need.budget_max_fen,
            plan_kinds=tuple(need.plan_kind_list),
        )

"""Budget bands of needs, for the list's facet: what the enterprise says it can pay at most.

A need's band is read from its maximum, or its minimum when only that is given; a need without a
budget is in the "not stated" band. Amounts are fen.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

WAN_FEN = 10_000 * 100  # 1 万元 in fen


class BudgetBand(IntEnum):
    """The facet's bands, in increasing order."""

    NOT_STATED = 1
    UP_TO_10_WAN = 2
    UP_TO_50_WAN = 3
    UP_TO_100_WAN = 4
    ABOVE_100_WAN = 5


# Upper bounds (inclusive, fen) of the bands that have one.
BAND_CEILINGS: tuple[tuple[BudgetBand, int], ...] = (
    (BudgetBand.UP_TO_10_WAN, 10 * WAN_FEN),
    (BudgetBand.UP_TO_50_WAN, 50 * WAN_FEN),
    (BudgetBand.UP_TO_100_WAN, 100 * WAN_FEN),
)


def budget_band(budget_min_fen: int | None, budget_max_fen: int | None) -> BudgetBand:
    """The band of a need's budget (see the module's docstring)."""
    top = budget_max_fen if budget_max_fen is not None else budget_min_fen
    if top is None:
        return BudgetBand.NOT_STATED
    for band, ceiling in BAND_CEILINGS:
        if top <= ceiling:
            return band
    return BudgetBand.ABOVE_100_WAN


class BudgetProblem(StrEnum):
    """Why a budget range is refused."""

    NEGATIVE = "negative"
    MIN_ABOVE_MAX = "min_above_max"


def budget_problem(budget_min_fen: int | None, budget_max_fen: int | None) -> BudgetProblem | None:
    """Why a budget range is refused, or None when it is fine (either end may be left open)."""
    if any(value is not None and value < 0 for value in (budget_min_fen, budget_max_fen)):
        return BudgetProblem.NEGATIVE
    if budget_min_fen is not None and budget_max_fen is not None and budget_min_fen > budget_max_fen:
        return BudgetProblem.MIN_ABOVE_MAX
    return None

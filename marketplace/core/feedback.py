"""Feedback reasons (反馈原因): why a meeting was declined, a match was not relevant, or a need found no fit.

One list for meetings, matches and needs (domain.md); "other" carries a text of its own.
"""

from __future__ import annotations

from enum import StrEnum


class FeedbackReason(StrEnum):
    """A reason from the feedback list."""

    TOO_EARLY = "too_early"
    BENEFIT_UNCLEAR = "benefit_unclear"
    ROUTE_TO_MARKET_UNCLEAR = "route_to_market_unclear"
    PRICE_OR_TERMS = "price_or_terms"
    NOT_OUR_FIELD = "not_our_field"
    NEEDS_MORE_DATA = "needs_more_data"
    SOLVED_ELSEWHERE = "solved_elsewhere"
    OTHER = "other"


def needs_text(reason: FeedbackReason | None) -> bool:
    """Whether the reason must be explained in words ("other")."""
    return reason is FeedbackReason.OTHER

"""Price guidance: the median and range of comparable offers' fees and royalty rates. No Flask here.

The inputs are whole numbers as stored (fen, or a royalty rate in millionths); the median of an even
count is the mean of the two middle values rounded half up to a whole unit, so it is exact in fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Spread:
    """The median, lowest and highest of `count` values (whole units)."""

    median: int
    low: int
    high: int
    count: int


def spread(values: list[int]) -> Spread | None:
    """The spread of the values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        median = ordered[middle]
    else:
        pair = Decimal(ordered[middle - 1] + ordered[middle]) / 2
        median = int(pair.to_integral_value(rounding=ROUND_HALF_UP))
    return Spread(median=median, low=ordered[0], high=ordered[-1], count=len(ordered))


def ipc_subclass(code: str) -> str:
    """The subclass of an IPC code (``C22C 38/00`` → ``C22C``), or "" when the code has none."""
    head = code.strip().upper()[:4]
    return head if len(head) == 4 and head[0].isalpha() and head[1:3].isdigit() and head[3].isalpha() else ""

"""How a benchmark ends: each bar it missed printed, and exit status 1 when it missed one, so that
`make bench` (which runs every benchmark whatever the others show) fails at the end."""

from __future__ import annotations

from collections.abc import Sequence


def finish(missed: Sequence[str]) -> None:
    """Print each missed bar and leave with status 1 when there is one; return when every bar was met."""
    for line in missed:
        print(f"MISSED: {line}")
    if missed:
        raise SystemExit(1)


def missed_below(name: str, value: float | None, bar: float) -> list[str]:
    """[a line] when `value` is above its upper `bar` (or was not measured), else []."""
    return [] if value is not None and value <= bar else [f"{name} {value} (bar ≤ {bar})"]


def missed_above(name: str, value: float | None, bar: float) -> list[str]:
    """[a line] when `value` is below its lower `bar` (or was not measured), else []."""
    return [] if value is not None and value >= bar else [f"{name} {value} (bar ≥ {bar})"]

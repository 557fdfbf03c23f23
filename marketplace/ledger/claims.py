"""Row claims for the job that moves time: each due row is taken by exactly one run.

`claimable` selects candidate ids with FOR UPDATE SKIP LOCKED on PostgreSQL (a second run skips rows
the first holds; SQLite has no row locks, but its writers queue on BEGIN IMMEDIATE), and every change
is then a compare-and-set UPDATE whose WHERE re-checks the state it leaves, so a row already moved by
another run is simply not returned. Work goes in chunks so a progress bar can follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import Select

from marketplace.extensions import db

CHUNK = 1000
AMONG_CHUNK = 8
Progress = Callable[[int], None]


def claimable(stmt: Select, *of) -> list[int]:
    """The ids `stmt` selects, locked for this run (skipping rows another run holds)."""
    return list(db.session.scalars(stmt.with_for_update(skip_locked=True, of=list(of) or None)))


def claimable_among(stmt: Select, column, ids: Sequence[int], *of) -> list[int]:
    """`claimable(stmt)` restricted to `column` IN `ids`, for candidates found first through an index the
    database would not otherwise start from. Taken in sorted chunks of `AMONG_CHUNK`: without statistics
    SQLite estimates an equality on an indexed column (such as a licence's status) at 10 rows, so it
    looks rows up by primary key only for fewer ids than that, and walks the whole status otherwise."""
    claimed: list[int] = []
    for chunk in chunks(sorted(ids), AMONG_CHUNK):
        claimed += claimable(stmt.where(column.in_(chunk)), *of)
    return claimed


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    """`ids` in slices of `size`."""
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def no_progress(_count: int) -> None:
    """A progress callback that ignores the count."""

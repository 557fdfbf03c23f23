"""Snapshots of figures that take a pass over a whole province's year to compute.

The administrator's province dashboard sums every university's licences, ledger and meetings of a year:
computed live that is most of a second at a province's scale, on every visit. A snapshot keeps the result
of one computation under its key (the scope and the day) with the instant it was computed; pages read it
while it is younger than the configured age and say when the figures were computed. The unique key makes
two computations at once harmless: the later one's upsert replaces the earlier one's row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime
from marketplace.extensions import db


class FiguresSnapshot(db.Model):
    """The figures computed for one key at one instant (JSON of integers and strings; money in fen)."""

    __tablename__ = "figures_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    payload: Mapped[dict] = mapped_column(JSON)

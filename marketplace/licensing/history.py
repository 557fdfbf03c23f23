"""A licence's history: each step recorded once under a natural key (licence, event, discriminator).

`record` writes one step (a second write of the same key is a no-op); `record_many` inserts steps in
bulk for the job that moves time, whose row claims already guarantee each step is new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.licensing.models import LicenceHistory


@dataclass(frozen=True)
class Step:
    """One step to record: `key` is unique across all licences (``licence:<id>:<kind>:<what>``)."""

    licence_id: int
    kind: str
    what: str
    business_date: date
    amount_fen: int | None = None
    detail: str = ""

    @property
    def key(self) -> str:
        """The step's natural key."""
        return f"licence:{self.licence_id}:{self.kind}:{self.what}"

    def row(self) -> dict:
        """The step as a row for a bulk insert."""
        return {"key": self.key, "licence_id": self.licence_id, "kind": self.kind,
                "business_date": self.business_date, "amount_fen": self.amount_fen,
                "detail": self.detail[:200], "recorded_at": utcnow()}


def record(step: Step) -> bool:
    """Record one step unless its key is already there; returns whether it was written."""
    if db.session.scalar(select(LicenceHistory.id).where(LicenceHistory.key == step.key)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.execute(insert(LicenceHistory), [step.row()])
    except IntegrityError:
        return False
    return True


def record_many(steps: Iterable[Step]) -> int:
    """Insert steps known to be new (claimed by the caller); returns how many."""
    rows = [step.row() for step in steps]
    if rows:
        db.session.execute(insert(LicenceHistory), rows)
    return len(rows)


def history_of(licence_id: int) -> list[LicenceHistory]:
    """A licence's steps, oldest first."""
    return list(db.session.scalars(select(LicenceHistory).where(LicenceHistory.licence_id == licence_id)
                                   .order_by(LicenceHistory.business_date, LicenceHistory.id)))

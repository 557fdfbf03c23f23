"""Snapshots of figures (see `snapshot_models`): the one stored under a key, whether it is young enough,
and storing a new one.

The age is the caller's: `max_age` zero means never young (compute every time). Snapshots older than two
days are removed when a new one is stored, so the table holds about one row per scope viewed lately.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from marketplace.extensions import db
from marketplace.matching.insert_once import upsert
from marketplace.policy.snapshot_models import FiguresSnapshot

KEEP_FOR = timedelta(days=2)  # older snapshots are removed when a new one is stored


@dataclass(frozen=True)
class Snapshot:
    """A payload and the instant it was computed."""

    payload: dict
    computed_at: datetime


def stored(key: str) -> Snapshot | None:
    """The snapshot stored under `key`, if any, whatever its age."""
    row = db.session.execute(select(FiguresSnapshot.payload, FiguresSnapshot.computed_at)
                             .where(FiguresSnapshot.key == key)).first()
    return Snapshot(row.payload, row.computed_at) if row else None


def store(key: str, payload: dict, now: datetime) -> Snapshot:
    """Store `payload` as computed at `now` under `key` (replacing what was there); flushes."""
    upsert(FiguresSnapshot.__table__, {"key": key, "computed_at": now, "payload": payload}, ["key"],
           ["computed_at", "payload"])
    db.session.execute(delete(FiguresSnapshot).where(FiguresSnapshot.computed_at < now - KEEP_FOR))
    return Snapshot(payload, now)


def young(found: Snapshot | None, now: datetime, max_age: timedelta) -> bool:
    """Whether `found` was computed within `max_age` before `now` (never, when `max_age` is zero)."""
    return found is not None and max_age > timedelta(0) and now - max_age <= found.computed_at <= now

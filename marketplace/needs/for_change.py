"""The need row taken for change: every read-then-write of a need's status goes through here."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.database import begin_writing
from marketplace.extensions import db
from marketplace.needs.models import Need


def need_for_change(need_id: int) -> Need | None:
    """The need, locked for the rest of the transaction and reloaded from the database (None if absent)."""
    begin_writing(db.session)
    return db.session.scalars(select(Need).where(Need.id == need_id).with_for_update()
                              .execution_options(populate_existing=True)).one_or_none()

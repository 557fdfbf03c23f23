"""The patent row taken for change: a change to a patent, or to the declarations of its terms, first
takes the patent (SELECT … FOR UPDATE on PostgreSQL; on SQLite the transaction is a writer from BEGIN
IMMEDIATE) and reloads it, so two requests changing the same patent's record or terms run one after
the other and the second sees what the first committed."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.database import begin_writing
from marketplace.extensions import db


def patent_for_change(patent_id: int) -> Patent | None:
    """The patent, locked for the rest of the transaction and reloaded (None when there is none)."""
    begin_writing(db.session)
    return db.session.scalars(select(Patent).where(Patent.id == patent_id).with_for_update()
                              .execution_options(populate_existing=True)).one_or_none()

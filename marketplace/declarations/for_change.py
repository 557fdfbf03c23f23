"""A declaration taken for change: its patent first (`catalogue.for_change`, the one lock every change
of a patent's terms takes, so drafting, publishing and withdrawing its versions are serialised), then
the declaration itself, reloaded. Two requests publishing the same draft at once therefore run one after
the other, and the second finds it published and is refused by the state machine."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.catalogue.for_change import patent_for_change
from marketplace.database import begin_writing
from marketplace.declarations.models import Declaration
from marketplace.extensions import db


def declaration_for_change(declaration_id: int) -> Declaration | None:
    """The declaration and its patent, both locked for the rest of the transaction and reloaded (None when
    there is no such declaration)."""
    begin_writing(db.session)
    patent_id = db.session.scalar(select(Declaration.patent_id).where(Declaration.id == declaration_id))
    if patent_id is None or patent_for_change(patent_id) is None:
        return None
    return db.session.scalars(select(Declaration).where(Declaration.id == declaration_id).with_for_update()
                              .execution_options(populate_existing=True)).one_or_none()

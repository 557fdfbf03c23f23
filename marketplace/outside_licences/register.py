"""Reading the register of outside licences: a patent's entries, and the last day of its exclusive or
sole licences that the legal bars look at (`declarations.services.patent_facts`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from marketplace.core.outside_licences import BARRING_KINDS, exclusive_licence_until
from marketplace.extensions import db
from marketplace.outside_licences.models import OutsideLicence


def entries_query(patent_id: int) -> Select:
    """The select() of a patent's entries, newest first, their early ends and recorders loaded."""
    return (select(OutsideLicence).where(OutsideLicence.patent_id == patent_id)
            .options(selectinload(OutsideLicence.early_end), selectinload(OutsideLicence.recorded_by))
            .order_by(OutsideLicence.id.desc()))


def barring_licence_until(patent_id: int, today: date) -> date | None:
    """The latest last day of the patent's recorded exclusive or sole licences that have not ended before
    `today` (early ends taken into account; one not yet begun counts), or None."""
    entries = db.session.scalars(
        select(OutsideLicence).where(OutsideLicence.patent_id == patent_id,
                                     OutsideLicence.kind.in_(BARRING_KINDS),
                                     OutsideLicence.ends_on >= today)
        .options(selectinload(OutsideLicence.early_end)))
    return exclusive_licence_until((entry.term() for entry in entries), today)

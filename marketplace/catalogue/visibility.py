"""Who may see a patent: everyone sees a patent in the catalogue; an archived one only its own university's
staff. The catalogue page, its attachments and the API ask here."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from marketplace.catalogue.models import Patent
from marketplace.extensions import db

# Built once: every patent page and attachment asks for it.
_PATENT_SHOWN = (select(Patent).where(Patent.id == bindparam("patent_id"))
                 .options(joinedload(Patent.university), joinedload(Patent.attachments)))


def visible_patent(patent_id: int, viewer_university_id: int | None) -> Patent | None:
    """The patent, when a viewer of that university (None: of none) may see it; None otherwise. Its
    university and attachments come in the same statement (every page showing it shows them)."""
    patent = db.session.execute(_PATENT_SHOWN, {"patent_id": patent_id}).unique().scalar_one_or_none()
    if patent is None:
        return None
    if patent.archived and viewer_university_id != patent.university_id:
        return None
    return patent

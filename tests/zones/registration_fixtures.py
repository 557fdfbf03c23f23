"""Helpers of the registration tests: curating a patent into a zone directly, and finding rows."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.zones.models import Zone, ZonePatent


def curate(zone_id: int, patent_id: int) -> None:
    """Put an offered patent into a zone, on its declaration (inside an app context; flushes)."""
    declaration = db.session.scalars(select(Declaration).where(Declaration.patent_id == patent_id)
                                     .order_by(Declaration.id.desc())).first()
    zone = db.session.get(Zone, zone_id)
    db.session.add(ZonePatent(zone_id=zone_id, patent_id=patent_id, declaration_id=declaration.id,
                              university_id=declaration.university_id, added_by_id=zone.organiser_id))
    db.session.flush()


def user(email: str) -> User:
    """The user with `email`."""
    return db.session.scalars(select(User).where(User.email == email)).one()

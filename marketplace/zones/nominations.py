"""Nominations: IP-centre staff propose their university's offered patents for a published or running
zone; the zone's organiser accepts (the patent is curated) or declines with a reason.

The database keeps one pending nomination per zone and patent (a partial unique index): a double click or
two colleagues at once leave one nomination, and the second is told so.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.zone_state import OPEN_FOR_REGISTRATION
from marketplace.database import begin_writing, utcnow
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones.curation import add_patent
from marketplace.zones.models import NominationStatus, Zone, ZoneNomination, ZonePatent

ALREADY_NOMINATED = _l("This patent is already nominated for the zone and waits for the organiser.")


def nominable_patents_query(zone: Zone, university_id: int):
    """The university's patents on published terms that are neither curated into the zone nor waiting
    there as a nomination."""
    published = select(Declaration.patent_id).where(Declaration.status == DeclarationStatus.PUBLISHED)
    curated = select(ZonePatent.patent_id).where(ZonePatent.zone_id == zone.id)
    pending = select(ZoneNomination.patent_id).where(ZoneNomination.zone_id == zone.id,
                                                     ZoneNomination.status == NominationStatus.PENDING)
    return (select(Patent).where(Patent.university_id == university_id, Patent.archived.is_(False),
                                 Patent.id.in_(published), Patent.id.not_in(curated),
                                 Patent.id.not_in(pending))
            .order_by(Patent.id))


def nominate(zone: Zone, patent_id: int, note: str, user: User) -> ZoneNomination:
    """Nominate one of the user's university's offered patents for a published or running zone."""
    begin_writing(db.session)
    if zone.status not in OPEN_FOR_REGISTRATION:
        raise ServiceError(_l("Patents can be nominated only while the zone is published or running."))
    patent = db.session.get(Patent, patent_id)
    if patent is None or patent.university_id != user.university_id or patent.archived:
        raise ServiceError(_l("Choose one of your university's patents."), field="patent_id")
    published = select(Declaration.id).where(Declaration.patent_id == patent_id,
                                             Declaration.status == DeclarationStatus.PUBLISHED)
    if db.session.scalar(published) is None:
        raise ServiceError(_l("Only a patent with published open-licence terms can be nominated."),
                           field="patent_id")
    if db.session.scalar(select(ZonePatent.id).where(ZonePatent.zone_id == zone.id,
                                                     ZonePatent.patent_id == patent_id)):
        raise ServiceError(_l("This patent is already in the zone."), field="patent_id")
    nomination = ZoneNomination(zone_id=zone.id, patent_id=patent_id, university_id=patent.university_id,
                                nominated_by_id=user.id, note=note.strip())
    try:
        with db.session.begin_nested():
            db.session.add(nomination)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(ALREADY_NOMINATED, field="patent_id") from None
    return nomination


def _pending(zone: Zone, nomination_id: int) -> ZoneNomination:
    nomination = db.session.scalars(
        select(ZoneNomination).where(ZoneNomination.id == nomination_id).with_for_update()
        .execution_options(populate_existing=True)).one_or_none()
    if nomination is None or nomination.zone_id != zone.id:
        raise ServiceError(_l("This nomination is not for this zone; reload the page."))
    if nomination.status != NominationStatus.PENDING:
        raise ServiceError(_l("This nomination has already been decided."))
    return nomination


def accept(zone: Zone, nomination_id: int, user: User) -> ZoneNomination:
    """Accept a pending nomination for a zone taken for change: the patent is curated."""
    nomination = _pending(zone, nomination_id)
    add_patent(zone, nomination.patent_id, user)
    nomination.status = NominationStatus.ACCEPTED
    nomination.decided_by_id = user.id
    nomination.decided_at = utcnow()
    db.session.flush()
    return nomination


def decline(zone: Zone, nomination_id: int, reason: str, user: User) -> ZoneNomination:
    """Decline a pending nomination for a zone taken for change, with the reason the university reads."""
    if not reason.strip():
        raise ServiceError(_l("Say why the nomination is declined."), field="reason")
    nomination = _pending(zone, nomination_id)
    nomination.status = NominationStatus.DECLINED
    nomination.decline_reason = reason.strip()
    nomination.decided_by_id = user.id
    nomination.decided_at = utcnow()
    db.session.flush()
    return nomination


def nominations_query(zone_id: int, status: NominationStatus | None = NominationStatus.PENDING):
    """The zone's nominations (pending ones by default), oldest first."""
    stmt = select(ZoneNomination).where(ZoneNomination.zone_id == zone_id)
    if status is not None:
        stmt = stmt.where(ZoneNomination.status == status)
    return stmt.order_by(ZoneNomination.id)


def university_nominations_query(university_id: int):
    """A university's nominations across zones, newest first (for its dashboard)."""
    return (select(ZoneNomination).where(ZoneNomination.university_id == university_id)
            .order_by(ZoneNomination.id.desc()))

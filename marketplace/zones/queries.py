"""Read-only figures of zones for the organiser's dashboard and the public page, counted in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.zone_state import OPEN_FOR_REGISTRATION
from marketplace.declarations.models import Declaration
from marketplace.declarations.services import terms_in_force_for
from marketplace.extensions import db
from marketplace.licensing.models import LIVE_STATUSES, Licence
from marketplace.organisations.models import University
from marketplace.zones.models import NominationStatus, Zone, ZoneNomination, ZonePatent, ZoneRegistration


@dataclass(frozen=True)
class ZoneFigures:
    """A zone with the counts the organiser watches."""

    zone: Zone
    curated: int
    pending_nominations: int
    registrations: int


def zone_figures(zones: list[Zone]) -> list[ZoneFigures]:
    """Counts for each zone of a page (three grouped statements, whatever the number of zones)."""
    ids = [zone.id for zone in zones]
    if not ids:
        return []

    def counts(stmt) -> dict[int, int]:
        return dict(db.session.execute(stmt).tuples().all())

    curated = counts(select(ZonePatent.zone_id, func.count()).where(ZonePatent.zone_id.in_(ids))
                     .group_by(ZonePatent.zone_id))
    pending = counts(select(ZoneNomination.zone_id, func.count())
                     .where(ZoneNomination.zone_id.in_(ids),
                            ZoneNomination.status == NominationStatus.PENDING)
                     .group_by(ZoneNomination.zone_id))
    registered = counts(select(ZoneRegistration.zone_id, func.count())
                        .where(ZoneRegistration.zone_id.in_(ids), ZoneRegistration.cancelled_at.is_(None))
                        .group_by(ZoneRegistration.zone_id))
    return [ZoneFigures(zone, curated.get(zone.id, 0), pending.get(zone.id, 0), registered.get(zone.id, 0))
            for zone in zones]


def held_licences(enterprise_id: int, patent_ids: list[int]) -> dict[int, int]:
    """The enterprise's live licences among these patents, as patent id → licence id (one statement)."""
    if not patent_ids:
        return {}
    return dict(db.session.execute(select(Licence.patent_id, Licence.id).where(
        Licence.enterprise_id == enterprise_id, Licence.patent_id.in_(patent_ids),
        Licence.status.in_(LIVE_STATUSES))).tuples().all())


def participating_universities(zone_id: int) -> list[tuple[University, int]]:
    """The universities with curated patents in the zone and how many each, most first."""
    stmt = (select(University, func.count(ZonePatent.id))
            .join(ZonePatent, ZonePatent.university_id == University.id)
            .where(ZonePatent.zone_id == zone_id).group_by(University.id)
            .order_by(func.count(ZonePatent.id).desc(), University.name))
    return [(university, count) for university, count in db.session.execute(stmt).tuples()]


@dataclass(frozen=True)
class ShownPatent:
    """A curated patent as the zone page shows it: its current published terms (None once withdrawn)."""

    entry: ZonePatent
    patent: Patent
    offer: Declaration | None


def shown_patents(entries: list[ZonePatent], day: date) -> list[ShownPatent]:
    """The page's curated patents with their universities and the terms in force on `day` (event terms
    inside their window, else the published base terms, with their phases), loaded in a fixed number of
    statements whatever the number of patents."""
    ids = [entry.patent_id for entry in entries]
    if not ids:
        return []
    patents = {patent.id: patent for patent in db.session.scalars(
        select(Patent).where(Patent.id.in_(ids)).options(joinedload(Patent.university)))}
    offers = terms_in_force_for(ids, day)
    return [ShownPatent(entry, patents[entry.patent_id], offers.get(entry.patent_id)) for entry in entries]


DASHBOARD_ZONES = 10


def organiser_dashboard(user: User) -> list[ZoneFigures]:
    """The organiser's latest zones with their figures (all of them are on the zones page)."""
    return zone_figures(list(db.session.scalars(
        select(Zone).where(Zone.organiser_id == user.id).order_by(Zone.id.desc()).limit(DASHBOARD_ZONES))))


def zones_open_for_nomination() -> list[Zone]:
    """Published and running zones, the ones universities can nominate patents for (soonest closing
    first)."""
    return list(db.session.scalars(select(Zone).where(Zone.status.in_(list(OPEN_FOR_REGISTRATION)))
                                   .order_by(Zone.closes_on, Zone.id).limit(DASHBOARD_ZONES)))


def zone_event_terms(zone_id: int) -> list[Declaration]:
    """The live time-limited versions (event terms) made for the zone, with their patents, soonest
    first."""
    return list(db.session.scalars(
        select(Declaration).where(Declaration.event_zone_id == zone_id,
                                  Declaration.status == DeclarationStatus.EVENT)
        .options(joinedload(Declaration.patent)).order_by(Declaration.valid_from, Declaration.id)))

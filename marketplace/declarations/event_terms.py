"""Event terms (专场限时条款): publishing a time-limited version of a patent's declaration for a special
zone's window, and withdrawing it early.

The version is a declaration of its own (status "event", its zone and its window), so each licence keeps
a reference to the exact terms it accepted, and `services.terms_in_force` picks it on the days of its
window for every taker, through the zone or not. The base declaration stays the one "published" row of
the patent; when it is withdrawn its time-limited versions end with it. Publishing takes the base
declaration for change (SELECT … FOR UPDATE, reloaded), so two versions submitted at once for one patent
are serialised and the second meets the first in the overlap check. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus, declaration_bars
from marketplace.core.event_terms import EventTermsProblem, Window, window_problems
from marketplace.core.pricing import Plan
from marketplace.core.zone_state import OPEN_FOR_REGISTRATION
from marketplace.database import begin_writing
from marketplace.declarations import services
from marketplace.declarations.labels import BAR_MESSAGES
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import write_plan
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones.models import Zone, ZonePatent


def _refusal(problem: EventTermsProblem, zone: Zone) -> ServiceError:
    """The problem's message, beside the field it concerns."""
    if problem == EventTermsProblem.ENDS_BEFORE_START:
        return ServiceError(_l("The last day cannot be before the first day."), field="valid_until")
    if problem == EventTermsProblem.OUTSIDE_ZONE_WINDOW:
        return ServiceError(_l("The event terms must lie inside the zone's window (%(opens)s to %(closes)s).",
                               opens=zone.opens_on.isoformat(), closes=zone.closes_on.isoformat()),
                            field="valid_from")
    if problem == EventTermsProblem.STARTS_BEFORE_TODAY:
        return ServiceError(_l("Event terms cannot start before today: earlier takers had the base terms."),
                            field="valid_from")
    return ServiceError(_l("These days overlap other event terms of this patent; withdraw those first."),
                        field="valid_from")


@dataclass(frozen=True)
class EventTerms:
    """What an IP centre fills in for a time-limited version."""

    zone_id: int
    valid_from: date
    valid_until: date
    plan: Plan
    payment_method: str
    other_terms: str


def zones_for(patent: Patent) -> list[Zone]:
    """The published or running zones that list the patent: the zones event terms can be made for."""
    return list(db.session.scalars(
        select(Zone).join(ZonePatent, ZonePatent.zone_id == Zone.id)
        .where(ZonePatent.patent_id == patent.id, Zone.status.in_(list(OPEN_FOR_REGISTRATION)))
        .order_by(Zone.opens_on, Zone.id)))


def _base_for_change(patent_id: int) -> Declaration | None:
    begin_writing(db.session)
    return db.session.scalars(
        select(Declaration).where(Declaration.patent_id == patent_id,
                                  Declaration.status == DeclarationStatus.PUBLISHED)
        .with_for_update().execution_options(populate_existing=True)).one_or_none()


def _zone(zone_id: int, patent: Patent) -> Zone:
    zone = db.session.get(Zone, zone_id)
    if zone is None or zone.status not in OPEN_FOR_REGISTRATION:
        raise ServiceError(_l("Event terms can only be made for a published or running zone."),
                           field="zone_id")
    listed = db.session.scalar(select(ZonePatent.id).where(ZonePatent.zone_id == zone.id,
                                                           ZonePatent.patent_id == patent.id))
    if listed is None:
        raise ServiceError(_l("This zone does not list the patent."), field="zone_id")
    return zone


def publish_event_terms(patent: Patent, user: User, terms: EventTerms, today: date,
                        now: datetime) -> Declaration:
    """Publish a time-limited version of the patent's declaration for a zone's window; refused (with
    the field) unless the user is staff of the patent's university, the patent has published base
    terms, the zone is published or running and lists the patent, and the window is inside the zone's,
    starts no earlier than today and overlaps no other live time-limited version of the patent."""
    if user.role != Role.UNIVERSITY_STAFF or user.university_id != patent.university_id:
        raise ServiceError(_l("Only the patent's own university can publish its terms."))
    base = _base_for_change(patent.id)
    if base is None:
        raise ServiceError(_l("Publish the patent's base terms first: event terms are a version of them."))
    zone = _zone(terms.zone_id, patent)
    bars = declaration_bars(services.patent_facts(patent, today), today)
    if bars:
        raise ServiceError(" ".join(str(BAR_MESSAGES[bar]) for bar in bars))
    others = [Window(row.valid_from, row.valid_until) for row in db.session.scalars(
        select(Declaration).where(Declaration.patent_id == patent.id,
                                  Declaration.status == DeclarationStatus.EVENT))]
    problems = window_problems(Window(terms.valid_from, terms.valid_until),
                               Window(zone.opens_on, zone.closes_on), today, others)
    if problems:
        raise _refusal(problems[0], zone)
    services.check_plan(terms.plan, patent, today)
    services.check_wording(terms.payment_method, terms.other_terms)
    version = (db.session.scalar(select(func.max(Declaration.version))
                                 .where(Declaration.patent_id == patent.id)) or 0) + 1
    declaration = Declaration(
        patent=patent, university_id=patent.university_id, version=version, status=DeclarationStatus.EVENT,
        created_by_id=user.id, published_at=now, published_on=today, event_zone_id=zone.id,
        valid_from=terms.valid_from, valid_until=terms.valid_until,
        payment_method=terms.payment_method.strip(), other_terms=terms.other_terms.strip())
    db.session.add(declaration)
    write_plan(declaration, terms.plan)
    db.session.flush()
    return declaration


def event_version_for_change(patent: Patent, declaration_id: int) -> Declaration | None:
    """The patent's time-limited version, locked and reloaded (None when it is not one of its)."""
    begin_writing(db.session)
    return db.session.scalars(
        select(Declaration).where(Declaration.id == declaration_id, Declaration.patent_id == patent.id,
                                  Declaration.event_zone_id.is_not(None))
        .with_for_update().execution_options(populate_existing=True)).one_or_none()


def withdraw_event_terms(declaration: Declaration, reason: str, today: date, now: datetime) -> Declaration:
    """End a time-limited version early: the base terms apply again to new takers; licences already
    taken keep it."""
    if declaration.status != DeclarationStatus.EVENT:
        raise ServiceError(_l("These event terms have already ended."))
    return services.withdraw(declaration, reason, today, now)

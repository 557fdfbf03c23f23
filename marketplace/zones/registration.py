"""Registration for a zone and check-in at the event.

An enterprise user registers its enterprise for a zone that is published or running and whose window
has not closed, naming a contact person, a phone number, its interests and the zone's curated patents it
wants to discuss. One live registration per enterprise and zone: the check below answers a second
request with a message, and the partial unique index ``uq_zone_registration_live`` makes two requests
racing past the check yield one row. Cancelling keeps the row (sets ``cancelled_at``, compare-and-set);
the enterprise may register again later, with a new code.

Every registration has a random check-in code (`marketplace.core.check_in_code`, unique in the table).
The zone's organiser or an administrator checks a code in once: ``checked_in_at`` is set by a
compare-and-set, so of many simultaneous check-ins of one code exactly one succeeds and the others are
told when it was checked in.

Services flush and never commit; `today` and `now` are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.clock import SHANGHAI
from marketplace.core import check_in_code
from marketplace.core.zone_state import OPEN_FOR_REGISTRATION, ZoneStatus
from marketplace.database import begin_writing
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones.models import Zone, ZonePatent, ZoneRegistration
from marketplace.zones.services import may_manage

CODE_ATTEMPTS = 5
ALREADY_REGISTERED = _l("Your enterprise is already registered for this zone.")
NOT_REGISTERED = _l("Your enterprise has no registration for this zone to cancel.")
CHECKED_IN_CANNOT_CANCEL = _l("This registration was checked in at the event and cannot be cancelled.")
CANCELLED = _l("This registration was cancelled.")


def registration_problem(zone: Zone, today: date) -> str | None:
    """Why the zone takes no registration on `today` (a message), or None when it does."""
    if zone.status not in OPEN_FOR_REGISTRATION:
        if zone.status == ZoneStatus.CLOSED:
            return str(_l("This zone is closed; registration has ended."))
        return str(_l("This zone is not published yet; registration is not open."))
    if today > zone.closes_on:
        return str(_l("The zone's window closed on %(day)s; registration has ended.",
                      day=zone.closes_on.isoformat()))
    return None


def live_registration(zone_id: int, enterprise_id: int | None) -> ZoneRegistration | None:
    """The enterprise's registration for the zone that is not cancelled, if any."""
    if enterprise_id is None:
        return None
    return db.session.scalar(select(ZoneRegistration).where(
        ZoneRegistration.zone_id == zone_id, ZoneRegistration.enterprise_id == enterprise_id,
        ZoneRegistration.cancelled_at.is_(None)))


def curated_patents(zone_id: int) -> list[Patent]:
    """The zone's curated patents, in the zone's order (the choices of a registration)."""
    return list(db.session.scalars(
        select(Patent).join(ZonePatent, ZonePatent.patent_id == Patent.id)
        .where(ZonePatent.zone_id == zone_id).order_by(ZonePatent.position, ZonePatent.id)))


def register(zone: Zone, user: User, contact_name: str, contact_phone: str, interests: str,
             patent_ids: Iterable[int], today: date, now: datetime) -> ZoneRegistration:
    """Register the user's enterprise for the zone; ServiceError when the zone takes no registration,
    a patent is not curated in it, or the enterprise is already registered."""
    begin_writing(db.session)
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id is None:
        raise ServiceError(_l("Only an enterprise can register for a zone."))
    problem = registration_problem(zone, today)
    if problem:
        raise ServiceError(problem)
    if not contact_name.strip():
        raise ServiceError(_l("Name the person who will attend."), field="contact_name")
    chosen = set(patent_ids)
    curated = {patent.id: patent for patent in curated_patents(zone.id)}
    if not chosen <= curated.keys():
        raise ServiceError(_l("Choose only patents listed in this zone."), field="patents")
    if live_registration(zone.id, user.enterprise_id) is not None:
        raise ServiceError(ALREADY_REGISTERED)
    for _attempt in range(CODE_ATTEMPTS):
        registration = ZoneRegistration(
            zone_id=zone.id, enterprise_id=user.enterprise_id, registered_by_id=user.id,
            contact_name=contact_name.strip(), contact_phone=contact_phone.strip(),
            interests=interests.strip(), check_in_code=check_in_code.new_code(), registered_at=now,
            patents=[curated[patent_id] for patent_id in sorted(chosen)])
        try:
            with db.session.begin_nested():
                db.session.add(registration)
                db.session.flush()
            return registration
        except IntegrityError:
            # Either another request registered the enterprise first, or (rarely) the code was taken.
            if live_registration(zone.id, user.enterprise_id) is not None:
                raise ServiceError(ALREADY_REGISTERED) from None
    raise ServiceError(_l("No check-in code could be issued; try again."))


def cancel(zone: Zone, user: User, now: datetime) -> ZoneRegistration:
    """Cancel the enterprise's live registration (the row stays, with `cancelled_at`); ServiceError when
    there is none, the zone is closed, or the registration was already checked in."""
    begin_writing(db.session)
    if zone.status == ZoneStatus.CLOSED:
        raise ServiceError(_l("This zone is closed; its registrations can no longer change."))
    registration = live_registration(zone.id, user.enterprise_id)
    if registration is None:
        raise ServiceError(NOT_REGISTERED)
    if registration.checked_in_at is None:
        changed = db.session.execute(
            update(ZoneRegistration)
            .where(ZoneRegistration.id == registration.id, ZoneRegistration.cancelled_at.is_(None),
                   ZoneRegistration.checked_in_at.is_(None))
            .values(cancelled_at=now).execution_options(synchronize_session=False)).rowcount
        db.session.refresh(registration)
        if changed == 1:
            return registration
    if registration.checked_in_at is not None:
        raise ServiceError(CHECKED_IN_CANNOT_CANCEL)
    raise ServiceError(NOT_REGISTERED)


def check_in(zone: Zone, user: User, typed_code: str, now: datetime) -> ZoneRegistration:
    """Check in the registration whose code was typed or scanned, once; ServiceError for a malformed or
    unknown code, one of another zone, a cancelled registration, or one already checked in (saying
    when)."""
    begin_writing(db.session)
    if not may_manage(zone, user):
        raise ServiceError(_l("Only the zone's organiser or an administrator can check in."))
    if zone.status not in OPEN_FOR_REGISTRATION:
        raise ServiceError(_l("Check-in is open only while the zone is published or running."), field="code")
    code = check_in_code.normalise(typed_code)
    registration = None if code is None else db.session.scalar(
        select(ZoneRegistration).where(ZoneRegistration.check_in_code == code))
    if registration is None or registration.zone_id != zone.id:
        raise ServiceError(_l("No registration for this zone has this code."), field="code")
    if registration.cancelled_at is not None:
        raise ServiceError(CANCELLED, field="code")
    changed = db.session.execute(
        update(ZoneRegistration)
        .where(ZoneRegistration.id == registration.id, ZoneRegistration.checked_in_at.is_(None),
               ZoneRegistration.cancelled_at.is_(None))
        .values(checked_in_at=now, checked_in_by_id=user.id)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(registration)
    if changed != 1:
        if registration.cancelled_at is not None:
            raise ServiceError(CANCELLED, field="code")
        when = shanghai_time(registration.checked_in_at)
        raise ServiceError(_l("Already checked in at %(time)s.", time=when), field="code")
    return registration


def shanghai_time(moment: datetime | None) -> str:
    """A stored instant as Asia/Shanghai wall-clock time, to the minute ("" for None)."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else ""


def registrations_of_zone(zone_id: int) -> Select:
    """The zone's registrations, live ones first, newest first (with enterprise and patents loaded)."""
    return (select(ZoneRegistration).where(ZoneRegistration.zone_id == zone_id)
            .options(selectinload(ZoneRegistration.enterprise), selectinload(ZoneRegistration.patents))
            .order_by(ZoneRegistration.cancelled_at.is_not(None), ZoneRegistration.registered_at.desc(),
                      ZoneRegistration.id.desc()))


def registrations_of_enterprise(enterprise_id: int) -> Select:
    """An enterprise's registrations for every zone, newest first."""
    return (select(ZoneRegistration).where(ZoneRegistration.enterprise_id == enterprise_id)
            .options(selectinload(ZoneRegistration.zone))
            .order_by(ZoneRegistration.registered_at.desc(), ZoneRegistration.id.desc()))

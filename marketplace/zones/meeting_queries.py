"""Read-only lists of meetings: the IP centre's incoming requests, the enterprise's requests, each side's
agenda, a zone's sessions with their free seats."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role, User
from marketplace.core.meetings import MeetingStatus
from marketplace.core.zone_state import OPEN_FOR_REGISTRATION
from marketplace.extensions import db
from marketplace.zones.meeting_models import (
    MeetingBooking,
    MeetingProposal,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
)
from marketplace.zones.models import Zone, ZoneRegistration


def _loaded(stmt: Select) -> Select:
    return stmt.options(selectinload(MeetingRequest.proposals).selectinload(MeetingProposal.slot),
                        selectinload(MeetingRequest.patent), selectinload(MeetingRequest.enterprise),
                        selectinload(MeetingRequest.university), selectinload(MeetingRequest.zone),
                        selectinload(MeetingRequest.accepted_slot), selectinload(MeetingRequest.outcomes))


def requests_of(user: User) -> Select:
    """The requests the user's enterprise made, or its university received, waiting ones first, newest
    first; for other roles none."""
    stmt = _loaded(select(MeetingRequest))
    if user.role == Role.ENTERPRISE_USER:
        stmt = stmt.where(MeetingRequest.enterprise_id == user.enterprise_id)
    elif user.role == Role.UNIVERSITY_STAFF:
        stmt = stmt.where(MeetingRequest.university_id == user.university_id)
    else:
        stmt = stmt.where(False)
    return stmt.order_by((MeetingRequest.status != MeetingStatus.REQUESTED), MeetingRequest.id.desc())


def requests_of_zone(zone_id: int) -> Select:
    """Every request of a zone, for its organiser: newest first."""
    return _loaded(select(MeetingRequest)).where(MeetingRequest.zone_id == zone_id).order_by(
        MeetingRequest.id.desc())


def agenda_of(user: User) -> Select:
    """The user's side's accepted meetings, by the time of their slot."""
    return requests_of(user).where(MeetingRequest.status == MeetingStatus.ACCEPTED).join(
        MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id).order_by(None).order_by(
        MeetingSlot.starts_at, MeetingRequest.id)


def registered_zones(enterprise_id: int | None) -> list[Zone]:
    """The open zones the enterprise is registered for (where it can request meetings), soonest first."""
    return list(db.session.scalars(
        select(Zone).join(ZoneRegistration, ZoneRegistration.zone_id == Zone.id)
        .where(ZoneRegistration.enterprise_id == enterprise_id, ZoneRegistration.cancelled_at.is_(None),
               Zone.status.in_(OPEN_FOR_REGISTRATION))
        .order_by(Zone.opens_on, Zone.id)))


def sessions_of(zone_id: int) -> list[tuple[MeetingSession, int, int]]:
    """The zone's sessions by date, each with its number of slots and of free seats (two queries,
    whatever the number of sessions)."""
    sessions = list(db.session.scalars(select(MeetingSession).where(MeetingSession.zone_id == zone_id)
                                       .order_by(MeetingSession.day, MeetingSession.starts_at)))
    counts = dict(db.session.execute(
        select(MeetingSlot.session_id, func.count(MeetingSlot.id)).where(MeetingSlot.zone_id == zone_id)
        .group_by(MeetingSlot.session_id)).all())
    booked = dict(db.session.execute(
        select(MeetingSlot.session_id, func.count(MeetingBooking.id))
        .join(MeetingBooking, MeetingBooking.slot_id == MeetingSlot.id).where(MeetingSlot.zone_id == zone_id)
        .group_by(MeetingSlot.session_id)).all())
    return [(session, counts.get(session.id, 0), counts.get(session.id, 0) * session.capacity
             - booked.get(session.id, 0)) for session in sessions]

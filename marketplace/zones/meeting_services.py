"""Meetings of a zone: the organiser's sessions, an enterprise's request, the IP centre's answer, the
enterprise's cancellation and each side's outcome. Services flush, never commit; `now` is passed in.

Acceptance is the contended step. It takes the request and then the slot for change (SELECT … FOR UPDATE,
reloaded), picks the lowest free seat and writes a booking; the booking's unique keys and its CHECK on the
seat (see `meeting_models`) make the database refuse a full slot or a participant booked twice in one
slot even if this code were wrong, and such a refusal comes back as a clear ServiceError.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role, User
from marketplace.clock import SHANGHAI
from marketplace.core.feedback import FeedbackReason, needs_text
from marketplace.core.meetings import (
    MAX_CAPACITY,
    MAX_PROPOSED_SLOTS,
    MAX_SLOT_MINUTES,
    MIN_SLOT_MINUTES,
    REASON_MAX,
    FollowUp,
    IllegalMeetingAction,
    MeetingAction,
    MeetingSide,
    MeetingStatus,
    Outcome,
    SessionProblem,
    next_status,
    session_problems,
    slot_times,
)
from marketplace.core.zone_state import OPEN_FOR_REGISTRATION, ZoneStatus
from marketplace.database import begin_writing
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones.meeting_models import (
    MeetingBooking,
    MeetingOutcome,
    MeetingProposal,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
)
from marketplace.zones.models import Zone, ZonePatent, ZoneRegistration
from marketplace.zones.services import may_manage

SESSION_MESSAGES = {
    SessionProblem.OUTSIDE_WINDOW: _l("The session must fall inside the zone's window."),
    SessionProblem.END_NOT_AFTER_START: _l("The session must end after it starts."),
    SessionProblem.SLOT_LENGTH_OUT_OF_RANGE: _l("A slot lasts between %(low)s and %(high)s minutes.",
                                                low=MIN_SLOT_MINUTES, high=MAX_SLOT_MINUTES),
    SessionProblem.SLOT_LENGTH_UNEVEN: _l("The session's length must be a whole number of slots."),
    SessionProblem.CAPACITY_OUT_OF_RANGE: _l("The capacity (tables or rooms) is between 1 and %(high)s.",
                                             high=MAX_CAPACITY),
}
NOT_YOURS = _l("This meeting is not yours to change.")
SLOT_FULL = _l("This slot is full: every table or room is taken. Choose another proposed slot.")
ENTERPRISE_BUSY = _l("The enterprise already has an accepted meeting in this slot.")
UNIVERSITY_BUSY = _l("Your university already has an accepted meeting in this slot.")
STATE_MESSAGES = {
    MeetingAction.ACCEPT: _l("Only a request still waiting for an answer can be accepted."),
    MeetingAction.DECLINE: _l("Only a request still waiting for an answer can be declined."),
    MeetingAction.CANCEL: _l("This meeting can no longer be cancelled."),
}


def local(moment: datetime) -> datetime:
    """An instant as local (Asia/Shanghai) time."""
    return moment.astimezone(SHANGHAI)


def create_session(zone: Zone, user: User, day: date, starts_at: time, ends_at: time, slot_minutes: int,
                   capacity: int, place: str) -> MeetingSession:
    """Add a session and its slots to a zone that is not closed; ServiceError beside the field at fault."""
    if not may_manage(zone, user):
        raise ServiceError(_l("Only the zone's organiser or an administrator defines its sessions."))
    if zone.status == ZoneStatus.CLOSED:
        raise ServiceError(_l("The zone is closed: its sessions can no longer change."))
    problems = session_problems(day, starts_at, ends_at, slot_minutes, capacity, zone.opens_on,
                                zone.closes_on)
    if problems:
        raise ServiceError(SESSION_MESSAGES[problems[0]], field=problems[0].field)
    # Sessions of one zone never overlap, so "the same slot" is "the same time" for every participant; the
    # zone row is taken first so two organisers adding sessions at once are checked one after the other.
    begin_writing(db.session)
    db.session.scalars(select(Zone.id).where(Zone.id == zone.id).with_for_update()).one()
    overlapping = db.session.scalar(select(MeetingSession.id).where(
        MeetingSession.zone_id == zone.id, MeetingSession.day == day, MeetingSession.starts_at < ends_at,
        MeetingSession.ends_at > starts_at).limit(1))
    if overlapping is not None:
        raise ServiceError(_l("Another session of this zone overlaps these times."), field="starts_at")
    session = MeetingSession(zone_id=zone.id, day=day, starts_at=starts_at, ends_at=ends_at,
                             slot_minutes=slot_minutes, capacity=capacity, place=place, created_by_id=user.id)
    for start, end in slot_times(day, starts_at, ends_at, slot_minutes, SHANGHAI):
        session.slots.append(MeetingSlot(zone_id=zone.id, day=day, starts_at=start, ends_at=end,
                                         capacity=capacity))
    db.session.add(session)
    db.session.flush()
    return session


def bookable_slots(zone_id: int, now: datetime) -> list[MeetingSlot]:
    """The zone's slots that have not started yet, by time."""
    return list(db.session.scalars(select(MeetingSlot).where(MeetingSlot.zone_id == zone_id,
                                                             MeetingSlot.starts_at > now)
                                   .order_by(MeetingSlot.starts_at, MeetingSlot.id)))


def curated_entries(zone_id: int) -> list[ZonePatent]:
    """The patents curated into the zone (in the zone's order)."""
    return list(db.session.scalars(select(ZonePatent).where(ZonePatent.zone_id == zone_id)
                                   .order_by(ZonePatent.position, ZonePatent.id)))


def live_registration(zone_id: int, enterprise_id: int) -> ZoneRegistration | None:
    """The enterprise's live (not cancelled) registration for the zone, if any."""
    return db.session.scalar(select(ZoneRegistration).where(
        ZoneRegistration.zone_id == zone_id, ZoneRegistration.enterprise_id == enterprise_id,
        ZoneRegistration.cancelled_at.is_(None)))


def request_meeting(user: User, zone: Zone, patent_id: int, reason: str, slot_ids: Sequence[int],
                    now: datetime) -> MeetingRequest:
    """An enterprise registered for an open zone asks the university of a curated patent for a meeting in
    one of 1–3 future slots of the zone."""
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id is None:
        raise ServiceError(_l("Only an enterprise can request a meeting."))
    if zone.status not in OPEN_FOR_REGISTRATION:
        raise ServiceError(_l("This zone does not take meeting requests."))
    if live_registration(zone.id, user.enterprise_id) is None:
        raise ServiceError(_l("Register for the zone before requesting a meeting."))
    entry = db.session.scalar(select(ZonePatent).where(ZonePatent.zone_id == zone.id,
                                                       ZonePatent.patent_id == patent_id))
    if entry is None:
        raise ServiceError(_l("Choose a patent of this zone."), field="patent")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Say in a few words what you would like to discuss."), field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(_l("At most %(n)s characters.", n=REASON_MAX), field="reason")
    chosen = list(dict.fromkeys(slot_ids))
    if not 1 <= len(chosen) <= MAX_PROPOSED_SLOTS:
        raise ServiceError(_l("Choose one to three slots you can make."), field="slots")
    found = db.session.scalars(select(MeetingSlot).where(MeetingSlot.id.in_(chosen)))
    slots = {slot.id: slot for slot in found}
    if len(slots) != len(chosen) or any(slot.zone_id != zone.id for slot in slots.values()):
        raise ServiceError(_l("Choose slots of this zone."), field="slots")
    if any(slot.starts_at <= now for slot in slots.values()):
        raise ServiceError(_l("A slot that has already started cannot be proposed."), field="slots")
    begin_writing(db.session)
    meeting = MeetingRequest(zone_id=zone.id, enterprise_id=user.enterprise_id,
                             university_id=entry.university_id, patent_id=patent_id, requested_by_id=user.id,
                             reason=reason, status=MeetingStatus.REQUESTED, created_at=now)
    meeting.proposals = [MeetingProposal(slot_id=slot_id, position=index)
                         for index, slot_id in enumerate(chosen, start=1)]
    try:
        with db.session.begin_nested():
            db.session.add(meeting)
    except IntegrityError:
        raise ServiceError(_l("You already have an open request about this patent in this zone."),
                           field="patent") from None
    return meeting


def meeting_for_change(meeting_id: int) -> MeetingRequest:
    """The request, locked for the rest of the transaction and reloaded from the database."""
    begin_writing(db.session)
    return db.session.scalars(select(MeetingRequest).where(MeetingRequest.id == meeting_id).with_for_update()
                              .execution_options(populate_existing=True)).one()


def _next(meeting: MeetingRequest, action: MeetingAction) -> MeetingStatus:
    """The status `action` leads to (set once every other check passed); ServiceError when illegal."""
    try:
        return next_status(meeting.status, action)
    except IllegalMeetingAction:
        raise ServiceError(STATE_MESSAGES[action]) from None


def _staff_of(user: User, meeting: MeetingRequest) -> None:
    if user.role != Role.UNIVERSITY_STAFF or user.university_id != meeting.university_id:
        raise ServiceError(NOT_YOURS)


def accept(user: User, meeting_id: int, slot_id: int, now: datetime) -> MeetingRequest:
    """The IP centre accepts one of the proposed slots; refused when the slot is full, has started, or
    either side already has an accepted meeting in it."""
    meeting = meeting_for_change(meeting_id)
    _staff_of(user, meeting)
    status = _next(meeting, MeetingAction.ACCEPT)
    if slot_id not in {proposal.slot_id for proposal in meeting.proposals}:
        raise ServiceError(_l("Choose one of the slots the enterprise proposed."), field="slot")
    slot = db.session.scalars(select(MeetingSlot).where(MeetingSlot.id == slot_id).with_for_update()
                              .execution_options(populate_existing=True)).one()
    if slot.starts_at <= now:
        raise ServiceError(_l("This slot has already started."), field="slot")
    taken = db.session.execute(select(MeetingBooking.seat, MeetingBooking.enterprise_id,
                                      MeetingBooking.university_id)
                               .where(MeetingBooking.slot_id == slot.id)).all()
    if any(row.enterprise_id == meeting.enterprise_id for row in taken):
        raise ServiceError(ENTERPRISE_BUSY, field="slot")
    if any(row.university_id == meeting.university_id for row in taken):
        raise ServiceError(UNIVERSITY_BUSY, field="slot")
    seats = set(range(1, slot.capacity + 1)) - {row.seat for row in taken}
    if not seats:
        raise ServiceError(SLOT_FULL, field="slot")
    booking = MeetingBooking(slot_id=slot.id, capacity=slot.capacity, seat=min(seats), meeting_id=meeting.id,
                             enterprise_id=meeting.enterprise_id, university_id=meeting.university_id)
    try:
        with db.session.begin_nested():
            db.session.add(booking)
    except IntegrityError as error:
        raise ServiceError(_booking_refusal(error), field="slot") from None
    meeting.status = status
    meeting.accepted_slot_id = slot.id
    meeting.decided_by_id = user.id
    meeting.decided_at = now
    db.session.flush()
    return meeting


def _booking_refusal(error: IntegrityError):
    text = str(error.orig)
    if "enterprise" in text:
        return ENTERPRISE_BUSY
    if "university" in text:
        return UNIVERSITY_BUSY
    return SLOT_FULL


def decline(user: User, meeting_id: int, reason: FeedbackReason | None, text: str,
            now: datetime) -> MeetingRequest:
    """The IP centre declines with a reason from the feedback list (and words for "other")."""
    meeting = meeting_for_change(meeting_id)
    _staff_of(user, meeting)
    status = _next(meeting, MeetingAction.DECLINE)
    if reason is None:
        raise ServiceError(_l("Choose a reason."), field="reason")
    text = (text or "").strip()
    if needs_text(reason) and not text:
        raise ServiceError(_l("Say what the reason is."), field="text")
    meeting.status = status
    meeting.decline_reason = reason
    meeting.decline_text = text
    meeting.decided_by_id = user.id
    meeting.decided_at = now
    db.session.flush()
    return meeting


def cancel(user: User, meeting_id: int, now: datetime) -> MeetingRequest:
    """The enterprise withdraws its request, or cancels an accepted meeting before its slot starts (the
    slot's seat is freed)."""
    meeting = meeting_for_change(meeting_id)
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id != meeting.enterprise_id:
        raise ServiceError(NOT_YOURS)
    if meeting.accepted_slot is not None and meeting.status == MeetingStatus.ACCEPTED \
            and meeting.accepted_slot.starts_at <= now:
        raise ServiceError(_l("The meeting's slot has begun; record its outcome instead."))
    meeting.status = _next(meeting, MeetingAction.CANCEL)
    db.session.execute(MeetingBooking.__table__.delete().where(MeetingBooking.meeting_id == meeting.id))
    meeting.cancelled_at = now
    db.session.flush()
    return meeting


def side_of(user: User, meeting: MeetingRequest) -> MeetingSide | None:
    """Which side of the meeting `user` speaks for, if any."""
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id == meeting.enterprise_id:
        return MeetingSide.ENTERPRISE
    if user.role == Role.UNIVERSITY_STAFF and user.university_id == meeting.university_id:
        return MeetingSide.UNIVERSITY
    return None


def record_outcome(user: User, meeting_id: int, outcome: Outcome | None, follow_up: FollowUp | None,
                   reason: FeedbackReason | None, text: str, now: datetime) -> MeetingOutcome:
    """One side records what happened once the accepted meeting's slot has ended: held (with a follow-up,
    and a feedback reason when there is no interest), no-show or cancelled. Once per side."""
    meeting = meeting_for_change(meeting_id)
    side = side_of(user, meeting)
    if side is None:
        raise ServiceError(NOT_YOURS)
    if meeting.status != MeetingStatus.ACCEPTED or meeting.accepted_slot is None:
        raise ServiceError(_l("Only an accepted meeting has an outcome."))
    if now < meeting.accepted_slot.ends_at:
        raise ServiceError(_l("The outcome can be recorded once the slot has ended."), field="outcome")
    if any(each.side == side for each in meeting.outcomes):
        raise ServiceError(_l("Your side has already recorded this meeting's outcome."), field="outcome")
    if outcome is None:
        raise ServiceError(_l("Choose what happened."), field="outcome")
    text = (text or "").strip()
    if outcome == Outcome.HELD:
        if follow_up is None:
            raise ServiceError(_l("Choose the follow-up of a held meeting."), field="follow_up")
        if follow_up == FollowUp.NO_INTEREST and reason is None:
            raise ServiceError(_l("Choose a reason."), field="reason")
        if follow_up == FollowUp.NO_INTEREST and needs_text(reason) and not text:
            raise ServiceError(_l("Say what the reason is."), field="text")
    else:
        follow_up = None
    if follow_up != FollowUp.NO_INTEREST:
        reason, text = None, ""
    record = MeetingOutcome(meeting_id=meeting.id, side=side, outcome=outcome, follow_up=follow_up,
                            feedback_reason=reason, feedback_text=text, recorded_by_id=user.id,
                            recorded_at=now)
    db.session.add(record)
    db.session.flush()
    return record

"""Meeting services: sessions, requests, acceptance, declining, cancelling and outcomes, with every refusal
and every wrong role or owner."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.core.feedback import FeedbackReason
from marketplace.core.meetings import FollowUp, MeetingSide, MeetingStatus, Outcome
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones import meeting_services as services
from marketplace.zones.meeting_models import MeetingBooking, MeetingRequest, MeetingSession, MeetingSlot
from marketplace.zones.models import Zone
from tests.zones.meeting_world import AFTER_FIRST_SLOT, NOW, add_enterprise, build_meeting_world, user


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def world(ctx):
    return build_meeting_world(enterprises=3, capacity=2)


def _request(world, index=0, slots=None, patent=0, reason="想了解中试放大条件"):
    zone = db.session.get(Zone, world.zone_id)
    return services.request_meeting(user(world.enterprise_users[index]), zone, world.patents[patent], reason,
                                    slots or world.slots[:2], NOW)


def _refused(call, field=None):
    with pytest.raises(ServiceError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    return str(caught.value.message)


# Sessions

def test_the_organiser_defines_a_session_and_its_slots(world):
    session = db.session.get(MeetingSession, world.session_id)
    slots = session.slots
    assert [slot.starts_at for slot in slots][:2] == [datetime(2026, 12, 10, 1, 0, tzinfo=UTC),
                                                       datetime(2026, 12, 10, 1, 30, tzinfo=UTC)]
    assert len(slots) == 4 and {slot.capacity for slot in slots} == {2}
    assert {slot.day for slot in slots} == {date(2026, 12, 10)}


@pytest.mark.parametrize(("args", "field"), [
    ((date(2027, 1, 5), time(9), time(11), 30, 2), "day"),
    ((date(2026, 12, 10), time(11), time(9), 30, 2), "ends_at"),
    ((date(2026, 12, 10), time(9), time(11), 45, 2), "slot_minutes"),
    ((date(2026, 12, 10), time(9), time(11), 30, 0), "capacity"),
])
def test_a_bad_session_is_refused_beside_its_field_and_nothing_written(world, args, field):
    zone = db.session.get(Zone, world.zone_id)
    before = db.session.scalar(select(func.count(MeetingSlot.id)))
    _refused(lambda: services.create_session(zone, user(world.organiser), *args, ""), field)
    assert db.session.scalar(select(func.count(MeetingSlot.id))) == before


def test_an_overlapping_session_of_the_zone_is_refused(world):
    zone = db.session.get(Zone, world.zone_id)
    organiser = user(world.organiser)
    _refused(lambda: services.create_session(zone, organiser, date(2026, 12, 10), time(10, 30), time(12), 30,
                                             1, ""), "starts_at")
    services.create_session(zone, organiser, date(2026, 12, 10), time(11), time(12), 30, 1, "")


def test_only_the_owner_or_an_administrator_defines_sessions(world, make_user):
    from marketplace.accounts.models import Role

    zone = db.session.get(Zone, world.zone_id)
    good = (date(2026, 12, 11), time(9), time(10), 30, 1, "")
    for email in (make_user(Role.ORGANISER), world.staff[0], world.enterprise_users[0]):
        _refused(lambda email=email: services.create_session(zone, user(email), *good))
    assert services.create_session(zone, user(make_user(Role.ADMIN)), *good).capacity == 1


def test_a_closed_zone_takes_no_session(world):
    zone = db.session.get(Zone, world.zone_id)
    zone.status = ZoneStatus.CLOSED
    _refused(lambda: services.create_session(zone, user(world.organiser), date(2026, 12, 11), time(9),
                                             time(10), 30, 1, ""))


# Requests

def test_an_enterprise_requests_a_meeting_with_the_patents_university(world):
    meeting = _request(world, patent=1)
    assert meeting.university_id == world.universities[1]
    assert meeting.status == MeetingStatus.REQUESTED
    assert [proposal.slot_id for proposal in meeting.proposals] == world.slots[:2]


@pytest.mark.parametrize(("change", "field"), [
    ({"reason": "  "}, "reason"),
    ({"reason": "很" * 301}, "reason"),
    ({"slots": []}, "slots"),
    ({"slots": "four"}, "slots"),
])
def test_a_bad_request_is_refused_beside_its_field(world, change, field):
    slots = change.pop("slots", None)
    if slots == "four":
        slots = world.slots
    args = {"reason": "想了解", **change}
    zone = db.session.get(Zone, world.zone_id)
    _refused(lambda: services.request_meeting(user(world.enterprise_users[0]), zone, world.patents[0],
                                              args["reason"], slots if slots is not None else [], NOW), field)
    assert db.session.scalar(select(func.count(MeetingRequest.id))) == 0


def test_a_patent_outside_the_zone_is_refused(world, make_patent):
    zone = db.session.get(Zone, world.zone_id)
    other = make_patent()
    _refused(lambda: services.request_meeting(user(world.enterprise_users[0]), zone, other, "想了解",
                                              world.slots[:1], NOW), "patent")


def test_a_slot_of_another_zone_or_already_started_is_refused(world):
    other = build_meeting_world(enterprises=0, serial=2)
    zone = db.session.get(Zone, world.zone_id)
    enterprise = user(world.enterprise_users[0])
    _refused(lambda: services.request_meeting(enterprise, zone, world.patents[0], "想了解", other.slots[:1],
                                              NOW),
             "slots")
    _refused(lambda: services.request_meeting(enterprise, zone, world.patents[0], "想了解", world.slots[:1],
                                              AFTER_FIRST_SLOT), "slots")


def test_an_unregistered_enterprise_or_a_closed_or_draft_zone_is_refused(world):
    _, outsider = add_enterprise(world, register=False)
    zone = db.session.get(Zone, world.zone_id)
    message = _refused(lambda: services.request_meeting(user(outsider), zone, world.patents[0], "想了解",
                                                        world.slots[:1], NOW))
    assert message == "请先报名本专区，再申请洽谈。"
    for status in (ZoneStatus.DRAFT, ZoneStatus.CLOSED):
        zone.status = status
        _refused(lambda: _request(world))


def test_only_an_enterprise_requests(world):
    zone = db.session.get(Zone, world.zone_id)
    for email in (world.staff[0], world.organiser):
        _refused(lambda email=email: services.request_meeting(user(email), zone, world.patents[0], "想了解",
                                                              world.slots[:1], NOW))


def test_a_second_open_request_about_the_same_patent_is_refused(world):
    _request(world)
    _refused(lambda: _request(world), "patent")
    assert db.session.scalar(select(func.count(MeetingRequest.id))) == 1


# Acceptance

def test_the_ip_centre_accepts_a_proposed_slot_and_it_holds_a_seat(world):
    meeting = _request(world)
    services.accept(user(world.staff[0]), meeting.id, world.slots[1], NOW)
    assert meeting.status == MeetingStatus.ACCEPTED and meeting.accepted_slot_id == world.slots[1]
    booking = db.session.scalars(select(MeetingBooking)).one()
    assert (booking.slot_id, booking.seat, booking.capacity) == (world.slots[1], 1, 2)


def test_accepting_a_slot_not_proposed_or_already_started_is_refused(world):
    meeting = _request(world)
    _refused(lambda: services.accept(user(world.staff[0]), meeting.id, world.slots[3], NOW), "slot")
    _refused(lambda: services.accept(user(world.staff[0]), meeting.id, world.slots[0], AFTER_FIRST_SLOT),
             "slot")


def test_only_the_universitys_staff_accept_or_decline(world, make_user):
    from marketplace.accounts.models import Role

    meeting = _request(world)  # patent 0 belongs to university 0
    for email in (world.staff[1], world.enterprise_users[0], world.organiser, make_user(Role.ADMIN)):
        _refused(lambda email=email: services.accept(user(email), meeting.id, world.slots[0], NOW))
        _refused(lambda email=email: services.decline(user(email), meeting.id, FeedbackReason.TOO_EARLY, "",
                                                      NOW))
    assert meeting.status == MeetingStatus.REQUESTED


def test_a_full_slot_is_refused_with_a_message(world):
    staff = [user(world.staff[0]), user(world.staff[1])]
    first = _request(world, 0, patent=0)
    second = _request(world, 1, patent=1)
    services.accept(staff[0], first.id, world.slots[0], NOW)
    services.accept(staff[1], second.id, world.slots[0], NOW)
    # Capacity 2: a third meeting in the slot finds every table taken (another university would need one).
    third_world_university = _request(world, 2, patent=0)
    message = _refused(lambda: services.accept(staff[0], third_world_university.id, world.slots[0], NOW),
                       "slot")
    assert message == str(services.UNIVERSITY_BUSY)
    services.cancel(user(world.enterprise_users[0]), first.id, NOW)  # frees university 0 and a seat
    services.accept(staff[0], third_world_university.id, world.slots[0], NOW)
    assert db.session.scalar(select(func.count(MeetingBooking.id))) == 2


def test_a_slot_at_capacity_is_refused_as_full(ctx):
    world = build_meeting_world(enterprises=2, capacity=1, serial=3)
    first = _request(world, 0, patent=0)
    second = _request(world, 1, patent=1)
    services.accept(user(world.staff[0]), first.id, world.slots[0], NOW)
    assert _refused(lambda: services.accept(user(world.staff[1]), second.id, world.slots[0], NOW),
                    "slot") == str(services.SLOT_FULL)
    assert second.status == MeetingStatus.REQUESTED


def test_an_enterprise_already_booked_in_the_slot_is_refused(world):
    first = _request(world, 0, patent=0)
    second = _request(world, 0, patent=1)
    services.accept(user(world.staff[0]), first.id, world.slots[0], NOW)
    message = _refused(lambda: services.accept(user(world.staff[1]), second.id, world.slots[0], NOW), "slot")
    assert message == str(services.ENTERPRISE_BUSY)
    services.accept(user(world.staff[1]), second.id, world.slots[1], NOW)


def test_a_request_is_answered_once(world):
    meeting = _request(world)
    services.accept(user(world.staff[0]), meeting.id, world.slots[0], NOW)
    _refused(lambda: services.accept(user(world.staff[0]), meeting.id, world.slots[1], NOW))
    _refused(lambda: services.decline(user(world.staff[0]), meeting.id, FeedbackReason.TOO_EARLY, "", NOW))


# Declining and cancelling

def test_declining_needs_a_reason_and_words_for_other(world):
    meeting = _request(world)
    staff = user(world.staff[0])
    _refused(lambda: services.decline(staff, meeting.id, None, "", NOW), "reason")
    _refused(lambda: services.decline(staff, meeting.id, FeedbackReason.OTHER, " ", NOW), "text")
    services.decline(staff, meeting.id, FeedbackReason.OTHER, "本季度无排期", NOW)
    assert (meeting.status, meeting.decline_reason, meeting.decline_text) == (
        MeetingStatus.DECLINED, FeedbackReason.OTHER, "本季度无排期")


def test_the_enterprise_cancels_and_frees_the_seat(world):
    meeting = _request(world)
    services.accept(user(world.staff[0]), meeting.id, world.slots[0], NOW)
    _refused(lambda: services.cancel(user(world.enterprise_users[1]), meeting.id, NOW))
    _refused(lambda: services.cancel(user(world.staff[0]), meeting.id, NOW))
    services.cancel(user(world.enterprise_users[0]), meeting.id, NOW)
    assert meeting.status == MeetingStatus.CANCELLED
    assert db.session.scalar(select(func.count(MeetingBooking.id))) == 0
    _refused(lambda: services.cancel(user(world.enterprise_users[0]), meeting.id, NOW))


def test_an_accepted_meeting_cannot_be_cancelled_once_its_slot_began(world):
    meeting = _request(world)
    services.accept(user(world.staff[0]), meeting.id, world.slots[0], NOW)
    _refused(lambda: services.cancel(user(world.enterprise_users[0]), meeting.id, AFTER_FIRST_SLOT))
    assert meeting.status == MeetingStatus.ACCEPTED


# Outcomes

def _accepted(world):
    meeting = _request(world)
    services.accept(user(world.staff[0]), meeting.id, world.slots[0], NOW)
    return meeting


def test_each_side_records_the_outcome_after_the_slot(world):
    meeting = _accepted(world)
    services.record_outcome(user(world.enterprise_users[0]), meeting.id, Outcome.HELD, FollowUp.FURTHER_TALKS,
                            None, "", AFTER_FIRST_SLOT)
    services.record_outcome(user(world.staff[0]), meeting.id, Outcome.HELD, FollowUp.NO_INTEREST,
                            FeedbackReason.PRICE_OR_TERMS, "", AFTER_FIRST_SLOT)
    db.session.refresh(meeting)
    assert {(each.side, each.outcome, each.follow_up) for each in meeting.outcomes} == {
        (MeetingSide.ENTERPRISE, Outcome.HELD, FollowUp.FURTHER_TALKS),
        (MeetingSide.UNIVERSITY, Outcome.HELD, FollowUp.NO_INTEREST)}


def test_an_outcome_before_the_slot_ends_is_refused(world):
    meeting = _accepted(world)
    _refused(lambda: services.record_outcome(user(world.enterprise_users[0]), meeting.id, Outcome.HELD,
                                             FollowUp.FURTHER_TALKS, None, "",
                                             AFTER_FIRST_SLOT - timedelta(seconds=1)), "outcome")


def test_an_outcome_is_refused_to_strangers_twice_and_without_its_details(world):
    meeting = _accepted(world)
    for email in (world.enterprise_users[1], world.staff[1], world.organiser):
        _refused(lambda email=email: services.record_outcome(
            user(email), meeting.id, Outcome.HELD, FollowUp.FURTHER_TALKS, None, "", AFTER_FIRST_SLOT))
    enterprise = user(world.enterprise_users[0])
    _refused(lambda: services.record_outcome(enterprise, meeting.id, None, None, None, "", AFTER_FIRST_SLOT),
             "outcome")
    _refused(lambda: services.record_outcome(enterprise, meeting.id, Outcome.HELD, None, None, "",
                                             AFTER_FIRST_SLOT), "follow_up")
    _refused(lambda: services.record_outcome(enterprise, meeting.id, Outcome.HELD, FollowUp.NO_INTEREST, None,
                                             "", AFTER_FIRST_SLOT), "reason")
    _refused(lambda: services.record_outcome(enterprise, meeting.id, Outcome.HELD, FollowUp.NO_INTEREST,
                                             FeedbackReason.OTHER, "", AFTER_FIRST_SLOT), "text")
    services.record_outcome(enterprise, meeting.id, Outcome.NO_SHOW, FollowUp.LICENCE_TAKEN, None, "",
                            AFTER_FIRST_SLOT)
    _refused(lambda: services.record_outcome(enterprise, meeting.id, Outcome.HELD, FollowUp.FURTHER_TALKS,
                                             None,
                                             "", AFTER_FIRST_SLOT), "outcome")


def test_a_meeting_not_accepted_has_no_outcome(world):
    meeting = _request(world)
    _refused(lambda: services.record_outcome(user(world.enterprise_users[0]), meeting.id, Outcome.HELD,
                                             FollowUp.FURTHER_TALKS, None, "", AFTER_FIRST_SLOT))

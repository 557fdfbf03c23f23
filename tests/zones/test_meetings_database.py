"""The database itself refuses a booking that breaks the meeting rules: a direct INSERT (no service, no
Python check) beyond the slot's capacity, into a taken seat, with a participant already booked in the slot,
with a capacity other than the slot's, or with participants other than the meeting's, fails."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from marketplace.core.meetings import MeetingStatus
from marketplace.extensions import db
from marketplace.zones.meeting_models import MeetingRequest
from tests.zones.meeting_world import NOW, build_meeting_world, user

INSERT = text("INSERT INTO meeting_booking "
              "(slot_id, capacity, seat, meeting_id, enterprise_id, university_id) "
              "VALUES (:slot, :capacity, :seat, :meeting, :enterprise, :university)")


@pytest.fixture
def world(app):
    with app.app_context():
        built = build_meeting_world(enterprises=3, capacity=2)
        meetings = []
        for index, (enterprise, email) in enumerate(zip(built.enterprises, built.enterprise_users,
                                                        strict=True)):
            meeting = MeetingRequest(zone_id=built.zone_id, enterprise_id=enterprise,
                                     university_id=built.universities[index % 2],
                                     patent_id=built.patents[index % 2],
                                     requested_by_id=user(email).id, reason="直接写入", created_at=NOW,
                                     status=MeetingStatus.REQUESTED)
            db.session.add(meeting)
            db.session.flush()
            meetings.append(meeting)
        yield built, meetings


def _book(meeting, slot, seat, capacity=2, **override):
    values = {"slot": slot, "capacity": capacity, "seat": seat, "meeting": meeting.id,
              "enterprise": meeting.enterprise_id, "university": meeting.university_id, **override}
    with db.session.begin_nested():
        db.session.execute(INSERT, values)


def _refused(call) -> None:
    with pytest.raises(IntegrityError):
        call()


def test_a_legal_booking_is_accepted(world):
    built, meetings = world
    _book(meetings[0], built.slots[0], 1)
    _book(meetings[1], built.slots[0], 2)


def test_a_seat_beyond_the_capacity_is_refused(world):
    built, meetings = world
    _refused(lambda: _book(meetings[0], built.slots[0], 3))
    _refused(lambda: _book(meetings[0], built.slots[0], 0))


def test_a_capacity_other_than_the_slots_is_refused(world):
    built, meetings = world
    _refused(lambda: _book(meetings[0], built.slots[0], 3, capacity=3))


def test_a_taken_seat_is_refused(world):
    built, meetings = world
    _book(meetings[0], built.slots[0], 1)
    _refused(lambda: _book(meetings[1], built.slots[0], 1))


def test_the_same_enterprise_twice_in_a_slot_is_refused(world):
    built, meetings = world
    _book(meetings[0], built.slots[0], 1)
    # meetings[0] and meetings[2] differ in enterprise; give the second a meeting of the same enterprise.
    other = MeetingRequest(zone_id=built.zone_id, enterprise_id=meetings[0].enterprise_id,
                           university_id=built.universities[1], patent_id=built.patents[1],
                           requested_by_id=meetings[0].requested_by_id, reason="另一件", created_at=NOW)
    db.session.add(other)
    db.session.flush()
    _refused(lambda: _book(other, built.slots[0], 2))


def test_the_same_university_twice_in_a_slot_is_refused(world):
    built, meetings = world
    _book(meetings[0], built.slots[0], 1)  # university 0
    _refused(lambda: _book(meetings[2], built.slots[0], 2))  # university 0 again


def test_a_meeting_booked_twice_is_refused(world):
    built, meetings = world
    _book(meetings[0], built.slots[0], 1)
    _refused(lambda: _book(meetings[0], built.slots[1], 1))


def test_participants_other_than_the_meetings_are_refused(world):
    built, meetings = world
    _refused(lambda: _book(meetings[0], built.slots[0], 1, enterprise=meetings[1].enterprise_id))


def test_a_fourth_proposed_slot_is_refused(world):
    built, meetings = world
    for position, slot in enumerate(built.slots[:3], start=1):
        with db.session.begin_nested():
            db.session.execute(text("INSERT INTO meeting_proposal (request_id, slot_id, position) "
                                    "VALUES (:r, :s, :p)"), {"r": meetings[0].id, "s": slot, "p": position})
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("INSERT INTO meeting_proposal (request_id, slot_id, position) "
                                "VALUES (:r, :s, 4)"),
                           {"r": meetings[0].id, "s": built.slots[3]})

"""Acceptances racing for one slot, on SQLite and PostgreSQL with real commits: 50 enterprises request a
meeting in the same slot of capacity 3 at once, then 20 acceptances (two per university, two per enterprise
for the first ten enterprises) race for it. At most three are accepted, every accepted meeting holds one
booking, no enterprise or university is booked twice in the slot, and every loser got a clear refusal."""

from __future__ import annotations

from itertools import count

import pytest
from sqlalchemy import func, select

from marketplace.core.meetings import MeetingStatus
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from marketplace.zones import meeting_services as services
from marketplace.zones.meeting_models import MeetingBooking, MeetingRequest
from marketplace.zones.models import Zone
from tests.ledger.separate_database import BACKENDS, run_together, separate_app
from tests.zones.meeting_world import NOW, build_meeting_world, user

pytestmark = pytest.mark.real_commits
UNIVERSITIES = 10


def _requests_at_once(app, world, pairs):
    """Each (enterprise index, university index) pair requests a meeting in the first slot, all at once;
    returns the request id of each pair."""
    todo = iter(pairs)
    lock = __import__("threading").Lock()

    def work():
        with lock:
            enterprise, university = next(todo)
        zone = db.session.get(Zone, world.zone_id)
        meeting = services.request_meeting(user(world.enterprise_users[enterprise]), zone,
                                           world.patents[university], "想了解", world.slots[:1], NOW)
        return (enterprise, university), meeting.id

    results, errors = run_together(app, len(pairs), work)
    assert errors == []
    return dict(results)


@pytest.mark.parametrize("backend", BACKENDS)
def test_twenty_acceptances_racing_for_a_slot_of_three(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            world = build_meeting_world(enterprises=50, capacity=3, universities=UNIVERSITIES)
            db.session.commit()
        # 50 enterprises, one request each; the first ten ask a second university as well.
        pairs = [(index, index % UNIVERSITIES) for index in range(50)]
        pairs += [(index, (index + 5) % UNIVERSITIES) for index in range(10)]
        by_pair = _requests_at_once(app, world, pairs)
        # 20 acceptances: both requests of each of the first ten enterprises (so every university
        # answers two, and every enterprise is accepted twice at most).
        racing = [by_pair[(index, index % UNIVERSITIES)] for index in range(10)]
        racing += [by_pair[(index, (index + 5) % UNIVERSITIES)] for index in range(10)]
        staff_of = {meeting_id: world.staff[university] for (_, university), meeting_id in by_pair.items()}
        turn = count()
        order = list(racing)

        def accept():
            meeting_id = order[next(turn)]
            return services.accept(user(staff_of[meeting_id]), meeting_id, world.slots[0], NOW).id

        results, errors = run_together(app, len(order), accept)
        assert all(isinstance(error, ServiceError) for error in errors), errors
        accepted = [result for result in results if result is not None]
        assert len(accepted) == 3  # three seats, and twenty candidates leave a third pair free after any two
        with app.app_context():
            bookings = db.session.scalars(select(MeetingBooking)).all()
            statuses = dict(db.session.execute(select(MeetingRequest.id, MeetingRequest.status)).all())
            assert len(bookings) == len(accepted) == sum(
                1 for status in statuses.values() if status == MeetingStatus.ACCEPTED)
            assert {booking.meeting_id for booking in bookings} == set(accepted)
            assert len({booking.enterprise_id for booking in bookings}) == len(bookings)
            assert len({booking.university_id for booking in bookings}) == len(bookings)
            assert sorted(booking.seat for booking in bookings) == list(range(1, len(bookings) + 1))
            assert db.session.scalar(select(func.count(MeetingRequest.id))) == 60

"""The demo zones: a closed matchmaking event with its record from registration to a paid converted trial,
and a running online zone with open slots and a request waiting."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from marketplace.core.meetings import MeetingStatus, Outcome
from marketplace.core.zone_state import ZoneStatus
from marketplace.demo.seed import seed_demo
from marketplace.demo.zones import CLOSED_TITLE, RUNNING_TITLE
from marketplace.extensions import db
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory
from marketplace.zones.meeting_models import MeetingBooking, MeetingOutcome, MeetingRequest, MeetingSlot
from marketplace.zones.models import Zone, ZoneMode, ZoneNomination, ZonePatent, ZoneRegistration

DEMO_DAY = date(2026, 11, 26)
ZONE_RECORDS = (Zone, ZonePatent, ZoneRegistration, MeetingRequest, MeetingOutcome)


def _zone(title: str) -> Zone:
    return db.session.scalars(select(Zone).where(Zone.title == title)).one()


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _meetings(zone: Zone) -> dict[str, int]:
    return dict(db.session.execute(select(MeetingRequest.status, func.count())
                                   .where(MeetingRequest.zone_id == zone.id)
                                   .group_by(MeetingRequest.status)).all())


def test_the_closed_zone_holds_registrations_meetings_and_its_licences(app):
    with app.app_context():
        created = seed_demo(DEMO_DAY)
        assert created["zones"] == 2
        zone = _zone(CLOSED_TITLE)
        assert (zone.status, zone.mode, zone.organiser.email) == (
            ZoneStatus.CLOSED, ZoneMode.ONSITE, "organiser@demo.nmgpatent.cn")
        assert "包头" in zone.place and zone.closes_on < DEMO_DAY and zone.closed_on > zone.closes_on
        curated = db.session.scalars(select(ZonePatent).where(ZonePatent.zone_id == zone.id)).all()
        assert len(curated) == 6 and len({entry.university_id for entry in curated}) == 3
        assert _count(ZoneNomination, ZoneNomination.zone_id == zone.id,
                      ZoneNomination.status == "accepted") == 1
        assert _count(ZoneRegistration, ZoneRegistration.zone_id == zone.id) == 4
        assert _count(ZoneRegistration, ZoneRegistration.zone_id == zone.id,
                      ZoneRegistration.checked_in_at.is_not(None)) == 3
        assert _meetings(zone) == {MeetingStatus.ACCEPTED: 3, MeetingStatus.DECLINED: 1}
        declined = db.session.scalars(select(MeetingRequest).where(
            MeetingRequest.zone_id == zone.id, MeetingRequest.status == MeetingStatus.DECLINED)).one()
        assert declined.decline_reason is not None
        outcomes = db.session.execute(
            select(MeetingOutcome.meeting_id, MeetingOutcome.outcome).join(
                MeetingRequest, MeetingRequest.id == MeetingOutcome.meeting_id)
            .where(MeetingRequest.zone_id == zone.id)).all()
        held_by = {}
        for meeting_id, outcome in outcomes:
            held_by.setdefault(meeting_id, []).append(outcome)
        assert sorted(map(sorted, held_by.values())) == [
            [Outcome.HELD, Outcome.HELD], [Outcome.HELD, Outcome.HELD], [Outcome.NO_SHOW]]

        attributed = db.session.scalars(select(Licence).where(Licence.source_zone_id == zone.id)).all()
        assert len(attributed) == 2
        registered = set(db.session.scalars(select(ZoneRegistration.enterprise_id)
                                            .where(ZoneRegistration.zone_id == zone.id)))
        listed = {entry.patent_id for entry in curated}
        for licence in attributed:
            assert zone.opens_on <= licence.start_date <= zone.closes_on
            assert licence.enterprise_id in registered and licence.patent_id in listed
        unattributed_in_window = _count(Licence, Licence.source_zone_id.is_(None),
                                        Licence.start_date.between(zone.opens_on, zone.closes_on),
                                        Licence.enterprise_id.in_(registered), Licence.patent_id.in_(listed))
        assert unattributed_in_window == 0

        converted = [licence for licence in attributed if licence.trial_last_day is not None]
        assert len(converted) == 1
        trial = converted[0]
        conversion = db.session.scalars(select(LicenceHistory).where(
            LicenceHistory.licence_id == trial.id, LicenceHistory.kind == "converted")).one()
        assert conversion.business_date > zone.closes_on
        first_paid = db.session.scalars(select(LicenceCharge).where(
            LicenceCharge.licence_id == trial.id, LicenceCharge.amount_fen > 0)
            .order_by(LicenceCharge.due_date)).first()
        assert first_paid.settled_on is not None and first_paid.settled_on <= DEMO_DAY


def test_the_running_zone_has_open_slots_and_a_request_waiting(app):
    with app.app_context():
        seed_demo(DEMO_DAY)
        zone = _zone(RUNNING_TITLE)
        assert (zone.status, zone.mode) == (ZoneStatus.RUNNING, ZoneMode.ONLINE)
        assert zone.opens_on <= DEMO_DAY <= zone.closes_on
        assert zone.organiser.email == "organiser@demo.nmgpatent.cn"
        assert _count(ZonePatent, ZonePatent.zone_id == zone.id) == 2
        assert _count(ZoneRegistration, ZoneRegistration.zone_id == zone.id,
                      ZoneRegistration.cancelled_at.is_(None)) == 2
        # One request waiting, and the one a demo conversation turned into, accepted by the IP centre.
        assert _meetings(zone) == {MeetingStatus.REQUESTED: 1, MeetingStatus.ACCEPTED: 1}
        slots = db.session.scalars(select(MeetingSlot).where(MeetingSlot.zone_id == zone.id)).all()
        coming = [slot for slot in slots if DEMO_DAY < slot.day <= DEMO_DAY + timedelta(days=7)]
        assert coming and len(coming) == len(slots)
        booked = _count(MeetingBooking, MeetingBooking.slot_id.in_([slot.id for slot in slots]))
        assert booked == 1 and sum(slot.capacity for slot in slots) > booked


def test_the_zones_are_seeded_once(app):
    with app.app_context():
        seed_demo(DEMO_DAY)
        counts = [_count(model) for model in (Zone, ZonePatent, ZoneRegistration, MeetingRequest)]
        assert seed_demo(DEMO_DAY)["zones"] == 0
        assert [_count(model) for model in (Zone, ZonePatent, ZoneRegistration, MeetingRequest)] == counts


def test_the_zones_pages_show_both_zones(app, client):
    with app.app_context():
        seed_demo(DEMO_DAY)
        db.session.commit()
        ids = [_zone(CLOSED_TITLE).id, _zone(RUNNING_TITLE).id]
    listing = client.get("/zones")
    assert listing.status_code == 200
    text = listing.get_data(as_text=True)
    assert CLOSED_TITLE in text and RUNNING_TITLE in text
    for zone_id in ids:
        assert client.get(f"/zones/{zone_id}").status_code == 200


def test_seed_demo_if_empty_loads_the_zones_once(app, runner):
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "2 special zones" in first.output
    with app.app_context():
        counts = [_count(model) for model in ZONE_RECORDS]
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0 and "already has data" in second.output
    with app.app_context():
        assert [_count(model) for model in ZONE_RECORDS] == counts

"""Every figure of a zone's results, checked against a world built by hand through the services:
registrations, check-ins, meetings, licences taken in and out of the zone's window, a trial converted
after the zone closed, charges, payments and a 备案 filing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import create_patent
from marketplace.core.check_in_code import new_code
from marketplace.core.feedback import FeedbackReason
from marketplace.core.meetings import FollowUp, Outcome
from marketplace.core.money import Money
from marketplace.core.patent_record import validate_record
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.core.zone_state import ZoneAction
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.payments import record_payment
from marketplace.licensing import filing
from marketplace.licensing.models import Licence
from marketplace.licensing.services import take_licence
from marketplace.zones import meeting_services, registration
from marketplace.zones import services as zones
from marketplace.zones.attribution import source_zone_for
from marketplace.zones.models import Zone, ZonePatent, ZoneRegistration
from marketplace.zones.results import FigureKey, reason_rows_statement, rows_statement, zone_results
from tests.conftest import PATENT_DEFAULTS
from tests.helpers import application_number
from tests.zones.meeting_world import NOW, TODAY, add_enterprise, build_meeting_world, user

IN_WINDOW = date(2026, 12, 5)
AFTER_WINDOW = date(2027, 1, 5)
AT = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
AFTER_SLOTS = datetime(2026, 12, 10, 4, 0, tzinfo=UTC)
TRIAL = try_first_plan(Duration.days(30), Money.zero(), TrialEnd.CONVERT,
                       flat_plan(Money("10000.00"), Duration.years(1)))


@dataclass
class Built:
    """What the test world holds."""

    zone_id: int
    u0: int
    u1: int
    licences: dict[str, int]
    meetings: dict[str, int]


def _offer(university_id: int, staff_email: str, serial: int, plan) -> int:
    values = {**PATENT_DEFAULTS, "application_number": application_number(97_000 + serial)}
    record, problems = validate_record(values, TODAY)
    assert not problems, problems
    patent = create_patent(university_id, record)
    draft = declarations.save_draft(db.session.get(Patent, patent.id), user(staff_email), plan, "银行转账",
                                    "", TODAY)
    declarations.publish(draft, TODAY, NOW)
    return patent.id


def _take(email: str, patent_id: int, on: date, via_zone: int | None) -> int:
    taker = user(email)
    patent = db.session.get(Patent, patent_id)
    source = source_zone_for(taker.enterprise_id, patent_id, on, via_zone)
    declaration_id = declarations.current_declaration(patent_id).id
    moment = datetime(on.year, on.month, on.day, 2, tzinfo=UTC)
    licence = take_licence(taker, patent, declaration_id, on, on, moment, source_zone_id=source)
    return licence.id


def build() -> Built:
    """The world of the figures (inside an app context; committed)."""
    world = build_meeting_world(enterprises=3, capacity=3)
    zone = db.session.get(Zone, world.zone_id)
    u0, u1 = world.universities
    p0, p1 = world.patents
    e0, e1, e2 = world.enterprise_users
    _, outsider = add_enterprise(world, register=False)
    trial_patent = _offer(u0, world.staff[0], 1, TRIAL)
    elsewhere = _offer(u0, world.staff[0], 2, flat_plan(Money("30000.00"), Duration.years(1)))
    db.session.add(ZonePatent(zone_id=zone.id, patent_id=trial_patent, university_id=u0, position=9,
                              declaration_id=declarations.current_declaration(trial_patent).id,
                              added_by_id=zone.organiser_id))
    # Registrations: e0 names p0, e1 names p0 and p1, e2 names nothing; e0 checks in.
    registrations = {r.enterprise_id: r for r in db.session.scalars(
        select(ZoneRegistration).where(ZoneRegistration.zone_id == zone.id))}
    registrations[user(e0).enterprise_id].patents = [db.session.get(Patent, p0)]
    registrations[user(e1).enterprise_id].patents = [db.session.get(Patent, p0),
                                                     db.session.get(Patent, p1)]
    first = registrations[user(e0).enterprise_id]
    first.check_in_code = new_code()  # the world's codes are placeholders
    db.session.flush()
    registration.check_in(zone, user(world.organiser), first.check_in_code, AT)

    # Meetings: m1 held by both sides; m2 declined (price); m3 held for the enterprise only, no interest
    # (too early); m4 still waiting.
    slots = world.slots
    m1 = meeting_services.request_meeting(user(e0), zone, p0, "量产合作", [slots[0]], NOW)
    m2 = meeting_services.request_meeting(user(e1), zone, p1, "了解许可条件", [slots[0]], NOW)
    m3 = meeting_services.request_meeting(user(e1), zone, p0, "技术交流", [slots[1]], NOW)
    m4 = meeting_services.request_meeting(user(e2), zone, p1, "询价", [slots[2]], NOW)
    meeting_services.accept(user(world.staff[0]), m1.id, slots[0], NOW)
    meeting_services.decline(user(world.staff[1]), m2.id, FeedbackReason.PRICE_OR_TERMS, "", NOW)
    meeting_services.accept(user(world.staff[0]), m3.id, slots[1], NOW)
    for side in (e0, world.staff[0]):
        meeting_services.record_outcome(user(side), m1.id, Outcome.HELD, FollowUp.LICENCE_TAKEN, None, "",
                                        AFTER_SLOTS)
    meeting_services.record_outcome(user(e1), m3.id, Outcome.HELD, FollowUp.NO_INTEREST,
                                    FeedbackReason.TOO_EARLY, "", AFTER_SLOTS)

    licences = {
        "via_page": _take(e0, p0, IN_WINDOW, zone.id),             # u0, attributed through the page
        "registered": _take(e1, p1, IN_WINDOW, None),              # u1, attributed by registration
        "trial": _take(e0, trial_patent, IN_WINDOW, zone.id),      # u0, a trial converted after closing
        "not_registered": _take(outsider, p1, IN_WINDOW, None),    # no link, no registration
        "other_patent": _take(e2, elsewhere, IN_WINDOW, zone.id),  # the zone does not list it
    }
    run_due(IN_WINDOW)  # the flat licences' fees fall due at their start
    record_payment(db.session.get(Licence, licences["via_page"]), Money("20000.00"), "HK-001",
                   date(2026, 12, 6), date(2026, 12, 6))
    filing.record_filing(db.session.get(Licence, licences["via_page"]), user(e0), date(2026, 12, 10),
                         "2026990000123", date(2026, 12, 10))
    zones.change_status(zone, ZoneAction.CLOSE, date(2027, 1, 1))
    run_due(date(2027, 1, 4))  # the trial converts; its first charge (10,000) falls due
    licences["after_window"] = _take(e2, p1, AFTER_WINDOW, zone.id)  # the window is over
    record_payment(db.session.get(Licence, licences["trial"]), Money("10000.00"), "HK-002", date(2027, 1, 6),
                   date(2027, 1, 6))
    db.session.commit()
    return Built(zone.id, u0, u1, licences, {"m1": m1.id, "m2": m2.id, "m3": m3.id, "m4": m4.id})


@pytest.fixture
def built(app) -> Built:
    with app.app_context():
        return build()


EXPECTED = {  # figure: (u0, u1, total)
    FigureKey.REGISTRATIONS: (2, 1, 3),
    FigureKey.CHECK_INS: (1, 0, 1),
    FigureKey.MEETINGS_REQUESTED: (2, 2, 4),
    FigureKey.MEETINGS_ACCEPTED: (2, 0, 2),
    FigureKey.MEETINGS_HELD: (1, 0, 1),
    FigureKey.LICENCES: (2, 1, 3),
    FigureKey.TRIALS_STARTED: (1, 0, 1),
    FigureKey.TRIALS_CONVERTED: (1, 0, 1),
    FigureKey.FILINGS: (1, 0, 1),
}
MONEY = {  # figure: (u0, u1, total) in yuan
    FigureKey.FEES_CHARGED: ("60000.00", "50000.00", "110000.00"),
    FigureKey.FEES_COLLECTED: ("30000.00", "0.00", "30000.00"),
}


def test_every_figure_matches_the_hand_built_world(app, built):
    with app.app_context():
        results = zone_results(built.zone_id)
        by_university = {row.university.id: row for row in results.rows}
        assert set(by_university) == {built.u0, built.u1}
        for key, (u0, u1, total) in EXPECTED.items():
            got = (by_university[built.u0].counts[key], by_university[built.u1].counts[key],
                   results.total.counts[key])
            assert got == (u0, u1, total), key
        for key, amounts in MONEY.items():
            got = (by_university[built.u0].money[key], by_university[built.u1].money[key],
                   results.total.money[key])
            assert got == tuple(Money(amount) for amount in amounts), key
        reasons = {reason: count for reason, count in results.total.reasons.items() if count}
        assert reasons == {"price_or_terms": 1, "too_early": 1}
        assert by_university[built.u0].reasons["too_early"] == 1
        assert by_university[built.u1].reasons["price_or_terms"] == 1


def test_only_licences_through_the_zone_in_its_window_are_attributed(app, built):
    with app.app_context():
        source = dict(db.session.execute(select(Licence.id, Licence.source_zone_id)).tuples().all())
        attributed = {name for name, licence_id in built.licences.items()
                      if source[licence_id] == built.zone_id}
        assert attributed == {"via_page", "registered", "trial"}
        assert all(source[built.licences[name]] is None
                   for name in ("not_registered", "other_patent", "after_window"))


def test_the_rows_behind_each_figure_are_the_ones_counted(app, built):
    with app.app_context():
        results = zone_results(built.zone_id)
        for key in FigureKey:
            rows = db.session.scalars(rows_statement(key, built.zone_id, None)).all()
            if key in EXPECTED:
                assert len(rows) == results.total.counts[key], key
        licences = {licence.id for licence in db.session.scalars(
            rows_statement(FigureKey.TRIALS_CONVERTED, built.zone_id, built.u0))}
        assert licences == {built.licences["trial"]}
        held = [meeting.id for meeting in db.session.scalars(
            rows_statement(FigureKey.MEETINGS_HELD, built.zone_id, None))]
        assert held == [built.meetings["m1"]]
        declined = [meeting.id for meeting in db.session.scalars(
            reason_rows_statement(built.zone_id, FeedbackReason.PRICE_OR_TERMS, built.u1))]
        assert declined == [built.meetings["m2"]]
        assert db.session.scalars(rows_statement(FigureKey.LICENCES, built.zone_id, built.u1)).all() == [
            db.session.get(Licence, built.licences["registered"])]

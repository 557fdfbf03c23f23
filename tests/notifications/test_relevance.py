"""A notification whose subject no longer stands is not shown on the enterprise's dashboard: a trial
reminder once the trial was converted, declined or expired, an overdue 备案 once it is recorded, a
meeting reminder once the meeting is cancelled or its day has passed. News that stays true (a message in a
conversation) is always shown."""

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.licensing.models import Licence
from marketplace.notifications.models import Notification
from marketplace.notifications.relevance import still_applies
from marketplace.notifications.services import for_enterprise, notify
from marketplace.zones import meeting_services
from marketplace.zones.models import Zone
from tests.licensing.money_helpers import deal_factory, move_to, post, signed_in, visible
from tests.zones.meeting_world import NOW, build_meeting_world, user

FLAT = flat_plan(Money("60000.00"), Duration.years(3))
TRY_FIRST = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE, FLAT)
REMINDER = "ends on 2027-03-31. Convert to the paid licence or decline before then"
FILING = "was to be recorded (备案) with CNIPA by 2027-04-01 and no filing is recorded"


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


def _number(app, licence_id: int) -> str:
    with app.app_context():
        return db.session.get(Licence, licence_id).number


def test_a_trial_reminder_leaves_the_dashboard_once_the_trial_is_converted(app, deal, make_user):
    buyer_email = make_user(Role.ENTERPRISE_USER)
    converting = deal(TRY_FIRST, buyer=buyer_email)
    declining = deal(TRY_FIRST, buyer=buyer_email)
    move_to(app, date(2027, 1, 1), date(2027, 3, 25))  # seven days before the trials' last day: reminded
    buyer = signed_in(app, buyer_email)
    shown = visible(buyer.get("/dashboard"))
    for licence in (converting, declining):
        assert f"The trial of licence {_number(app, licence.licence_id)} {REMINDER}" in shown

    converted = post(buyer, f"{converting.url}/trial", {"decision": "convert"}, page=converting.url)
    assert converted.status_code == 302
    shown = visible(buyer.get("/dashboard"))
    assert f"The trial of licence {_number(app, converting.licence_id)} " not in shown
    assert f"The trial of licence {_number(app, declining.licence_id)} {REMINDER}" in shown

    assert post(buyer, f"{declining.url}/trial", {"decision": "decline", "confirm": "y"},
                page=declining.url).status_code == 302
    assert "The trial of licence" not in visible(buyer.get("/dashboard"))


def test_an_expired_trial_leaves_no_reminder(app, deal):
    trial = deal(TRY_FIRST)
    move_to(app, date(2027, 1, 1), date(2027, 3, 25))
    buyer = signed_in(app, trial.buyer)
    assert REMINDER in visible(buyer.get("/dashboard"))
    move_to(app, date(2027, 4, 1))  # the trial ends without a decision: the licence expires
    assert REMINDER not in visible(buyer.get("/dashboard"))


def test_an_overdue_filing_leaves_the_dashboard_once_recorded_and_other_news_stays(app, deal):
    flat = deal(FLAT)
    move_to(app, date(2027, 1, 1), date(2027, 4, 2))  # the 备案 deadline 2027-04-01 has passed
    with app.app_context():
        licence = db.session.get(Licence, flat.licence_id)
        notify("conversation-message:test", licence.enterprise_id, "conversation_message",
               sender="内蒙古大学", subject="稀土永磁", excerpt="请看附件。", path="/conversations/1")
        db.session.commit()
    buyer = signed_in(app, flat.buyer)
    shown = visible(buyer.get("/dashboard"))
    assert FILING in shown and "内蒙古大学 wrote in the conversation “稀土永磁”" in shown

    recorded = post(buyer, f"{flat.url}/filing", {"filed_on": "2027-04-02", "filing_number": "2027990000123"},
                    page=flat.url)
    assert recorded.status_code == 302
    shown = visible(buyer.get("/dashboard"))
    assert FILING not in shown
    assert "内蒙古大学 wrote in the conversation “稀土永磁”" in shown


def test_a_meeting_reminder_stands_while_the_meeting_is_accepted_and_not_past(app):
    day_before = date(2026, 12, 9)  # the session is on 2026-12-10

    def shown(day: date) -> list[str]:
        return list(db.session.scalars(select(Notification.key).where(
            Notification.kind == "meeting_reminder", still_applies(day)).order_by(Notification.key)))

    with app.app_context():
        world = build_meeting_world(enterprises=2, capacity=2, universities=2)
        zone = db.session.get(Zone, world.zone_id)
        ids = [meeting_services.request_meeting(user(world.enterprise_users[index]), zone,
                                                world.patents[index], "想了解", world.slots[:1], NOW).id
               for index in range(2)]
        for index in range(2):
            meeting_services.accept(user(world.staff[index]), ids[index], world.slots[0], NOW)
        assert run_due(day_before).meeting_reminders == 2
        both = [f"meeting-reminder:{ids[0]}:enterprise", f"meeting-reminder:{ids[0]}:university",
                f"meeting-reminder:{ids[1]}:enterprise", f"meeting-reminder:{ids[1]}:university"]
        assert shown(day_before) == both
        assert [each.key for each in for_enterprise(world.enterprises[1], day_before)] == [both[2]]

        meeting_services.cancel(user(world.enterprise_users[1]), ids[1], NOW)
        assert shown(day_before) == both[:2]  # both sides of the cancelled meeting: no longer shown
        assert for_enterprise(world.enterprises[1], day_before) == []
        assert shown(date(2026, 12, 10)) == both[:2]  # on the day itself
        assert shown(date(2026, 12, 11)) == []  # once the day has passed

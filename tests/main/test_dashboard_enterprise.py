"""The enterprise's dashboard: every figure checked against a world built through the services (licences
with charges paid in part, a trial, 备案 filed, due and overdue, needs with answers unread and accepted,
a zone registration, meetings waiting, upcoming and held), the page's links, the empty dashboard of a new
enterprise, and a number of SQL statements that does not grow with the data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.conversations.models import Conversation, Side
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.meetings import FollowUp, Outcome
from marketplace.core.money import Money
from marketplace.core.need_state import NeedStatus
from marketplace.core.pricing import Duration, flat_plan
from marketplace.dashboards.enterprise import enterprise_dashboard
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.payments import record_payment
from marketplace.licensing import filing
from marketplace.licensing.models import Licence
from marketplace.needs.models import Need
from marketplace.zones import meeting_services
from marketplace.zones.models import Zone, ZonePatent
from tests.helpers import login, page_text
from tests.main.statement_count import statements_of_get
from tests.zones.meeting_world import NOW, build_meeting_world, user
from tests.zones.test_results_figures import TRIAL, _offer, _take

DAY = date(2026, 12, 8)
# On the dashboard's day, at 10:00 in Shanghai: before the session of 10 December.
DASHBOARD_NOW = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
AFTER_SLOTS = datetime(2026, 12, 10, 4, 0, tzinfo=UTC)


@dataclass
class World:
    """What the test world holds."""

    enterprise_id: int
    email: str
    licences: dict[str, int]
    meetings: dict[str, int]
    zone_id: int
    other_email: str


def _need(enterprise_id: int, author_id: int, title: str, status: NeedStatus) -> Need:
    need = Need(enterprise_id=enterprise_id, created_by_id=author_id, title=title,
                description="需要解决的问题", status=status)
    db.session.add(need)
    db.session.flush()
    return need


def _answer(need: Need, university_id: int, *, read: bool, accepted: bool, serial: int) -> None:
    at = datetime(2026, 12, 3, serial, tzinfo=UTC)
    db.session.add(Conversation(
        enterprise_id=need.enterprise_id, university_id=university_id, need_id=need.id,
        subject=f"答复{serial}", started_by=Side.UNIVERSITY, created_at=at, last_message_at=at,
        enterprise_read_at=at if read else None, answer_accepted_at=at if accepted else None))


def build() -> World:
    """The enterprise's world (inside an app context; committed)."""
    world = build_meeting_world(enterprises=2, capacity=2, serial=7)
    zone = db.session.get(Zone, world.zone_id)
    u0, u1 = world.universities
    p0, p1 = world.patents
    e0, e1 = world.enterprise_users
    trial_patent = _offer(u0, world.staff[0], 71, TRIAL)
    db.session.add(ZonePatent(zone_id=zone.id, patent_id=trial_patent, university_id=u0, position=9,
                              declaration_id=declarations.current_declaration(trial_patent).id,
                              added_by_id=zone.organiser_id))
    licences = {"paid_in_part": _take(e0, p0, date(2026, 12, 1), None)}
    run_due(date(2026, 12, 1))  # its fee (50,000) falls due on its first day
    record_payment(db.session.get(Licence, licences["paid_in_part"]), Money("20000.00"), "HK-701",
                   date(2026, 12, 2), date(2026, 12, 2))
    filing.record_filing(db.session.get(Licence, licences["paid_in_part"]), user(e0), date(2026, 12, 3),
                         "2026990000777", date(2026, 12, 3))
    licences["trial"] = _take(e0, trial_patent, date(2026, 12, 5), None)
    licences["due_today"] = _take(e0, p1, DAY, None)
    run_due(DAY)  # its fee (50,000) falls due today: owed, not past due
    late = db.session.get(Licence, licences["due_today"])
    late.filing_deadline = date(2026, 12, 1)  # a 备案 whose deadline has passed
    licences["other_enterprise"] = _take(e1, trial_patent, date(2026, 12, 5), None)

    slots = world.slots
    upcoming = meeting_services.request_meeting(user(e0), zone, p0, "量产合作", [slots[0]], NOW)
    held = meeting_services.request_meeting(user(e0), zone, p1, "了解许可条件", [slots[1]], NOW)
    waiting = meeting_services.request_meeting(user(e0), zone, trial_patent, "询价", [slots[2]], NOW)
    meeting_services.accept(user(world.staff[0]), upcoming.id, slots[0], NOW)
    meeting_services.accept(user(world.staff[1]), held.id, slots[1], NOW)
    for side in (e0, world.staff[1]):
        meeting_services.record_outcome(user(side), held.id, Outcome.HELD, FollowUp.FURTHER_TALKS, None, "",
                                        AFTER_SLOTS)

    enterprise_id = user(e0).enterprise_id
    author = user(e0).id
    open_need = _need(enterprise_id, author, "稀土永磁回收工艺", NeedStatus.OPEN)
    _need(enterprise_id, author, "低温烧结", NeedStatus.SOLVED)
    _answer(open_need, u0, read=False, accepted=False, serial=1)
    _answer(open_need, u1, read=True, accepted=True, serial=2)
    other_need = _need(user(e1).enterprise_id, user(e1).id, "别家的需求", NeedStatus.OPEN)
    _answer(other_need, u0, read=False, accepted=True, serial=3)
    db.session.commit()
    return World(enterprise_id, e0, licences, {"upcoming": upcoming.id, "held": held.id,
                                               "waiting": waiting.id}, zone.id, e1)


@pytest.fixture
def built(app) -> World:
    with app.app_context():
        return build()


@pytest.fixture
def frozen(app):
    saved = app.config.get("FROZEN_TODAY")
    app.config["FROZEN_TODAY"] = DAY.isoformat()
    yield
    app.config["FROZEN_TODAY"] = saved


def test_every_figure_of_the_enterprise_dashboard(app, built):
    with app.app_context():
        board = enterprise_dashboard(built.enterprise_id, DAY, DASHBOARD_NOW)
        trial = db.session.get(Licence, built.licences["trial"])
        assert trial.trial_last_day == date(2027, 1, 3)
        assert board.licences_by_status == {LicenceStatus.ACTIVE: 2, LicenceStatus.TRIAL: 1}
        assert board.live_licences == 3
        assert board.balance == Money("80000.00")
        lines = [(line.id, line.next_due, line.next_amount, line.balance) for line in board.licence_lines]
        assert lines == [
            (built.licences["paid_in_part"], date(2026, 12, 1), Money("30000.00"), Money("30000.00")),
            (built.licences["due_today"], DAY, Money("50000.00"), Money("50000.00")),
            (built.licences["trial"], date(2027, 1, 4), Money("10000.00"), Money("0.00")),
        ]
        assert board.trials == 1
        assert [(line.id, line.last_day, line.days_left) for line in board.trial_lines] == [
            (built.licences["trial"], date(2027, 1, 3), 27)]
        assert (board.due_count, board.due, board.past_due_count, board.past_due) == (
            2, Money("80000.00"), 1, Money("30000.00"))
        assert [(line.licence_id, line.due_date, line.amount, line.past_due) for line in board.due_lines] == [
            (built.licences["paid_in_part"], date(2026, 12, 1), Money("30000.00"), True),
            (built.licences["due_today"], DAY, Money("50000.00"), False),
        ]
        assert (board.filings_to_make, board.filings_overdue) == (2, 1)
        assert [(line.licence_id, line.deadline, line.overdue) for line in board.filing_lines] == [
            (built.licences["due_today"], date(2026, 12, 1), True),
            (built.licences["trial"], trial.filing_deadline, False),
        ]
        assert board.needs_by_status == {NeedStatus.OPEN: 1, NeedStatus.SOLVED: 1}
        assert (board.needs, board.answers, board.answers_unread, board.answers_accepted) == (2, 2, 1, 1)
        assert board.zones == 1 and [line.id for line in board.zone_lines] == [built.zone_id]
        assert not board.zone_lines[0].checked_in
        assert (board.meetings_requested, board.meetings_waiting, board.meetings_upcoming,
                board.meetings_held) == (3, 1, 1, 1)
        [meeting] = board.meeting_lines
        assert (meeting.id, meeting.starts_at, meeting.place) == (
            built.meetings["upcoming"], datetime(2026, 12, 10, 1, 0, tzinfo=UTC), "A厅")
        assert not board.is_new


def test_a_trial_past_its_last_day_has_no_days_left_and_meetings_past_are_not_upcoming(app, built):
    with app.app_context():
        board = enterprise_dashboard(built.enterprise_id, date(2027, 1, 4), datetime(2027, 1, 4, tzinfo=UTC))
        assert [line.days_left for line in board.trial_lines] == [0]
        assert board.meetings_upcoming == 0 and board.meeting_lines == []
        assert board.meetings_held == 1
        assert board.past_due_count == 2 and board.past_due == Money("80000.00")
        assert board.filings_overdue == 1


def test_the_page_shows_the_figures_with_links_to_the_lists_behind(app, client, built, frozen):
    login(client, built.email)
    response = client.get("/dashboard")
    assert response.status_code == 200
    html = response.get_data(as_text=True)

    def figure(name: str) -> str:
        found = re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', html)
        assert found, name
        return found.group(1).strip()

    assert figure("live-licences") == "3" and figure("balance") == "¥80,000.00"
    assert figure("trials") == "1" and figure("due") == "¥80,000.00"
    assert "¥30,000.00" in figure("past-due") and "1" in figure("past-due")
    assert figure("filings") == "2" and "1" in figure("filings-overdue")
    assert (figure("needs"), figure("answers"), figure("answers-unread"), figure("answers-accepted")) == (
        "2", "2", "1", "1")
    assert (figure("zones"), figure("meetings-requested"), figure("meetings-waiting"),
            figure("meetings-upcoming"), figure("meetings-held")) == ("1", "3", "1", "1", "1")
    text = page_text(response)
    assert "已逾期" in text and "2027-01-03" in text and "A厅" in text
    for path in ("/my/licences", "/my/needs", "/threads", "/my/registrations", "/meetings",
                 f"/licences/{built.licences['paid_in_part']}", f"/meetings/{built.meetings['upcoming']}"):
        assert f'href="{path}"' in html, path
        assert client.get(path).status_code == 200, path
    assert f"/licences/{built.licences['other_enterprise']}\"" not in html


def test_a_new_enterprise_sees_zeros_and_what_to_do_next(app, client, make_user, frozen):
    email = make_user(Role.ENTERPRISE_USER)
    login(client, email)
    response = client.get("/dashboard")
    assert response.status_code == 200
    text = page_text(response)
    assert "从这里开始" in text and "在专利目录中查找专利" in text
    html = response.get_data(as_text=True)
    for name in ("live-licences", "trials", "filings", "zones", "meetings-requested"):
        assert re.search(rf'data-figure="{name}"[^>]*>0<', html), name
    assert 'data-figure="balance">¥0.00<' in html and 'data-figure="due">¥0.00<' in html
    with app.app_context():
        board = enterprise_dashboard(user(email).enterprise_id, DAY, DASHBOARD_NOW)
        assert board.is_new and board.balance == Money.zero() and board.licence_lines == []


def test_the_number_of_statements_does_not_grow_with_the_data(app, client, built, frozen):
    login(client, built.email)
    client.get("/dashboard")  # anything loaded once per process is loaded
    small = statements_of_get(app, client, "/dashboard")
    with app.app_context():
        e0 = built.email
        enterprise_id = user(e0).enterprise_id
        university_id = db.session.scalar(select(Patent.university_id).limit(1))
        staff = db.session.scalars(select(User).where(User.university_id == university_id)).first()
        for serial in range(72, 78):
            plan = flat_plan(Money("1000.00"), Duration.years(1))
            patent_id = _offer(university_id, staff.email, serial, plan)
            licence_id = _take(e0, patent_id, date(2026, 12, 6), None)
            db.session.get(Licence, licence_id).filing_deadline = date(2026, 12, 2)
        run_due(date(2026, 12, 6))
        for serial in range(4, 10):
            need = _need(enterprise_id, user(e0).id, f"更多需求{serial}", NeedStatus.OPEN)
            _answer(need, university_id, read=bool(serial % 2), accepted=False, serial=serial)
        db.session.commit()
    larger = statements_of_get(app, client, "/dashboard")
    with app.app_context():
        board = enterprise_dashboard(enterprise_id, DAY, DASHBOARD_NOW)
        assert board.live_licences == 9 and board.needs == 8 and len(board.licence_lines) == 5
    assert larger == small


def test_another_enterprise_sees_only_its_own(app, built):
    with app.app_context():
        board = enterprise_dashboard(user(built.other_email).enterprise_id, DAY, DASHBOARD_NOW)
        assert board.live_licences == 1 and board.trials == 1 and board.balance == Money.zero()
        assert (board.needs, board.answers, board.answers_unread, board.answers_accepted) == (1, 1, 1, 1)
        assert board.meetings_requested == 0 and board.zones == 1

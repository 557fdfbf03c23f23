"""The world of the university dashboard's tests: the zone results world (two universities, a zone with
meetings, licences, payments, a filing; tests/zones/test_results_figures.build) and, for the first
university, needs answered and accepted (one by an enterprise it served otherwise too, one by a new
enterprise), an enterprise's question about a patent, a stored match of a live need and a 备案 deadline
passed. `TODAY` is the day the pages are read on; the figures are those of `YEAR`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from marketplace.conversations import services as conversations
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.payments import record_payment
from marketplace.licensing.models import Licence
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need
from tests.zones.meeting_world import add_enterprise, user
from tests.zones.test_results_figures import Built, _offer, _take, build

YEAR = 2026
TODAY = date(2027, 1, 10)
ANSWERED = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
LATER = date(2026, 12, 20)
STAFF = "meet-ip1-0@example.com"  # the first university's IP centre in the meeting world (serial 1)
OTHER_STAFF = "meet-ip1-1@example.com"


@dataclass
class DashboardWorld:
    """The zone world's ids and the enterprises added here."""

    built: Built
    newcomer: str  # e-mail of the enterprise served only by an accepted answer
    newcomer_name: str
    newcomer_code: str
    outsider_name: str  # an enterprise served by the other university only
    via_page_patent: int  # the patent of the first licence: two meeting requests and a question


def _need(email: str, title: str) -> Need:
    taker = user(email)
    need = Need(enterprise_id=taker.enterprise_id, created_by_id=taker.id, title=title,
                description="需要技术",
                created_at=datetime(2026, 11, 20, 2, tzinfo=UTC))
    db.session.add(need)
    db.session.flush()
    return need


def _answered_and_accepted(email: str, title: str) -> Need:
    need = _need(email, title)
    conversation = conversations.answer_need(user(STAFF), need.id, "我校专利可以解决", None, ANSWERED)
    conversations.accept_answer(user(email), conversation.id, ANSWERED)
    return need


def build_dashboard_world() -> DashboardWorld:
    """Build and commit (inside an app context)."""
    built = build()
    first_enterprise = f"meet-ent{built.zone_id}-1@example.com"
    second_enterprise = f"meet-ent{built.zone_id}-2@example.com"
    _answered_and_accepted(first_enterprise, "稀土永磁量产")  # served by a licence and a meeting already
    world_stub = type("W", (), {"zone_id": built.zone_id, "enterprises": [0, 0, 0, 0]})()
    enterprise_id, newcomer = add_enterprise(world_stub, register=False)
    need = _answered_and_accepted(newcomer, "稀土抛光粉")
    first_patent = db.session.get(Licence, built.licences["via_page"]).patent_id
    db.session.add(NeedMatch(need_id=need.id, patent_id=first_patent, university_id=built.u0, rank=1,
                             score=90))
    conversations.ask_about_patent(user(second_enterprise), db.session.get(
        Licence, built.licences["via_page"]).patent_id, "请问许可条件", datetime(2026, 12, 2, 3, tzinfo=UTC))
    # the licence taken on a patent the zone does not list: its 备案 deadline has passed
    db.session.get(Licence, built.licences["other_patent"]).filing_deadline = date(2027, 1, 5)
    db.session.commit()
    newcomer_user = user(newcomer)
    outsider = db.session.get(Licence, built.licences["not_registered"]).enterprise
    return DashboardWorld(built, newcomer, newcomer_user.enterprise.name,
                          newcomer_user.enterprise.credit_code, outsider.name, first_patent)


def grow(world: DashboardWorld, more: int = 4) -> None:
    """More of everything for the first university: patents on offer, enterprises taking licences on them,
    their charges posted and some paid (inside an app context; commits)."""
    stub = type("W", (), {"zone_id": world.built.zone_id, "enterprises": [0] * 10})()
    for index in range(more):
        patent_id = _offer(world.built.u0, STAFF, 20 + index, flat_plan(Money("1000.00"), Duration.years(1)))
        stub.enterprises.append(0)
        _, email = add_enterprise(stub, register=False)
        licence_id = _take(email, patent_id, LATER, None)
        run_due(LATER)
        if index % 2:
            record_payment(db.session.get(Licence, licence_id), Money("500.00"), f"GROW-{index}", LATER,
                           LATER)
    db.session.commit()

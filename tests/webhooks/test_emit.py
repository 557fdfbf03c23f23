"""Events queue one delivery per active subscribed partner, in the transaction that made them, from
each service where they happen; bodies carry money as strings and dates in ISO 8601."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import PaymentNotice
from marketplace.ledger.notices import confirm_notice, notify_transfer
from marketplace.ledger.payments import record_payment
from marketplace.licensing.filing import record_filing
from marketplace.licensing.services import decide_trial
from marketplace.webhooks.models import DeliveryStatus, WebhookDelivery
from marketplace.webhooks.services import emit, event_id
from tests.ledger import licence_factory as factory
from tests.webhooks.partners import NOW, partner

FLAT = flat_plan(Money("10000.00"), Duration.years(1))
TRIAL = try_first_plan(Duration.days(30), Money.zero(), TrialEnd.CONVERT, FLAT)


def deliveries(event_type: str | None = None) -> list[WebhookDelivery]:
    stmt = select(WebhookDelivery).order_by(WebhookDelivery.partner_id, WebhookDelivery.id)
    if event_type:
        stmt = stmt.where(WebhookDelivery.event_type == event_type)
    return list(db.session.scalars(stmt))


def body(delivery: WebhookDelivery) -> dict:
    return json.loads(delivery.body)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def three_partners(ctx):
    """Two active partners subscribed to everything, one inactive, one subscribed to declarations only."""
    return {"a": partner(), "b": partner(name="乙"), "off": partner(active=False),
            "decl": partner(["declaration.published", "declaration.withdrawn"])}


def _staff(offer) -> User:
    return db.session.get(User, offer.staff_id)


def _buyer(licence) -> User:
    return db.session.scalars(select(User).where(User.enterprise_id == licence.enterprise_id)).one()


def test_emit_queues_once_per_subscribed_active_partner_and_key(three_partners):
    data = {"amount": "1.00"}
    assert emit("licence.taken", "licence.taken:1", data, NOW) == 2
    assert emit("licence.taken", "licence.taken:1", data, NOW) == 0  # a retried job queues nothing twice
    rows = deliveries("licence.taken")
    assert [row.partner_id for row in rows] == [three_partners["a"].id, three_partners["b"].id]
    assert {row.status for row in rows} == {DeliveryStatus.PENDING}
    assert {row.next_attempt_at for row in rows} == {NOW}
    assert rows[0].body == rows[1].body  # the same bytes for everyone
    assert body(rows[0]) == {"id": event_id("licence.taken:1"), "type": "licence.taken",
                             "created_at": "2026-11-26T02:00:00Z", "data": data}


def test_emit_refuses_an_unknown_type_and_floats(three_partners):
    with pytest.raises(ValueError):
        emit("licence.lost", "x", {}, NOW)
    with pytest.raises(TypeError):
        emit("licence.taken", "licence.taken:2", {"amount": 1.5}, NOW)


def test_no_partner_no_delivery(ctx):
    offer = factory.offer(FLAT)
    factory.take(offer)
    assert deliveries() == []


def test_taking_a_licence(three_partners):
    offer = factory.offer(FLAT)
    licence = factory.take(offer)
    rows = deliveries("licence.taken")
    assert len(rows) == 2 and {row.event_key for row in rows} == {f"licence.taken:{licence.id}"}
    data = body(rows[0])["data"]
    assert data["licence"]["number"] == licence.number
    assert data["licence"]["start_date"] == "2027-01-01"
    assert data["patent"]["application_number"] == licence.patent.application_number
    assert data["patent"]["title"] == "一种稀土永磁材料的制备方法"
    assert data["university"]["name"].startswith("并发测试大学")
    enterprise = licence.enterprise
    assert data["enterprise"] == {"name": enterprise.name, "credit_code": enterprise.credit_code}
    assert data["charges"] == [{"kind": "fixed", "due_date": "2027-01-01", "amount": "10000.00",
                                "currency": "CNY"}]
    assert data["scheduled_total"] == "10000.00"
    assert "10000.00" in rows[0].body.decode() and "10000.0," not in rows[0].body.decode()


def test_converting_a_trial_early(three_partners):
    licence = factory.take(factory.offer(TRIAL), start=date(2026, 11, 26))
    decide_trial(licence, _buyer(licence), True, date(2026, 11, 30), NOW + timedelta(days=4))
    rows = deliveries("trial.converted")
    assert len(rows) == 2
    data = body(rows[0])["data"]
    assert data["how"] == "early" and data["converted_on"] == "2026-11-30"
    assert body(rows[0])["created_at"] == "2026-11-30T02:00:00Z"


def test_declining_a_trial_is_no_event(three_partners):
    licence = factory.take(factory.offer(TRIAL), start=date(2026, 11, 26))
    decide_trial(licence, _buyer(licence), False, date(2026, 11, 30), NOW)
    assert deliveries("trial.converted") == []


def test_the_job_converting_trials_queues_once_however_often_it_runs(three_partners):
    licence = factory.take(factory.offer(TRIAL), start=date(2026, 11, 26))
    for _ in range(2):
        run_due(date(2026, 12, 27), now=NOW + timedelta(days=31))
    rows = deliveries("trial.converted")
    assert [row.event_key for row in rows] == [f"trial.converted:{licence.id}"] * 2
    assert body(rows[0])["data"]["how"] == "trial_end"
    assert body(rows[0])["data"]["licence"]["status"] == "active"


def test_recording_a_payment_and_again(three_partners):
    licence = factory.take(factory.offer(FLAT), start=date(2026, 11, 26))
    run_due(date(2026, 11, 26))
    assert record_payment(licence, Money("4000.00"), "B-001", date(2026, 11, 26), date(2026, 11, 26), NOW)
    assert not record_payment(licence, Money("4000.00"), "B-001", date(2026, 11, 26), date(2026, 11, 26), NOW)
    rows = deliveries("payment.confirmed")
    assert len(rows) == 2
    payment = body(rows[0])["data"]["payment"]
    assert payment == {"amount": "4000.00", "currency": "CNY", "reference": "B-001",
                       "received_on": "2026-11-26"}


def test_confirming_a_transfer_notice_twice(three_partners):
    offer = factory.offer(FLAT)
    licence = factory.take(offer, start=date(2026, 11, 26))
    run_due(date(2026, 11, 26))
    day = date(2026, 11, 26)
    notice = notify_transfer(licence, _buyer(licence), Money("10000.00"), "T-9", day, day)
    assert confirm_notice(notice, _staff(offer), date(2026, 11, 27), NOW)
    again = db.session.get(PaymentNotice, notice.id)
    assert not confirm_notice(again, _staff(offer), date(2026, 11, 27), NOW)
    rows = deliveries("payment.confirmed")
    assert len(rows) == 2 and body(rows[0])["data"]["payment"]["amount"] == "10000.00"


def test_recording_the_filing_once(three_partners):
    offer = factory.offer(FLAT)
    licence = factory.take(offer, start=date(2026, 11, 26))
    staff = _staff(offer)
    assert record_filing(licence, staff, date(2026, 11, 26), "2026990001", date(2026, 11, 27), NOW)
    assert not record_filing(licence, staff, date(2026, 11, 26), "2026990001", date(2026, 11, 27), NOW)
    rows = deliveries("filing.recorded")
    assert len(rows) == 2
    assert body(rows[0])["data"]["filing"] == {"filed_on": "2026-11-26", "filing_number": "2026990001"}


def test_publishing_replacing_and_withdrawing_declarations(three_partners):
    offer = factory.offer(FLAT)  # published: one event per declaration subscriber (three partners)
    first = db.session.get(Declaration, offer.declaration_id)
    published = deliveries("declaration.published")
    assert len(published) == 3 and body(published[0])["data"]["declaration"]["fixed_total"] == "10000.00"
    patent = first.patent
    draft = declarations.save_draft(patent, _staff(offer), flat_plan(Money("8000.00"), Duration.years(1)),
                                    "银行转账", "", date(2026, 11, 26))
    declarations.publish(draft, date(2026, 11, 27), NOW)  # replaces (withdraws) the first version
    withdrawn = deliveries("declaration.withdrawn")
    assert {row.event_key for row in withdrawn} == {f"declaration.withdrawn:{first.id}"}
    assert body(withdrawn[0])["data"]["declaration"]["withdrawal_reason"]
    declarations.withdraw(draft, "专利权转让", date(2026, 11, 28), NOW)
    assert db.session.get(Declaration, draft.id).status == DeclarationStatus.WITHDRAWN
    keys = {row.event_key for row in deliveries("declaration.withdrawn")}
    assert keys == {f"declaration.withdrawn:{first.id}", f"declaration.withdrawn:{draft.id}"}
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 3 + 3 + 3 + 3


def test_an_event_that_rolls_back_was_never_queued(app, three_partners):
    offer = factory.offer(FLAT)
    before = len(deliveries())
    savepoint = db.session.begin_nested()
    factory.take(offer)
    assert len(deliveries()) == before + 2
    savepoint.rollback()
    assert len(deliveries()) == before

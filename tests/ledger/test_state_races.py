"""Conflicting changes to one licence at once: exactly one wins, the other is refused, the ledger holds.

Each pair fires its writers together (a barrier releases them), each on its own connection, committing,
for several rounds: on SQLite the writers queue on BEGIN IMMEDIATE; on PostgreSQL (when DATABASE_URL names
it) each service takes the licence for change (SELECT … FOR UPDATE) before it reads the status, so the
loser reads the winner's result and the state machine refuses it. Before that lock, convert and decline
could both succeed and leave an active licence with every charge voided: a free licence.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import cycle
from threading import Lock

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, staged_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction, PaymentNotice
from marketplace.ledger.notices import confirm_notice, notify_transfer
from marketplace.ledger.payments import record_payment
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory
from marketplace.licensing.services import decide_trial, stop_at_stage, terminate
from marketplace.service_errors import ServiceError
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

ROUNDS = 8
ONLY_TRIALS = "Only a licence on trial can be converted or declined."
START = date(2027, 1, 1)
NOW = factory.NOW


def _buyer(licence: Licence) -> User:
    return db.session.scalar(select(User).where(User.enterprise_id == licence.enterprise_id))


def _kinds(licence_id: int) -> list[str]:
    return list(db.session.scalars(select(LicenceHistory.kind).where(LicenceHistory.licence_id == licence_id)
                                   .order_by(LicenceHistory.id)))


def _together(app, works):
    """Run each of `works` in its own thread at once; (results, errors) with ServiceError counted apart."""
    pending, guard = cycle(works), Lock()

    def one():
        with guard:
            work = next(pending)
        try:
            return work()
        except ServiceError as refusal:
            return refusal

    results, errors = run_together(app, len(works), one)
    refused = [r for r in results if isinstance(r, ServiceError)]
    return [r for r in results if not isinstance(r, ServiceError)], refused, errors


@pytest.mark.parametrize("backend", BACKENDS)
def test_convert_and_decline_at_once_one_wins_and_no_licence_is_free(backend, tmp_path):
    plan = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT,
                          flat_plan(Money("60000.00"), Duration.years(2)))
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            on = factory.offer(plan)
            db.session.commit()
        outcomes = []
        for _ in range(ROUNDS):
            with app.app_context():
                licence = factory.take(on, START)
                licence_id, user_id = licence.id, _buyer(licence).id
                db.session.commit()

            def decide(convert: bool, licence_id=licence_id, user_id=user_id):
                return lambda: decide_trial(db.session.get(Licence, licence_id),
                                            db.session.get(User, user_id), convert,
                                            START + timedelta(days=10)).status

            won, refused, errors = _together(app, [decide(True), decide(False)] * 3)
            assert errors == []
            assert len(won) == 1 and len(refused) == 5
            assert {str(r.message) for r in refused} == {ONLY_TRIALS}
            with app.app_context():
                licence = db.session.get(Licence, licence_id)
                voided = db.session.scalars(select(LicenceCharge.voided_on)
                                            .where(LicenceCharge.licence_id == licence_id)).all()
                kinds = _kinds(licence_id)
                assert licence.status == won[0]
                if licence.status == LicenceStatus.ACTIVE:
                    assert voided == [None] and "declined" not in kinds
                else:
                    assert licence.status == LicenceStatus.DECLINED
                    assert None not in voided and "converted" not in kinds
                outcomes.append(licence.status)
        with app.app_context():
            assert audit() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_decline_on_the_last_trial_day_and_the_trial_end_at_once(backend, tmp_path):
    plan = try_first_plan(Duration.days(30), Money.zero(), TrialEnd.CONVERT,
                          flat_plan(Money("8000.00"), Duration.years(2)))
    last_day = START + timedelta(days=29)
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            on = factory.offer(plan)
            db.session.commit()
        for _ in range(ROUNDS):
            with app.app_context():
                licence = factory.take(on, START)
                licence_id, user_id = licence.id, _buyer(licence).id
                db.session.commit()

            def decline(licence_id=licence_id, user_id=user_id):
                decide_trial(db.session.get(Licence, licence_id), db.session.get(User, user_id), False,
                             last_day)
                return "declined"

            def end_trial():
                return "converted" if run_due(last_day + timedelta(days=1)).trials_ended else "skipped"

            won, refused, errors = _together(app, [decline, end_trial])
            assert errors == []
            with app.app_context():
                licence = db.session.get(Licence, licence_id)
                kinds = _kinds(licence_id)
            if "declined" in won:
                assert refused == [] and licence.status == LicenceStatus.DECLINED
                assert "converted" not in kinds
            else:
                assert [str(r.message) for r in refused] == [ONLY_TRIALS]
                assert licence.status == LicenceStatus.ACTIVE and "declined" not in kinds
        with app.app_context():
            run_due(last_day + timedelta(days=1))  # a trial a claimed decline kept from the job ends now
            assert audit() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_stop_at_stage_and_terminate_at_once_one_wins(backend, tmp_path):
    plan = staged_plan([(Duration.months(6), Money("10000.00")), (Duration.months(6), Money("20000.00")),
                        (None, Money("30000.00"))], Duration.years(2))
    today = START + timedelta(days=40)
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            on = factory.offer(plan)
            db.session.commit()
        for _ in range(ROUNDS):
            with app.app_context():
                licence = factory.take(on, START)
                run_due(START)
                record_payment(licence, Money("10000.00"), f"REF-{licence.id}", START)
                licence_id, user_id, staff_id = licence.id, _buyer(licence).id, on.staff_id
                db.session.commit()

            def stop(licence_id=licence_id, user_id=user_id):
                return stop_at_stage(db.session.get(Licence, licence_id), db.session.get(User, user_id),
                                     today)

            def end(licence_id=licence_id, staff_id=staff_id):
                return terminate(db.session.get(Licence, licence_id), db.session.get(User, staff_id),
                                 "by agreement", today).status

            won, refused, errors = _together(app, [stop, end])
            assert errors == [] and len(won) == 1 and len(refused) == 1
            with app.app_context():
                licence = db.session.get(Licence, licence_id)
                status, stops_on = licence.status, licence.stops_on
            message = str(refused[0].message)  # outside the app: the English source text
            if won == [LicenceStatus.TERMINATED]:
                assert status == LicenceStatus.TERMINATED and stops_on is None
                assert message == "Only an active licence in good standing can stop at a stage boundary."
            else:
                assert status == LicenceStatus.ACTIVE and stops_on == won[0]
                assert message.startswith("The enterprise already stops this licence")
        with app.app_context():
            assert audit() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_terminate_and_confirm_payment_at_once_never_revive_a_terminated_licence(backend, tmp_path):
    """A payment of what a suspended licence owes is always taken (what is due stays owed after a
    termination); whichever comes first, the licence ends terminated and is never brought back to active."""
    fee = Money("5000.00")
    today = START + timedelta(days=100)
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            on = factory.offer(flat_plan(fee, Duration.years(2)))
            db.session.commit()
        orders = set()
        for round_ in range(ROUNDS):
            with app.app_context():
                licence = factory.take(on, START)
                licence_id, staff_id = licence.id, on.staff_id
                db.session.commit()
            with app.app_context():
                for day in (START, START + timedelta(days=31), today):
                    run_due(day)
                licence = db.session.get(Licence, licence_id)
                assert licence.status == LicenceStatus.SUSPENDED
                notice_id = notify_transfer(licence, _buyer(licence), fee, f"BANK-{round_}", today, today).id
                db.session.commit()

            def confirm(notice_id=notice_id, staff_id=staff_id):
                return confirm_notice(db.session.get(PaymentNotice, notice_id),
                                      db.session.get(User, staff_id), today, NOW)

            def end(licence_id=licence_id, staff_id=staff_id):
                return terminate(db.session.get(Licence, licence_id), db.session.get(User, staff_id),
                                 "unpaid for 100 days", today).status

            won, refused, errors = _together(app, [confirm, end])
            assert errors == [] and refused == [] and sorted(map(str, won)) == ["True", "terminated"]
            with app.app_context():
                licence = db.session.get(Licence, licence_id)
                kinds = _kinds(licence_id)
                payments = db.session.scalars(select(LedgerTransaction.id).where(
                    LedgerTransaction.licence_id == licence_id,
                    LedgerTransaction.kind == "payment_received")).all()
                assert licence.status == LicenceStatus.TERMINATED and len(payments) == 1
                assert kinds[-1] in ("terminated", "payment_received")
                assert "settled" not in kinds[kinds.index("terminated"):]
                orders.add("settled" in kinds)
        with app.app_context():
            assert audit() == []

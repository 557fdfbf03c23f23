"""Random sequences of ledger operations keep every invariant (Hypothesis stateful testing).

Licences are taken on seven plans (flat, instalments, try-first converting, try-first expiring,
royalty with an annual minimum, a trial ending at a milestone, a stage due at a milestone); trials are
converted or declined, milestones reported and confirmed or rejected, payments recorded (and old bank
references re-submitted), royalty reports filed, time moved by `run_due`, payments reversed, charges
waived, licences terminated and staged licences stopped at a stage boundary, disputes opened on open
charges (by either party, one per licence and subject) and resolved (settled with a waiver of the disputed
charges, or withdrawn), each step in its own
application context and committed, as a request would. A plain model (tests/ledger/ledger_model.py)
says what each licence owes and which charges will never fall due; after every step the database must
agree with it and `audit()` must find nothing — including a licence whose status is not the one its
history leads to. A disputed charge makes no licence overdue or suspended while its dispute is open.
Each example runs inside a savepoint rolled back afterwards.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.core.disputes import DisputeOutcome, DisputeSubject, Resolution
from marketplace.core.licence_state import TERMINAL, LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import (
    Duration,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    instalment_plan,
    royalty_plan,
    staged_plan,
    try_first_plan,
)
from marketplace.core.schedule import build_schedule, year_minimum
from marketplace.declarations.plan_storage import read_plan
from marketplace.disputes import services as disputes
from marketplace.disputes.models import Dispute
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import ChargeSettlement, LedgerLeg, LedgerTransaction
from marketplace.ledger.payments import outstanding, record_payment, reverse_payment, waive_charge
from marketplace.ledger.services import audit
from marketplace.ledger.standing import dunning_policy
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceCharge, LicenceHistory
from marketplace.licensing.services import decide_trial, may_stop_at_stage, stop_at_stage, terminate
from marketplace.milestones import services as milestones
from marketplace.milestones.models import MilestoneReport
from marketplace.royalties.services import file_report
from marketplace.service_errors import ServiceError
from tests.ledger import licence_factory as factory
from tests.ledger.ledger_model import (
    PAID,
    STATUSES_OF_PHASE,
    TERMINATED,
    TRIAL,
    ModelCharge,
    ModelLicence,
    ModelPayment,
    moved_forward,
)

FIRST_DAY = date(2027, 1, 1)
NOW = datetime(2027, 1, 1, 2, tzinfo=UTC)
MAX_LICENCES = 6
ROYALTY_RATE = Decimal("0.05")
PLANS = {
    "flat": flat_plan(Money("5000.00"), Duration.years(1)),
    "instalments": instalment_plan(Money("12000.00"), 3, Duration.months(4), Duration.years(1)),
    "try_convert": try_first_plan(
        Duration.days(30), Money.zero(), TrialEnd.CONVERT,
        instalment_plan(Money("9000.00"), 2, Duration.months(6), Duration.years(1))),
    "try_expire": try_first_plan(Duration.days(45), Money.zero(), TrialEnd.EXPIRE,
                                 flat_plan(Money("3000.00"), Duration.years(1))),
    "royalty": royalty_plan(ROYALTY_RATE, RoyaltyPeriod.QUARTER, Duration.months(6), Money("1000.00"),
                            Money("20000.00")),
    # Milestones (core.milestones): a trial ending at the first revenue; a second stage due on certification.
    "try_milestone": try_first_plan(Duration.days(60), Money.zero(), TrialEnd.CONVERT,
                                    flat_plan(Money("6000.00"), Duration.years(1)), milestone="首次销售"),
    "staged_milestone": staged_plan([(Duration.months(4), Money("2000.00")), (None, Money("4000.00"))],
                                    Duration.years(1), [None, "产品取得认证"]),
}
MILESTONE_PLANS = ("try_milestone", "staged_milestone")
STAGED_PLANS = ("instalments", "staged_milestone")
COUNTED = (LedgerTransaction, LedgerLeg, ChargeSettlement, LicenceHistory, Dispute)


class LedgerMachine(RuleBasedStateMachine):
    """The ledger under random operations, against `ledger_model`."""

    def __init__(self, app) -> None:
        super().__init__()
        self.app = app
        with self.app.app_context():
            connection = db.engines[None]  # the test's connection (tests/conftest.py `_isolated`)
        self.savepoint = connection.begin_nested()
        self.today = FIRST_DAY
        self.offers: dict[str, factory.Offer] = {}
        self.licences: dict[int, ModelLicence] = {}
        self.statuses: dict[int, LicenceStatus] = {}
        self.payments: list[ModelPayment] = []
        self.references = itertools.count(1)
        self.counts = dict.fromkeys(COUNTED, 0)
        self.disputes: dict[int, tuple[int, str, set[str]]] = {}  # open: id → (licence, subject, slots)

    def teardown(self) -> None:
        if self.savepoint.is_active:
            self.savepoint.rollback()

    # ------------------------------------------------------------------ helpers

    def _in(self, *licence_phases: str) -> list[int]:
        return sorted(i for i, licence in self.licences.items() if licence.phase in licence_phases)

    @staticmethod
    def _enterprise_user(licence: Licence) -> User:
        return db.session.scalar(select(User).where(User.enterprise_id == licence.enterprise_id))

    def _refused(self, action) -> None:
        """`action` is refused with a ServiceError and writes nothing (the request rolls back)."""
        before = self._row_counts()
        with self.app.app_context():
            with pytest.raises(ServiceError):
                action()
            db.session.rollback()
        assert self._row_counts() == before

    def _file(self, licence_id: int, period_start: date, net_sales_fen: int) -> None:
        licence = db.session.get(Licence, licence_id)
        file_report(licence, self._enterprise_user(licence), period_start, Money.from_fen(net_sales_fen),
                    self.today)

    def _row_counts(self) -> dict:
        with self.app.app_context():
            return {model: db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}

    # ------------------------------------------------------------------ rules

    @precondition(lambda self: len(self.licences) < MAX_LICENCES)
    @rule(plan=st.sampled_from(sorted(PLANS)))
    def take(self, plan: str) -> None:
        """An enterprise takes a licence starting today on one of the plans."""
        with self.app.app_context():
            if plan not in self.offers:
                self.offers[plan] = factory.offer(PLANS[plan])
            licence = factory.take(self.offers[plan], self.today)
            model = ModelLicence(licence.id, plan, self.today, TRIAL if licence.trial_last_day else PAID,
                                 licence.trial_last_day, read_plan(licence.declaration).trial_end)
            if plan == "royalty":
                model.royalty_rate = ROYALTY_RATE
            for charge in licence.charges:
                model.add_charge(charge.slot, charge.due_date, charge.amount_fen)
            self.licences[licence.id] = model
            self.statuses[licence.id] = licence.status
            db.session.commit()

    @precondition(lambda self: any(licence.phase == TRIAL for licence in self.licences.values()))
    @rule(data=st.data(), convert=st.booleans())
    def decide(self, data, convert: bool) -> None:
        """The enterprise converts its trial early, or declines it."""
        licence_id = data.draw(st.sampled_from(self._in(TRIAL)), label="licence")
        with self.app.app_context():
            licence = db.session.get(Licence, licence_id)
            decide_trial(licence, self._enterprise_user(licence), convert, self.today)
            db.session.commit()
        self.licences[licence_id].phase = PAID if convert else "declined"
        if not convert:
            self.licences[licence_id].void_unposted()

    @precondition(lambda self: any(licence.phase == PAID for licence in self.licences.values()))
    @rule(data=st.data())
    def end_early(self, data) -> None:
        """The university terminates a paid licence: nothing further falls due, what is due stays owed.
        Refused once the licence has ended, or while the enterprise is stopping it in good standing."""
        licence_id = data.draw(st.sampled_from(self._in(PAID)), label="licence")
        model = self.licences[licence_id]
        staff_id = self.offers[model.plan].staff_id

        def end_it():
            return terminate(db.session.get(Licence, licence_id), db.session.get(User, staff_id), "协商终止",
                             self.today)

        with self.app.app_context():
            licence = db.session.get(Licence, licence_id)
            stopping = licence.status == LicenceStatus.ACTIVE and licence.stops_on is not None
            allowed = not stopping and licence.status in (LicenceStatus.ACTIVE, LicenceStatus.OVERDUE,
                                                          LicenceStatus.SUSPENDED)
        if not allowed:
            self._refused(end_it)
            return
        with self.app.app_context():
            end_it()
            db.session.commit()
        model.phase = TERMINATED
        model.void_unposted()

    @precondition(lambda self: any(licence.plan in STAGED_PLANS and licence.phase == PAID
                                   for licence in self.licences.values()))
    @rule(data=st.data())
    def stop(self, data) -> None:
        """The enterprise stops a licence paid in stages at its next stage boundary: what falls due after
        it never will. Refused when not active, already stopping, or no stage is left."""
        licence_id = data.draw(st.sampled_from(sorted(i for i, m in self.licences.items()
                                                      if m.plan in STAGED_PLANS and m.phase == PAID)),
                               label="licence")

        def stop_it():
            licence = db.session.get(Licence, licence_id)
            return stop_at_stage(licence, self._enterprise_user(licence), self.today)

        with self.app.app_context():
            allowed = may_stop_at_stage(db.session.get(Licence, licence_id), self.today)
        if not allowed:
            self._refused(stop_it)
            return
        with self.app.app_context():
            last_day = stop_it()
            db.session.commit()
        self._refused(stop_it)  # once only
        self.licences[licence_id].void_unposted(after=last_day)

    def _milestone_charge(self, model: ModelLicence) -> ModelCharge:
        return next(charge for slot, charge in model.charges.items() if slot.startswith("phase:1:"))

    @precondition(lambda self: any(m.plan in MILESTONE_PLANS for m in self.licences.values()))
    @rule(data=st.data())
    def report_milestone(self, data) -> None:
        """The enterprise reports the milestone: accepted while the licence is live, the milestone's fee
        still to fall due and no report of it open or confirmed; refused otherwise, writing nothing."""
        licence_id = data.draw(st.sampled_from(sorted(i for i, m in self.licences.items()
                                                      if m.plan in MILESTONE_PLANS)), label="licence")
        model = self.licences[licence_id]
        charge = self._milestone_charge(model)

        def report_it():
            licence = db.session.get(Licence, licence_id)
            return milestones.report_milestone(licence, self._enterprise_user(licence), 1, self.today, "",
                                               self.today)

        with self.app.app_context():
            status = db.session.get(Licence, licence_id).status
            live_report = db.session.scalar(select(MilestoneReport.id).where(
                MilestoneReport.licence_id == licence_id, MilestoneReport.status != "rejected"))
        if status not in LIVE_STATUSES or charge.posted or charge.voided or live_report is not None:
            self._refused(report_it)
            return
        with self.app.app_context():
            report_it()
            db.session.commit()

    @precondition(lambda self: any(m.plan in MILESTONE_PLANS for m in self.licences.values()))
    @rule(data=st.data(), confirm=st.booleans())
    def decide_milestone(self, data, confirm: bool) -> None:
        """The university confirms a reported milestone (its fee falls due today unless its long stop came
        first, a trial before it converts, what is due posts at once) or rejects it with a reason."""
        with self.app.app_context():
            open_reports = list(db.session.execute(select(MilestoneReport.id, MilestoneReport.licence_id)
                                                   .where(MilestoneReport.status == "reported")
                                                   .order_by(MilestoneReport.id)))
        if not open_reports:
            return
        report_id, licence_id = data.draw(st.sampled_from(open_reports), label="report")
        model = self.licences[licence_id]
        staff_id = self.offers[model.plan].staff_id

        def decide_it():
            report, staff = db.session.get(MilestoneReport, report_id), db.session.get(User, staff_id)
            if confirm:
                return milestones.confirm_milestone(report, staff, self.today, now=NOW)
            return milestones.reject_milestone(report, staff, "材料不全", self.today, NOW)

        with self.app.app_context():
            status = db.session.get(Licence, licence_id).status
        if confirm and status not in LIVE_STATUSES:
            self._refused(decide_it)
            return
        with self.app.app_context():
            assert decide_it()
            db.session.commit()
        if confirm:
            charge = self._milestone_charge(model)
            if not charge.posted and not charge.voided:
                charge.due = min(charge.due, self.today)
            if model.phase == TRIAL:
                model.phase = PAID
            model.post_due(self.today)

    @precondition(lambda self: any(licence.owed > 0 for licence in self.licences.values()))
    @rule(data=st.data())
    def pay(self, data) -> None:
        """The university records a transfer of up to what is owed, under a fresh bank reference; a
        transfer of more than is owed is refused."""
        licence_id = data.draw(st.sampled_from(sorted(i for i, m in self.licences.items() if m.owed > 0)),
                               label="licence")
        model = self.licences[licence_id]
        reference = f"ICBC-{next(self.references):05d}"
        if data.draw(st.booleans(), label="overpay"):
            self._refused(lambda: record_payment(db.session.get(Licence, licence_id),
                                                 Money.from_fen(model.owed + 1), reference, self.today))
        amount = data.draw(st.integers(1, model.owed), label="fen")
        with self.app.app_context():
            licence = db.session.get(Licence, licence_id)
            assert record_payment(licence, Money.from_fen(amount), reference, self.today)
            db.session.commit()
            transaction_id = db.session.scalar(select(LedgerTransaction.id).where(
                LedgerTransaction.key == f"payment:bank:{licence_id}:{reference}"))
        self.payments.append(ModelPayment(licence_id, reference, amount, transaction_id, model.pay(amount)))

    @precondition(lambda self: self.payments)
    @rule(data=st.data())
    def pay_again(self, data) -> None:
        """An old bank reference, typed again (in lower case, with spaces), posts nothing."""
        payment = data.draw(st.sampled_from(self.payments), label="payment")
        before = self._row_counts()
        with self.app.app_context():
            licence = db.session.get(Licence, payment.licence_id)
            typed = " " + payment.reference.lower().replace("-", " - ") + " "
            assert not record_payment(licence, Money.from_fen(payment.amount), typed, self.today)
            db.session.commit()
        assert self._row_counts() == before

    @precondition(lambda self: any(m.royalty_rate is not None for m in self.licences.values()))
    @rule(data=st.data())
    def report_royalties(self, data) -> None:
        """The licensee files the net sales of its next ended royalty period."""
        licence_id = data.draw(st.sampled_from(sorted(i for i, m in self.licences.items()
                                                      if m.royalty_rate is not None)), label="licence")
        model = self.licences[licence_id]
        with self.app.app_context():
            licence = db.session.get(Licence, licence_id)
            schedule = build_schedule(read_plan(licence.declaration), licence.start_date,
                                      licence.patent.expiry_date)
            if model.reports_filed == len(schedule.royalty_periods):
                return
            period = schedule.royalty_periods[model.reports_filed]
            phase = read_plan(licence.declaration).phases[period.phase_index]
            phase_window = schedule.phases[period.phase_index]
        net_sales = data.draw(st.integers(0, 100_000_000), label="net sales fen")
        if not period.end < self.today or model.phase != PAID:  # not over yet, or the licence terminated
            self._refused(lambda: self._file(licence_id, period.start, net_sales))
            return
        with self.app.app_context():
            self._file(licence_id, period.start, net_sales)
            db.session.commit()
        self._refused(lambda: self._file(licence_id, period.start, net_sales))  # filed once only
        model.reports_filed += 1
        royalty = Money.from_fen(net_sales).times(model.royalty_rate).fen
        year = (period.phase_index, period.year_index)
        model.year_royalties[year] = model.year_royalties.get(year, 0) + royalty
        due = [model.add_charge(f"royalty:{period.start.isoformat()}", period.report_due, royalty)] \
            if royalty else []
        if period.year_end and phase.annual_minimum is not None:
            short = year_minimum(phase.annual_minimum, phase_window, period).fen - model.year_royalties[year]
            if short > 0:
                due.append(model.add_charge(f"true_up:{period.phase_index}:{period.year_index}",
                                            period.report_due, short))
        for charge in due:
            if charge.due <= self.today:
                model.post(charge)

    @rule(days=st.integers(1, 120))
    def run_due(self, days: int) -> None:
        """Time moves on: the job runs for the new day."""
        self.today += timedelta(days=days)
        reminders = sum(model.remind(self.today) for model in self.licences.values())
        ended = sum(model.end_trial(self.today) for model in self.licences.values())
        posted = sum(model.post_due(self.today) for model in self.licences.values())
        with self.app.app_context():
            report = run_due(self.today, dunning_policy())
            db.session.commit()
        assert (report.reminders, report.trials_ended, report.charges_posted) == (reminders, ended, posted)
        self._check_standing()

    @precondition(lambda self: any(not payment.reversed for payment in self.payments))
    @rule(data=st.data())
    def reverse(self, data) -> None:
        """A payment recorded by mistake is reversed; reversing it again is refused."""
        payment = data.draw(st.sampled_from([p for p in self.payments if not p.reversed]), label="payment")
        with self.app.app_context():
            ended = db.session.get(Licence, payment.licence_id).status in TERMINAL
        if ended:  # a licence that has ended keeps its payments
            self._refused(lambda: reverse_payment(db.session.get(Licence, payment.licence_id),
                                                  payment.transaction_id, "录错了", self.today))
            return
        with self.app.app_context():
            licence = db.session.get(Licence, payment.licence_id)
            taken_back = reverse_payment(licence, payment.transaction_id, "录错了", self.today)
            assert taken_back.fen == payment.amount
            db.session.commit()
        self.licences[payment.licence_id].reverse(payment)
        self._refused(lambda: reverse_payment(db.session.get(Licence, payment.licence_id),
                                              payment.transaction_id, "又录错了", self.today))

    @precondition(lambda self: any(model.open_charges() for model in self.licences.values()))
    @rule(data=st.data())
    def waive(self, data) -> None:
        """The university waives what is left of an open charge (once per charge)."""
        owing = sorted(i for i, m in self.licences.items() if m.open_charges())
        licence_id = data.draw(st.sampled_from(owing), label="licence")
        model = self.licences[licence_id]
        slot = data.draw(st.sampled_from([charge.slot for charge in model.open_charges()]), label="charge")

        def waive_it():
            licence = db.session.get(Licence, licence_id)
            charge = db.session.scalar(select(LicenceCharge).where(LicenceCharge.licence_id == licence_id,
                                                                   LicenceCharge.slot == slot))
            return waive_charge(licence, charge, "疫情减免", self.today)

        if slot in model.waived_slots:  # reopened by a reversal: the waiver's key is taken
            self._refused(waive_it)
            return
        with self.app.app_context():
            amount = waive_it()
            db.session.commit()
        assert amount.fen == model.waive(slot)

    @precondition(lambda self: self.licences)
    @rule(data=st.data(), subject=st.sampled_from(list(DisputeSubject)), by_staff=st.booleans())
    def open_dispute(self, data, subject: DisputeSubject, by_staff: bool) -> None:
        """Either party opens a dispute naming some of the licence's open, undisputed charges: refused
        while a dispute on the same subject is open, or when a charge named is disputed already."""
        licence_id = data.draw(st.sampled_from(sorted(self.licences)), label="licence")
        model = self.licences[licence_id]
        free = [c.slot for c in model.open_charges() if c.slot not in model.disputed]
        slots = data.draw(st.lists(st.sampled_from(free), unique=True, max_size=2) if free else st.just([]),
                          label="charges")
        taken = sorted(model.disputed)
        if taken and data.draw(st.booleans(), label="name a disputed charge"):
            slots = [*slots, data.draw(st.sampled_from(taken), label="disputed")]

        def open_it():
            licence = db.session.get(Licence, licence_id)
            user = (db.session.get(User, self.offers[model.plan].staff_id) if by_staff
                    else self._enterprise_user(licence))
            ids = list(db.session.scalars(select(LicenceCharge.id).where(
                LicenceCharge.licence_id == licence_id, LicenceCharge.slot.in_(slots))))
            return disputes.open_dispute(licence, user, subject, "金额有争议", ids, self.today).id

        subject_open = any(lid == licence_id and subj == subject for lid, subj, _ in self.disputes.values())
        if subject_open or any(slot in model.disputed for slot in slots):
            self._refused(open_it)
            return
        with self.app.app_context():
            dispute_id = open_it()
            db.session.commit()
        self.disputes[dispute_id] = (licence_id, subject, set(slots))
        model.disputed |= set(slots)

    @precondition(lambda self: self.disputes)
    @rule(data=st.data(), waive=st.booleans())
    def resolve_dispute(self, data, waive: bool) -> None:
        """The university settles a dispute waiving what is left of its charges (through the ledger), or the
        enterprise withdraws it; the charges count again. A waiver with nothing open to waive, or of a charge
        waived before (reopened by a reversal), is refused and writes nothing."""
        dispute_id = data.draw(st.sampled_from(sorted(self.disputes)), label="dispute")
        licence_id, _subject, slots = self.disputes[dispute_id]
        model = self.licences[licence_id]
        waivable = [slot for slot in sorted(slots) if model.charges[slot].open > 0]

        def resolve_it():
            dispute = db.session.get(Dispute, dispute_id)
            if waive:
                user = db.session.get(User, self.offers[model.plan].staff_id)
                resolution = Resolution(DisputeOutcome.SETTLED, waive=True)
            else:
                user = self._enterprise_user(dispute.licence)
                resolution = Resolution(DisputeOutcome.WITHDRAWN)
            return disputes.resolve_dispute(dispute, user, resolution, "", self.today, NOW)

        if waive and (not waivable or any(slot in model.waived_slots for slot in waivable)):
            self._refused(resolve_it)
            return
        with self.app.app_context():
            resolve_it()
            db.session.commit()
        if waive:
            for slot in waivable:
                model.waive(slot)
        del self.disputes[dispute_id]
        model.disputed -= slots
        self._refused(resolve_it)  # resolved once

    # ------------------------------------------------------------------ invariants

    def _late(self, licence: Licence) -> list[str]:
        """The licence's charges unpaid past the grace period that count against its standing (no open
        dispute names them)."""
        grace_end = self.today - timedelta(days=dunning_policy().grace_days)
        model = self.licences[licence.id]
        return [c.slot for c in licence.charges if c.open_fen and c.due_date < grace_end
                and model.counts_against_standing(c.slot)]

    def _check_standing(self) -> None:
        """Right after a run: no active licence has a charge unpaid past the grace period, and a licence
        completed by the run owes nothing."""
        with self.app.app_context():
            for licence in db.session.scalars(select(Licence)):
                if licence.status == LicenceStatus.ACTIVE:
                    assert not self._late(licence), licence.id
                elif licence.status == LicenceStatus.COMPLETED != self.statuses[licence.id]:
                    assert outstanding(licence) == Money.zero(), licence.id

    @invariant()
    def ledger_agrees_with_the_model(self) -> None:
        with self.app.app_context():
            assert audit() == []
            for licence in db.session.scalars(select(Licence).order_by(Licence.id)):
                model = self.licences[licence.id]
                assert outstanding(licence).fen == model.owed, licence.id
                expected = {slot: (c.posted, c.settled, c.voided) for slot, c in model.charges.items()}
                actual = {c.slot: (c.posted_on is not None, c.settled_fen, c.voided_on is not None)
                          for c in licence.charges}
                assert actual == expected, licence.id
                assert all(0 <= c.settled_fen <= c.amount_fen for c in licence.charges)
                settled = sum(c.settled_fen for c in licence.charges)
                assert settled == model.paid + model.waived - model.reversed, licence.id
                assert licence.status in STATUSES_OF_PHASE[model.phase], (licence.id, licence.status)
                if licence.status in (LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED):
                    assert self._late(licence), licence.id  # settling brings it back at once
                assert moved_forward(self.statuses[licence.id], licence.status), \
                    (licence.id, self.statuses[licence.id], licence.status)
                self.statuses[licence.id] = licence.status
        counts = self._row_counts()
        assert all(counts[model] >= self.counts[model] for model in COUNTED), (self.counts, counts)
        self.counts = counts


SETTINGS = settings(max_examples=30, stateful_step_count=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_random_ledger_operations_keep_every_invariant(app):
    run_state_machine_as_test(lambda: LedgerMachine(app), settings=SETTINGS)


def test_the_last_royalty_report_filed_before_it_is_due_is_still_charged(app, take):
    """Found while writing the machine: a licence whose last report was filed within the 30 days
    before it was due completed at once, and the report's charge (due after the term) never posted."""
    plan = royalty_plan(ROYALTY_RATE, RoyaltyPeriod.QUARTER, Duration.months(6))
    licence_id = take(plan)  # 2027-01-01 … 2027-06-30; reports due 2027-04-30 and 2027-07-30
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        user = db.session.scalar(select(User).where(User.enterprise_id == licence.enterprise_id))
        file_report(licence, user, date(2027, 1, 1), Money("1000.00"), date(2027, 4, 30))
        assert record_payment(licence, Money("50.00"), "R1", date(2027, 5, 2))
        file_report(licence, user, date(2027, 4, 1), Money("2000.00"), date(2027, 7, 2))
        assert run_due(date(2027, 7, 3)).completed == 0  # the last royalty is not due yet
        assert run_due(date(2027, 7, 30)).charges_posted == 1
        assert record_payment(licence, Money("100.00"), "R2", date(2027, 7, 31))
        assert run_due(date(2027, 8, 1)).completed == 1
        assert db.session.get(Licence, licence_id).status == LicenceStatus.COMPLETED
        assert audit() == []

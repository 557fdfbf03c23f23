"""Disputes through the services and the job that moves time: a disputed charge makes no licence overdue or
suspended while the dispute is open, and counts again once it is resolved; outcomes waive through the
ledger; every refusal writes nothing; the history and the other party's notices."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role
from marketplace.core.disputes import DisputeOutcome, DisputeStage, DisputeSubject, Resolution
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.disputes import services
from marketplace.disputes.consistency import dispute_breaks
from marketplace.disputes.models import Dispute, DisputeCharge
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.payments import outstanding, record_payment
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory
from marketplace.licensing.money_columns import money_columns
from marketplace.notifications.models import Notification
from marketplace.service_errors import ServiceError
from tests.disputes.support import TWO_INSTALMENTS, charge_ids, posted, user_of

NOW = datetime(2027, 1, 10, 2, tzinfo=UTC)
ENTERPRISE, STAFF = Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF


def _open(licence_id: int, role=ENTERPRISE, subject=DisputeSubject.PAYMENT, charges=None,
          day=date(2027, 1, 10)) -> Dispute:
    licence = db.session.get(Licence, licence_id)
    named = charge_ids(licence_id)[:1] if charges is None else charges
    return services.open_dispute(licence, user_of(licence, role), subject, "发票金额与声明不符", named, day)


def _resolve(dispute: Dispute, role=ENTERPRISE, outcome=DisputeOutcome.WITHDRAWN, reference="", waive=False,
             day=date(2027, 5, 2)) -> Dispute:
    user = user_of(dispute.licence, role)
    return services.resolve_dispute(dispute, user, Resolution(outcome, reference, waive), "", day, NOW)


def _status(licence_id: int) -> LicenceStatus:
    db.session.expire_all()
    return db.session.get(Licence, licence_id).status


def test_a_disputed_charge_keeps_the_licence_active_until_the_dispute_is_resolved(app, take):
    licence_id = posted(app, take)
    with app.app_context():
        dispute = _open(licence_id)
        db.session.commit()
        for day in (date(2027, 2, 15), date(2027, 5, 1)):  # past the grace period, past suspension
            report = run_due(day)
            db.session.commit()
            assert (report.overdue, report.suspended) == (0, 0)
            assert _status(licence_id) == LicenceStatus.ACTIVE
            # the lists' overdue column counts what makes a licence overdue: not the disputed charge
            assert money_columns([licence_id], day)[licence_id].overdue == Money.zero()
        _resolve(db.session.get(Dispute, dispute.id))
        db.session.commit()
        assert _status(licence_id) == LicenceStatus.ACTIVE  # counted again from the next run
        assert run_due(date(2027, 5, 3)).overdue == 1
        db.session.commit()
        assert _status(licence_id) == LicenceStatus.OVERDUE
        assert money_columns([licence_id], date(2027, 5, 3))[licence_id].overdue == Money("5000.00")
        assert audit() == []


def test_a_licence_overdue_for_its_disputed_charge_returns_to_good_standing_when_the_dispute_opens(app, take):
    licence_id = posted(app, take)
    with app.app_context():
        assert run_due(date(2027, 2, 15)).overdue == 1
        db.session.commit()
        _open(licence_id, day=date(2027, 2, 16))
        db.session.commit()
        assert _status(licence_id) == LicenceStatus.ACTIVE
        kinds = list(db.session.scalars(select(LicenceHistory.kind)
                                        .where(LicenceHistory.licence_id == licence_id)
                                        .order_by(LicenceHistory.id)))
        assert kinds[-3:] == ["overdue", "dispute_opened", "settled"]
        assert run_due(date(2027, 6, 1)).suspended == 0
        assert audit() == []


def test_an_undisputed_charge_still_makes_the_licence_overdue(app, take):
    licence_id = posted(app, take, TWO_INSTALMENTS)
    with app.app_context():
        _open(licence_id, subject=DisputeSubject.USE, charges=[])  # names no charge
        db.session.commit()
        assert run_due(date(2027, 2, 15)).overdue == 1
        assert audit() == []


def test_the_university_settles_and_waives_the_disputed_charge_through_the_ledger(app, take):
    licence_id = posted(app, take, TWO_INSTALMENTS)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        assert record_payment(licence, Money("1000.00"), "ICBC-1", date(2027, 1, 5), date(2027, 1, 5))
        dispute = _open(licence_id)
        db.session.commit()
        _resolve(dispute, STAFF, DisputeOutcome.SETTLED, waive=True)
        db.session.commit()
        waivers = db.session.scalars(select(LedgerTransaction.key).where(
            LedgerTransaction.kind == "charge_waived", LedgerTransaction.licence_id == licence_id)).all()
        assert waivers == [f"waiver:licence:{licence_id}:phase:0:fixed"]
        charge = db.session.get(LicenceCharge, charge_ids(licence_id)[0])
        assert charge.settled_fen == charge.amount_fen and charge.settled_on == date(2027, 5, 2)
        assert outstanding(db.session.get(Licence, licence_id)) == Money.zero()
        dispute = db.session.get(Dispute, dispute.id)
        assert (dispute.status, dispute.outcome, dispute.resolved_on) == ("resolved", "settled",
                                                                          date(2027, 5, 2))
        assert [link.live for link in dispute.charges] == [False]
        assert run_due(date(2027, 5, 3)).overdue == 0
        assert audit() == [] and dispute_breaks() == []


def test_the_path_mediation_then_court_then_a_judgment(app, take):
    licence_id = posted(app, take)
    with app.app_context():
        dispute = _open(licence_id)
        services.escalate_dispute(dispute, user_of(dispute.licence, STAFF), DisputeStage.MEDIATION,
                                  "协商未果", date(2027, 2, 1))
        with pytest.raises(ServiceError) as back:
            services.escalate_dispute(dispute, user_of(dispute.licence, STAFF), DisputeStage.MEDIATION, "",
                                      date(2027, 2, 2))
        assert back.value.field == "to"
        with pytest.raises(ServiceError) as judged_early:
            _resolve(dispute, STAFF, DisputeOutcome.JUDGED, "（2027）蒙01民初1号")
        assert judged_early.value.field == "outcome"
        services.escalate_dispute(dispute, user_of(dispute.licence, ENTERPRISE), DisputeStage.COURT, "",
                                  date(2027, 3, 1))
        with pytest.raises(ServiceError) as no_number:
            _resolve(dispute, STAFF, DisputeOutcome.JUDGED, " ")
        assert no_number.value.field == "reference"
        _resolve(dispute, STAFF, DisputeOutcome.JUDGED, "（2027）蒙01民初1号")
        dispute = db.session.get(Dispute, dispute.id)
        assert (dispute.stage, dispute.mediation_requested_on, dispute.court_on, dispute.reference) == (
            "court", date(2027, 2, 1), date(2027, 3, 1), "（2027）蒙01民初1号")
        steps = [(step.kind, step.detail) for step in services.history_of_dispute(dispute)]
        number = str(dispute.id)
        assert steps == [("dispute_opened", number), ("dispute_to_mediation", "协商未果"),
                         ("dispute_to_court", ""), ("dispute_judged", number)]
        with pytest.raises(ServiceError):
            _resolve(dispute, ENTERPRISE, DisputeOutcome.SETTLED)
        with pytest.raises(ServiceError):
            services.escalate_dispute(dispute, user_of(dispute.licence, STAFF), DisputeStage.COURT, "",
                                      date(2027, 6, 1))


def test_refusals_write_nothing(app, take):
    licence_id = posted(app, take, TWO_INSTALMENTS)
    other_id = posted(app, take)
    with app.app_context():
        later = charge_ids(licence_id)[1]  # the second instalment: not due yet
        first = charge_ids(licence_id)[0]
        others = charge_ids(other_id)[0]

        def count():
            return (db.session.scalar(select(func.count()).select_from(Dispute)),
                    db.session.scalar(select(func.count()).select_from(DisputeCharge)))

        before = count()
        for charges, field in (([others], "charges"), ([later], "charges"), ([999_999], "charges")):
            with pytest.raises(ServiceError) as refused:
                _open(licence_id, charges=charges)
            assert refused.value.field == field
            db.session.rollback()
        with pytest.raises(ServiceError) as blank:
            services.open_dispute(db.session.get(Licence, licence_id),
                                  user_of(db.session.get(Licence, licence_id), ENTERPRISE),
                                  DisputeSubject.USE, "   ", [], date(2027, 1, 10))
        assert blank.value.field == "description"
        assert count() == before
        dispute = _open(licence_id, charges=[first])
        db.session.commit()
        with pytest.raises(ServiceError) as twice:
            _open(licence_id, role=STAFF)  # the same subject, open
        assert twice.value.field == "subject"
        db.session.rollback()
        with pytest.raises(ServiceError) as named:
            _open(licence_id, subject=DisputeSubject.ROYALTY_REPORT, charges=[first])  # already disputed
        assert named.value.field == "charges"
        db.session.rollback()
        with pytest.raises(ServiceError) as by_enterprise:
            _resolve(db.session.get(Dispute, dispute.id), ENTERPRISE, DisputeOutcome.SETTLED, waive=True)
        assert by_enterprise.value.field == "waive"
        with pytest.raises(ServiceError) as withdrawn:
            _resolve(db.session.get(Dispute, dispute.id), STAFF, DisputeOutcome.WITHDRAWN, waive=True)
        assert withdrawn.value.field == "waive"
        db.session.rollback()
        assert count() == (before[0] + 1, before[1] + 1)
        # resolved, the subject may be disputed again, and so may the charge
        _resolve(db.session.get(Dispute, dispute.id), STAFF, DisputeOutcome.WITHDRAWN)
        again = _open(licence_id, charges=[first], day=date(2027, 5, 3))
        assert again.id != dispute.id
        assert dispute_breaks() == []


def test_the_other_party_is_told_when_a_dispute_opens_and_is_resolved(app, take):
    licence_id = posted(app, take)
    with app.app_context():
        dispute = _open(licence_id)  # by the enterprise: the university is told
        _resolve(dispute, STAFF, DisputeOutcome.SETTLED)  # by the university: the enterprise is told
        licence = db.session.get(Licence, licence_id)
        rows = db.session.scalars(select(Notification).where(Notification.licence_id == licence_id,
                                                             Notification.kind.like("dispute_%"))
                                  .order_by(Notification.id)).all()
        assert [(row.kind, row.university_id, row.enterprise_id) for row in rows] == [
            ("dispute_opened", licence.university_id, None),
            ("dispute_resolved", None, licence.enterprise_id)]


def test_the_audit_and_ledger_check_name_a_dispute_that_disagrees_with_its_charges(app, take, runner):
    """What the database's constraints cannot see, the audit does: an open dispute whose charge link was
    dropped (the charge would make the licence overdue again), and a dispute naming another licence's
    charge. `flask ledger check` names both and exits 1."""
    licence_id = posted(app, take, TWO_INSTALMENTS)
    other_licence_id = posted(app, take)
    with app.app_context():
        dispute = _open(licence_id)
        db.session.commit()
        dispute_id, [charge_id] = dispute.id, [link.charge_id for link in dispute.charges]
        other_charge_id = charge_ids(other_licence_id)[0]
        assert audit() == []
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0
    with app.app_context():
        db.session.execute(update(DisputeCharge).where(DisputeCharge.dispute_id == dispute_id)
                           .values(live=False))
        db.session.add(DisputeCharge(dispute_id=dispute_id, charge_id=other_charge_id, live=True))
        db.session.commit()
        assert sorted(code for code, _ in audit()) == ["dispute_charge_live_wrong",
                                                      "dispute_charge_of_other_licence"]
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert f"BROKEN dispute_charge_live_wrong: dispute {dispute_id} charge {charge_id}" in result.output
    assert (f"BROKEN dispute_charge_of_other_licence: dispute {dispute_id} charge {other_charge_id}"
            in result.output)


def test_the_database_refuses_a_resolved_dispute_without_its_outcome(app, take):
    """The audit's outcome checks repeat the table's own: the database refuses a resolved dispute without
    who resolved it, or a mediated outcome without its case number."""
    licence_id = posted(app, take)
    with app.app_context():
        dispute = _resolve(_open(licence_id), STAFF, DisputeOutcome.SETTLED)
        db.session.commit()
        for values in ({"resolved_by_id": None}, {"outcome": DisputeOutcome.MEDIATED, "reference": ""}):
            with pytest.raises(IntegrityError), db.session.begin_nested():
                db.session.execute(update(Dispute).where(Dispute.id == dispute.id).values(**values))
        assert dispute_breaks() == []

"""Clock-driven milestone scenarios through the services and the job that moves time: a licensee that
pays from its first revenue (reported on day 200, confirmed, the charge falls due that day) and one that
never reports (the long-stop date posts the charge); a staged fee brought forward by a certification."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.milestones import MilestoneStatus
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.services import audit
from marketplace.licensing.history import history_of
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.milestones import services
from marketplace.milestones.models import MilestoneReport
from tests.milestones.plans import CERTIFIED, FIRST_REVENUE, FROM_FIRST_REVENUE, ON_CERTIFICATION

START = date(2027, 1, 1)
DAY_200 = START + timedelta(days=199)  # 2027-07-19


def _user(licence: Licence, role: Role) -> User:
    column, value = ((User.enterprise_id, licence.enterprise_id) if role == Role.ENTERPRISE_USER
                     else (User.university_id, licence.university_id))
    return db.session.scalar(select(User).where(column == value, User.role == role))


def _charge(licence_id: int) -> LicenceCharge:
    return db.session.scalar(select(LicenceCharge).where(LicenceCharge.licence_id == licence_id,
                                                         LicenceCharge.milestone.is_not(None)))


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


def test_paying_from_first_revenue_reported_on_day_200_and_never_reported(app, take):
    reported_id, silent_id = take(FROM_FIRST_REVENUE), take(FROM_FIRST_REVENUE)
    with app.app_context():
        for licence_id in (reported_id, silent_id):
            charge = _charge(licence_id)
            assert (charge.due_date, charge.due_by, charge.milestone, charge.amount_fen) == (
                date(2028, 1, 1), date(2028, 1, 1), FIRST_REVENUE, 3_000_000)
        run_due(DAY_200 - timedelta(days=1))
        db.session.commit()

        licence = db.session.get(Licence, reported_id)
        report = services.report_milestone(licence, _user(licence, Role.ENTERPRISE_USER), 1,
                                           DAY_200 - timedelta(days=5), "发票 No. 0001", DAY_200)
        db.session.commit()
        assert report.status == MilestoneStatus.REPORTED and licence.status == LicenceStatus.TRIAL
        staff = _user(licence, Role.UNIVERSITY_STAFF)
        assert services.confirm_milestone(report, staff, DAY_200, _at(DAY_200))
        db.session.commit()

        licence = db.session.get(Licence, reported_id)
        charge = _charge(reported_id)
        assert licence.status == LicenceStatus.ACTIVE
        assert (charge.due_date, charge.posted_on, charge.due_by) == (DAY_200, DAY_200, date(2028, 1, 1))
        kinds = [step.kind for step in history_of(reported_id)]
        assert kinds.count("converted") == 1 and "milestone_confirmed" in kinds and "charge_posted" in kinds
        silent = _charge(silent_id)
        assert silent.posted_on is None and db.session.get(Licence, silent_id).status == LicenceStatus.TRIAL

        run_due(date(2027, 12, 31))  # the trial's last day: nothing yet
        assert _charge(silent_id).posted_on is None
        report_ = run_due(date(2028, 1, 1))  # the long stop: the trial converts and the charge posts
        db.session.commit()
        assert report_.trials_ended >= 1 and report_.charges_posted >= 1
        silent = _charge(silent_id)
        assert (silent.due_date, silent.posted_on) == (date(2028, 1, 1), date(2028, 1, 1))
        assert db.session.get(Licence, silent_id).status == LicenceStatus.ACTIVE
        assert _charge(reported_id).posted_on == DAY_200  # posted once, on day 200
        assert audit() == []


def test_a_certified_product_brings_the_second_stage_forward_and_a_rejected_report_does_not(app, take):
    licence_id = take(ON_CERTIFICATION)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        buyer, staff = _user(licence, Role.ENTERPRISE_USER), _user(licence, Role.UNIVERSITY_STAFF)
        run_due(START)
        first = services.report_milestone(licence, buyer, 1, date(2027, 3, 1), "", date(2027, 3, 2))
        day = date(2027, 3, 3)
        assert services.reject_milestone(first, staff, "证书编号不符", day, _at(day))
        db.session.commit()
        assert _charge(licence_id).due_date == date(2028, 1, 1)
        assert audit() == []
        again = services.report_milestone(licence, buyer, 1, date(2027, 5, 1), "证书 CQC-1", date(2027, 5, 2))
        assert services.confirm_milestone(again, staff, date(2027, 5, 6), _at(date(2027, 5, 6)))
        assert not services.confirm_milestone(again, staff, date(2027, 5, 6), _at(date(2027, 5, 6)))
        db.session.commit()
        charge = _charge(licence_id)
        assert (charge.due_date, charge.posted_on, charge.amount_fen) == (
            date(2027, 5, 6), date(2027, 5, 6), 4_000_000)
        statuses = [report.status for report in
                    db.session.scalars(select(MilestoneReport).order_by(MilestoneReport.id))]
        assert statuses == [MilestoneStatus.REJECTED, MilestoneStatus.CONFIRMED]
        assert db.session.get(Licence, licence_id).status == LicenceStatus.ACTIVE
        assert CERTIFIED in [row.name for row in services.licence_milestones(licence)]
        assert audit() == []


def test_a_confirmation_after_the_long_stop_moves_nothing(app, take):
    licence_id = take(ON_CERTIFICATION)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        buyer, staff = _user(licence, Role.ENTERPRISE_USER), _user(licence, Role.UNIVERSITY_STAFF)
        report = services.report_milestone(licence, buyer, 1, date(2027, 12, 20), "", date(2027, 12, 30))
        run_due(date(2028, 1, 1))  # the long stop posts the charge while the report waits
        assert services.confirm_milestone(report, staff, date(2028, 1, 5), _at(date(2028, 1, 5)))
        db.session.commit()
        charge = _charge(licence_id)
        assert (charge.due_date, charge.posted_on) == (date(2028, 1, 1), date(2028, 1, 1))
        assert audit() == []


def test_the_audit_finds_a_milestone_charge_brought_forward_without_a_confirmation(app, take):
    licence_id = take(ON_CERTIFICATION)
    with app.app_context():
        charge = _charge(licence_id)
        charge.due_date = date(2027, 6, 1)
        db.session.flush()
        assert [code for code, _ in audit()] == ["milestone_charge_misdated"]
        db.session.rollback()

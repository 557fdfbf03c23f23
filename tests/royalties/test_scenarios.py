"""Clock-driven royalty scenarios: move the date with `run_due`, file the quarterly reports, and check the
royalty and true-up charges, the ledger balances and the audit."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from marketplace.core.ledger import AccountRef
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, RoyaltyPeriod, royalty_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.payments import record_payment
from marketplace.ledger.services import account_balance, audit
from marketplace.licensing.history import history_of
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.royalties.services import file_report, royalty_periods
from tests.royalties.support import QUARTERLY, enterprise_user


def _run_until(first: date, last: date) -> None:
    """Run the job on every day from `first` to `last`."""
    day = first
    while day <= last:
        run_due(day)
        day += timedelta(days=1)


def _charges(licence_id: int, *kinds: str) -> list[tuple[str, date, int, date | None]]:
    return [(c.slot, c.due_date, c.amount_fen, c.posted_on) for c in db.session.scalars(
        select(LicenceCharge).where(LicenceCharge.licence_id == licence_id, LicenceCharge.kind.in_(kinds))
        .order_by(LicenceCharge.due_date, LicenceCharge.id))]


def _file(licence, period_start: date, net_sales: str, today: date):
    return file_report(licence, enterprise_user(licence), period_start, Money(net_sales), today)


def _pay(licence, reference: str, amount: str, day: date) -> None:
    assert record_payment(licence, Money(amount), reference, day)


def test_a_year_of_small_sales_is_topped_up_to_the_annual_minimum(app, take):
    licence_id = take(QUARTERLY)  # starts 2027-01-01: entry fee 10,000, 5% a quarter, minimum 20,000 a year
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        receivable = AccountRef.enterprise_receivable(licence.enterprise_id)
        revenue = AccountRef.university_revenue(licence.university_id)
        _run_until(date(2027, 1, 1), date(2027, 1, 4))
        _pay(licence, "ENTRY", "10000.00", date(2027, 1, 5))

        _run_until(date(2027, 1, 5), date(2027, 4, 9))
        report = _file(licence, date(2027, 1, 1), "10000.00", date(2027, 4, 10))  # royalty 500.00
        assert (report.royalty_fen, report.late) == (50_000, False)
        _run_until(date(2027, 4, 10), date(2027, 4, 29))
        assert account_balance(receivable) == Money.zero()  # due 2027-04-30, not posted before
        run_due(date(2027, 4, 30))
        assert account_balance(receivable) == Money("500.00")
        _pay(licence, "Q1", "500.00", date(2027, 5, 3))

        _run_until(date(2027, 5, 1), date(2027, 8, 4))
        report = _file(licence, date(2027, 4, 1), "20000.00", date(2027, 8, 5))  # late: due 2027-07-30
        assert (report.royalty_fen, report.late) == (100_000, True)
        assert account_balance(receivable) == Money("1000.00")  # posted at once
        _pay(licence, "Q2", "1000.00", date(2027, 8, 6))

        _run_until(date(2027, 8, 5), date(2027, 10, 14))
        _file(licence, date(2027, 7, 1), "30000.00", date(2027, 10, 15))  # 1,500.00
        _run_until(date(2027, 10, 15), date(2027, 10, 30))
        _pay(licence, "Q3", "1500.00", date(2027, 10, 31))

        _run_until(date(2027, 10, 31), date(2028, 1, 9))
        _file(licence, date(2027, 10, 1), "40000.00", date(2028, 1, 10))  # 2,000.00 closes the year
        assert _charges(licence_id, "royalty", "minimum_true_up") == [
            ("royalty:2027-01-01", date(2027, 4, 30), 50_000, date(2027, 4, 30)),
            ("royalty:2027-04-01", date(2027, 7, 30), 100_000, date(2027, 8, 5)),
            ("royalty:2027-07-01", date(2027, 10, 30), 150_000, date(2027, 10, 30)),
            ("royalty:2027-10-01", date(2028, 1, 30), 200_000, None),
            ("true_up:0:0", date(2028, 1, 30), 2_000_000 - 500_000, None),  # 20,000 − 5,000
        ]
        assert account_balance(receivable) == Money.zero()
        _run_until(date(2028, 1, 10), date(2028, 1, 30))
        db.session.expire_all()
        assert [posted for *_, posted in _charges(licence_id, "royalty", "minimum_true_up")][-2:] == [
            date(2028, 1, 30), date(2028, 1, 30)]
        assert account_balance(receivable) == Money("17000.00")  # Q4's royalty and the true-up
        assert account_balance(revenue) == Money("30000.00")  # entry fee + 5,000 royalties + 15,000
        assert licence.status == LicenceStatus.ACTIVE
        steps = [(step.key.split(":", 2)[2], step.amount_fen, step.detail) for step in history_of(licence_id)
                 if step.kind in ("report_filed", "true_up")]
        assert steps == [
            ("report_filed:2027-01-01", 50_000, ""), ("report_filed:2027-04-01", 100_000, "late"),
            ("report_filed:2027-07-01", 150_000, ""), ("report_filed:2027-10-01", 200_000, ""),
            ("true_up:0:0", 1_500_000, ""),
        ]
        assert [row.report is not None for row in royalty_periods(licence)][:5] == [True] * 4 + [False]
        assert audit() == []


def test_a_year_whose_royalties_pass_the_minimum_needs_no_true_up(app, take):
    licence_id = take(QUARTERLY)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        run_due(date(2027, 1, 1))
        _pay(licence, "ENTRY", "10000.00", date(2027, 1, 2))
        for start, filed in ((date(2027, 1, 1), date(2027, 4, 2)), (date(2027, 4, 1), date(2027, 7, 2)),
                             (date(2027, 7, 1), date(2027, 10, 2)), (date(2027, 10, 1), date(2028, 1, 2))):
            run_due(filed)
            _file(licence, start, "200000.00", filed)  # 10,000.00 a quarter: 40,000 > 20,000
        run_due(date(2028, 1, 30))
        charges = _charges(licence_id, "royalty", "minimum_true_up")
        assert [(slot, amount) for slot, _, amount, _ in charges] == [
            ("royalty:2027-01-01", 1_000_000), ("royalty:2027-04-01", 1_000_000),
            ("royalty:2027-07-01", 1_000_000), ("royalty:2027-10-01", 1_000_000)]
        assert "true_up" not in {step.kind for step in history_of(licence_id)}
        assert account_balance(AccountRef.enterprise_receivable(licence.enterprise_id)) == Money("40000.00")
        assert audit() == []


def test_a_year_cut_by_the_term_has_its_minimum_pro_rated(app, take):
    plan = royalty_plan(Decimal("0.05"), RoyaltyPeriod.QUARTER, Duration.months(18),
                        annual_minimum=Money("20000.00"))
    licence_id = take(plan)  # 2027-01-01 … 2028-06-30: the second royalty year has 182 of 366 days
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        for start, filed in ((date(2027, 1, 1), date(2027, 4, 2)), (date(2027, 4, 1), date(2027, 7, 2)),
                             (date(2027, 7, 1), date(2027, 10, 2)), (date(2027, 10, 1), date(2028, 1, 2)),
                             (date(2028, 1, 1), date(2028, 4, 2)), (date(2028, 4, 1), date(2028, 7, 5))):
            _file(licence, start, "0", filed)
        # 20,000.00 × 182 / 366 = 9,945.355… → 9,945.36, due with the last report (2028-07-30)
        assert _charges(licence_id, "royalty", "minimum_true_up") == [
            ("true_up:0:0", date(2028, 1, 30), 2_000_000, None),
            ("true_up:0:1", date(2028, 7, 30), 994_536, None)]
        run_due(date(2028, 7, 30))
        assert account_balance(AccountRef.enterprise_receivable(licence.enterprise_id)) == Money("29945.36")
        assert audit() == []

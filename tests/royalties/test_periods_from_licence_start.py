"""Royalty periods and years of a licence count from the licence start, not from a clamped phase start.

A one-month trial from 2027-01-31 converts on 2027-02-28 (Jan 31 + 1 month, clamped); its quarters then
start on Jan 31 + 1, 4, 7, 10, 13 months: Feb 28, May 31, Aug 31, Nov 30, Feb 29. They used to start on
the 28th for good (May 28, Aug 28 …), so the period the enterprise was asked to report did not follow
the rule and the royalty year closed a day early.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, RoyaltyPeriod, TrialEnd, royalty_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.royalties.services import file_report, royalty_periods
from tests.helpers import login, page_text
from tests.royalties.support import enterprise_user, party

START = date(2027, 1, 31)
TRIAL_THEN_QUARTERS = try_first_plan(
    Duration.months(1), Money(0), TrialEnd.CONVERT,
    royalty_plan(Decimal("0.05"), RoyaltyPeriod.QUARTER, Duration.years(3), annual_minimum=Money("20000.00")))
FIRST_YEAR = [  # (start, end, report due)
    (date(2027, 2, 28), date(2027, 5, 30), date(2027, 6, 29)),
    (date(2027, 5, 31), date(2027, 8, 30), date(2027, 9, 29)),
    (date(2027, 8, 31), date(2027, 11, 29), date(2027, 12, 29)),
    (date(2027, 11, 30), date(2028, 2, 28), date(2028, 3, 29)),
]


def test_quarters_after_a_trial_from_jan_31_keep_the_month_end_and_close_the_year_on_time(app, take):
    licence_id = take(TRIAL_THEN_QUARTERS, START)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        run_due(date(2027, 2, 28))  # the trial ended on Feb 27 without a decision: it converts
        assert licence.status == LicenceStatus.ACTIVE
        periods = [row.period for row in royalty_periods(licence)]
        assert [(p.start, p.end, p.report_due) for p in periods[:4]] == FIRST_YEAR
        assert [p.start for p in periods[4:7]] == [date(2028, 2, 29), date(2028, 5, 31), date(2028, 8, 31)]
        user = enterprise_user(licence)
        for (start, end, _), filed in zip(FIRST_YEAR, (date(2027, 6, 1), date(2027, 9, 1), date(2027, 12, 1),
                                                        date(2028, 3, 1)), strict=True):
            report = file_report(licence, user, start, Money("1000.00"), filed)  # 50.00 royalty each
            assert (report.period_start, report.period_end, report.late) == (start, end, False)
        db.session.commit()
        true_up = db.session.scalars(select(LicenceCharge).where(
            LicenceCharge.licence_id == licence_id, LicenceCharge.kind == "minimum_true_up")).one()
        # the year Feb 28, 2027 – Feb 28, 2028 is whole: the full minimum less 4 × 50.00
        assert (true_up.slot, true_up.due_date, true_up.amount_fen) == ("true_up:1:0", date(2028, 3, 29),
                                                                         2_000_000 - 20_000)
        run_due(date(2028, 3, 29))
        assert audit() == []


def test_the_report_page_offers_the_anchored_periods(app, client, take, at):
    licence_id = take(TRIAL_THEN_QUARTERS, START)
    with app.app_context():
        run_due(date(2027, 2, 28))
        db.session.commit()
    login(client, party(app, licence_id, Role.ENTERPRISE_USER))
    at(date(2027, 9, 1))
    text = page_text(client.get(f"/licences/{licence_id}/royalties"))
    assert "2027-02-28 – 2027-05-30" in text and "2027-05-31 – 2027-08-30" in text
    assert "2027-05-28" not in text

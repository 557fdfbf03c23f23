"""The contract of a licence of every kind of plan, in Chinese: every kind of plan and charge is worded
(a royalty is a royalty period at its rate, never a "stage"), no internal code reaches the text."""

import re
from datetime import date
from decimal import Decimal

import pytest

from marketplace.core.money import Money
from marketplace.core.pricing import (
    Duration,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    free_plan,
    instalment_plan,
    royalty_plan,
    staged_royalty_plan,
    try_first_plan,
)
from marketplace.extensions import db
from marketplace.licensing.contract import worded_contract
from marketplace.royalties.services import file_report
from tests.ledger.licence_factory import offer, take
from tests.pdf_fonts import pdf_text

YEARS, MONTHS = Duration.years, Duration.months
PLANS = {
    "flat": flat_plan(Money("60000.00"), YEARS(3)),
    "staged": instalment_plan(Money("90000.00"), 3, MONTHS(12), YEARS(3)),
    "trial_to_flat": try_first_plan(MONTHS(6), Money.zero(), TrialEnd.CONVERT,
                                    flat_plan(Money("40000.00"), YEARS(3))),
    "trial_to_staged": try_first_plan(Duration.days(90), Money("500.00"), TrialEnd.EXPIRE,
                                      instalment_plan(Money("60000.00"), 2, MONTHS(12), YEARS(3))),
    "trial_to_royalty": try_first_plan(MONTHS(3), Money.zero(), TrialEnd.CONVERT,
                                       royalty_plan(Decimal("0.03"), RoyaltyPeriod.QUARTER, YEARS(3),
                                                    Money("5000.00"))),
    "royalty": royalty_plan(Decimal("0.035"), RoyaltyPeriod.QUARTER, YEARS(3), Money("10000.00"),
                            Money("8000.00")),
    "staged_royalty": staged_royalty_plan(Decimal("0.03"), RoyaltyPeriod.YEAR,
                                          [(MONTHS(12), Money("20000.00")), (None, Money("30000.00"))],
                                          YEARS(3), Money("20000.00")),
    "free": free_plan(YEARS(2)),
}
# Codes of plan, phase and charge kinds (and the trial's end) that must never be printed as such.
RAW = ("flat", "staged", "try_first", "royalty", "trial", "fixed", "free", "entry_fee", "trial_fee",
       "minimum_true_up", "convert", "expire", "quarter", "year")
ENGLISH = re.compile(r"[A-Za-z_]{3,}")  # a word of Latin letters (a credit code or number has fewer in a row)
KIND_WORDS = {"flat": "一次性", "staged": "分阶段", "trial_to_flat": "先试用后付费", "royalty": "提成",
              "free": "免费"}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_the_contract_of_every_kind_of_plan_has_no_raw_kind_code(app, name, tmp_path):
    with app.app_context():
        licence = take(offer(PLANS[name]))
        if name == "royalty":  # a reported quarter: its royalty is a charge of the licence
            file_report(licence, licence_taker(licence), date(2027, 1, 1), Money("200000.00"),
                        date(2027, 4, 5))
        db.session.flush()
        with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
            pdf = worded_contract(licence)
        db.session.rollback()
    text = pdf_text(pdf, tmp_path)
    if text is None:
        pytest.skip("pdftotext is not installed (required on CI)")
    assert "许可方式" in text, text
    assert not [code for code in RAW if code in text.lower()], text
    assert not ENGLISH.findall(text), ENGLISH.findall(text)
    assert "阶段royalty" not in text
    if name in KIND_WORDS:
        assert KIND_WORDS[name] in text, text
    if name == "royalty":
        assert "2027-01-01–2027-03-31" in text and "3.5%" in text
        assert "第2阶段" not in text


def licence_taker(licence):
    from marketplace.accounts.models import User

    return db.session.get(User, licence.taken_by_id)

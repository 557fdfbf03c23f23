"""Trial conversion figures: which trials ended and converted, how fast, what they paid since; the staff
and administrator pages."""

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.core.money import Money
from marketplace.core.pricing import (
    Duration,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    instalment_plan,
    royalty_plan,
    try_first_plan,
)
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.payments import payment_key, record_payment, reverse_payment, waive_charge
from marketplace.licensing import conversion
from marketplace.licensing.models import Licence
from marketplace.licensing.services import decide_trial
from marketplace.organisations.models import University
from tests.helpers import csrf_token, login
from tests.ledger import conftest as ledger_fixtures

take = ledger_fixtures.take  # take(plan, start=2027-01-01) -> licence id, each in a fresh university

TODAY = date(2027, 4, 10)
TERM = Duration.years(3)
FLAT = flat_plan(Money("60000.00"), TERM)
STAGED_CONVERT = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT,
                                instalment_plan(Money("60000.00"), 3, Duration.months(12), TERM))
FLAT_CONVERT = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT, FLAT)
FLAT_EXPIRE = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE, FLAT)
LONG_ROYALTY_TRIAL = try_first_plan(Duration.months(12), Money.zero(), TrialEnd.EXPIRE,
                                    royalty_plan(Decimal("0.03"), RoyaltyPeriod.YEAR, TERM))


def _licence(licence_id: int) -> Licence:
    return db.session.get(Licence, licence_id)


def _decide(licence_id: int, convert: bool, day: date) -> None:
    licence = _licence(licence_id)
    decide_trial(licence, db.session.get(User, licence.taken_by_id), convert, day)


def _pay(licence_id: int, reference: str, amount: str, day: date) -> None:
    assert record_payment(_licence(licence_id), Money(amount), reference, day)


def _reverse(licence_id: int, reference: str, day: date) -> None:
    licence = _licence(licence_id)
    transaction_id = db.session.scalar(select(LedgerTransaction.id).where(
        LedgerTransaction.key == "payment:" + payment_key(licence, reference)))
    reverse_payment(licence, transaction_id, "recorded twice", day)


def _first_paid_charge(licence_id: int):
    return next(charge for charge in _licence(licence_id).charges if charge.kind != "trial_fee")


def _five_trials(app, take) -> dict[str, int]:
    """Converted early and paid (its first payment reversed and paid again), converted at trial end but
    only partly paid, declined, expired, and still on trial."""
    ids = {"early": take(STAGED_CONVERT), "at_end": take(FLAT_CONVERT), "declined": take(FLAT_EXPIRE),
           "expired": take(FLAT_EXPIRE), "on_trial": take(LONG_ROYALTY_TRIAL)}
    with app.app_context():
        _decide(ids["early"], True, date(2027, 2, 1))
        _decide(ids["declined"], False, date(2027, 2, 1))
        run_due(date(2027, 4, 1))  # at_end converts, expired expires; the first paid charges fall due
        _pay(ids["early"], "ICBC-A", "20000.00", date(2027, 4, 2))
        _reverse(ids["early"], "ICBC-A", date(2027, 4, 3))
        _pay(ids["early"], "ICBC-B", "20000.00", date(2027, 4, 5))
        _pay(ids["at_end"], "ICBC-C", "1000.00", date(2027, 4, 5))
        run_due(TODAY)
        db.session.commit()
    return ids


def test_four_ended_one_converted(app, take):
    ids = _five_trials(app, take)
    with app.app_context():
        table = conversion.by_plan_kind(TODAY)
        total = table.total
        assert (total.ended, total.converted, total.rate) == (4, 1, Decimal("0.25"))
        assert total.days == (94,)  # 2027-01-01 → 2027-04-05, the day the first instalment was paid
        assert total.median_days == 94
        assert total.fees == Money("20000.00")  # 20,000 + 20,000 − the reversed 20,000
        kinds = dict(table.rows)
        assert list(kinds) == ["flat", "staged", "royalty"]
        assert (kinds["staged"].ended, kinds["staged"].converted, kinds["staged"].rate) == (1, 1, Decimal(1))
        assert (kinds["flat"].ended, kinds["flat"].converted, kinds["flat"].rate) == (3, 0, Decimal(0))
        assert kinds["flat"].median_days is None and kinds["flat"].fees == Money.zero()
        assert (kinds["royalty"].ended, kinds["royalty"].rate) == (0, None)  # still on trial: not ended

        universities = {name: _licence(licence_id).university_id for name, licence_id in ids.items()}
        figures = conversion.by_university(TODAY, list(universities.values()))
        assert figures[universities["early"]].converted == 1
        assert figures[universities["early"]].fees == Money("20000.00")
        assert (figures[universities["at_end"]].ended, figures[universities["at_end"]].converted) == (1, 0)
        assert figures[universities["on_trial"]] == conversion.ConversionFigures()
        one = conversion.by_plan_kind(TODAY, universities["declined"]).total
        assert (one.ended, one.converted, one.rate) == (1, 0, Decimal(0))


def test_trial_fee_waiver_and_reversed_payment_do_not_convert(app, take):
    with_fee = try_first_plan(Duration.days(90), Money("500.00"), TrialEnd.CONVERT, FLAT)
    paid, paid_later, waived, fee_only, reversed_then_waived = (
        take(FLAT_CONVERT), take(FLAT_CONVERT), take(FLAT_CONVERT), take(with_fee), take(FLAT_CONVERT))
    with app.app_context():
        run_due(date(2027, 1, 1))
        _pay(fee_only, "FEE", "500.00", date(2027, 1, 2))  # the trial fee is not the first post-trial charge
        run_due(date(2027, 4, 1))
        _pay(paid, "P1", "60000.00", date(2027, 4, 1))
        _pay(paid_later, "P2", "30000.00", date(2027, 4, 1))
        _pay(paid_later, "P3", "30000.00", date(2027, 4, 2))
        waive_charge(_licence(waived), _first_paid_charge(waived), "goodwill", date(2027, 4, 2))
        _pay(reversed_then_waived, "P4", "60000.00", date(2027, 4, 1))
        _reverse(reversed_then_waived, "P4", date(2027, 4, 2))
        waive_charge(_licence(reversed_then_waived), _first_paid_charge(reversed_then_waived), "goodwill",
                     date(2027, 4, 2))
        db.session.commit()
        total = conversion.by_plan_kind(TODAY).total
        assert (total.ended, total.converted) == (5, 2)
        assert total.days == (90, 91)
        assert total.median_days == 90.5
        assert total.fees == Money("120000.00")  # neither the reversed payment nor the fee


def test_none_ended_shows_dashes(app, client, make_user, make_university):
    university_id = make_university()
    client.get("/language/en")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=university_id))
    with app.app_context():
        assert conversion.by_plan_kind(TODAY, university_id).total.rate is None
    response = client.get("/ip/conversion")
    assert response.status_code == 200
    assert _row(response, "by-plan-kind", "Total") == ["0", "0", "—", "—", "¥0.00"]


def _row(response, table_id: str, label: str) -> list[str]:
    """The cells of the row headed `label` in the table `table_id`, as text."""
    html = response.get_data(as_text=True)
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        head = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if head and head.group(1).strip() == label:
            return [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    raise AssertionError(f"no row {label!r} in {table_id}")


def test_staff_see_only_their_university(app, client, make_user, take):
    ids = _five_trials(app, take)
    with app.app_context():
        early_university = _licence(ids["early"]).university_id
        at_end_university = _licence(ids["at_end"]).university_id
    client.get("/language/en")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=early_university))
    assert "/ip/conversion" in client.get("/ip/licences").get_data(as_text=True)
    page = client.get("/ip/conversion")
    assert page.status_code == 200
    assert _row(page, "by-plan-kind", "Total") == ["1", "1", "100%", "94", "¥20,000.00"]
    assert _row(page, "by-plan-kind", "Staged payments") == ["1", "1", "100%", "94", "¥20,000.00"]
    assert _row(page, "by-plan-kind", "Flat fee") == ["0", "0", "—", "—", "¥0.00"]
    assert 'id="by-university"' not in page.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=at_end_university))
    assert _row(client.get("/ip/conversion"), "by-plan-kind", "Total") == ["1", "0", "0%", "—", "¥0.00"]


def test_administrators_see_every_university_a_page_at_a_time(app, client, make_user, take):
    ids = _five_trials(app, take)
    with app.app_context():
        names = {key: db.session.get(University, _licence(licence_id).university_id).name
                 for key, licence_id in ids.items()}
    client.get("/language/en")
    login(client, make_user(Role.ADMIN))
    page = client.get("/admin/conversion")
    assert page.status_code == 200
    assert 'href="/admin/conversion"' in page.get_data(as_text=True)  # in the navigation
    assert _row(page, "by-plan-kind", "Total") == ["4", "1", "25%", "94", "¥20,000.00"]
    assert _row(page, "by-plan-kind", "Flat fee") == ["3", "0", "0%", "—", "¥0.00"]
    assert _row(page, "by-university", names["early"]) == ["1", "1", "100%", "94", "¥20,000.00"]
    assert _row(page, "by-university", names["expired"]) == ["1", "0", "0%", "—", "¥0.00"]
    assert _row(page, "by-university", names["on_trial"]) == ["0", "0", "—", "—", "¥0.00"]
    app.config["PAGE_SIZE"], size = 2, app.config["PAGE_SIZE"]
    try:
        ordered = sorted(names.values())
        second = client.get("/admin/conversion?page=2").get_data(as_text=True)
        assert all(name in second for name in ordered[2:4])
        assert not any(f">{name}<" in second for name in ordered[:2] + ordered[4:])
        assert "/admin/conversion?page=3" in second
    finally:
        app.config["PAGE_SIZE"] = size

"""The money around the licence lists: the university's transfers to confirm, the enterprise's licences
with their next charge, trial days and balance, the overdue filter, and stopping a staged licence at a
stage boundary."""

import re
from datetime import date

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from marketplace.accounts.models import Role
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, staged_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.models import NoticeStatus, PaymentNotice
from marketplace.licensing.models import Licence
from tests.licensing.money_helpers import deal_factory, ledger_count, move_to, post, signed_in, visible

FLAT = flat_plan(Money("60000.00"), Duration.years(3))
TRY_FIRST = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE, FLAT)
STAGED = staged_plan([(Duration.years(1), Money("10000.00")), (Duration.years(1), Money("20000.00")),
                      (None, Money("30000.00"))], Duration.years(3))


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


def _notify(client, licence, reference, amount="100"):
    response = post(client, f"{licence.url}/transfer-notices",
                    {"amount": amount, "reference": reference, "paid_on": "2027-01-01"}, page=licence.url)
    assert response.status_code == 302
    return response


def _notice(app, reference):
    with app.app_context():
        return db.session.scalar(select(PaymentNotice).where(PaymentNotice.reference == reference))


def _licence(app, licence_id):
    with app.app_context():
        return db.session.get(Licence, licence_id)


def _row(response, number: str) -> str:
    """The visible text of the table row of licence `number`."""
    for row in re.findall(r"<tr>.*?</tr>", response.get_data(as_text=True), flags=re.S):
        if number in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError(f"no row for {number}")


def test_staff_see_their_universitys_pending_transfers_and_decide_them_from_the_list(app, deal, monkeypatch):
    ours = deal(FLAT)
    theirs = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    buyer = signed_in(app, ours.buyer)
    _notify(buyer, ours, "OURS-1")
    _notify(buyer, ours, "OURS-2")
    _notify(signed_in(app, theirs.buyer), theirs, "THEIRS-1")
    staff = signed_in(app, ours.staff)
    home = staff.get("/ip/licences").get_data(as_text=True)
    assert 'href="/ip/payment-notices"' in home  # in the navigation and on the licences page
    listed = visible(staff.get("/ip/payment-notices"))
    assert "OURS-1" in listed and "OURS-2" in listed and "THEIRS-1" not in listed
    assert "2 in all" in listed
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    first_page = visible(staff.get("/ip/payment-notices"))
    assert "OURS-1" in first_page and "OURS-2" not in first_page
    assert "OURS-2" in visible(staff.get("/ip/payment-notices?page=2"))
    monkeypatch.setitem(app.config, "PAGE_SIZE", 20)

    one, two = _notice(app, "OURS-1"), _notice(app, "OURS-2")
    refused = post(staff, f"/payment-notices/{two.id}/reject", {"reason": "", "back": "list"},
                   page="/ip/payment-notices")
    assert refused.status_code == 422
    assert "Transfers to confirm" in visible(refused)
    assert f'id="reject-reason-{two.id}-error"' in refused.get_data(as_text=True)
    confirmed = post(staff, f"/payment-notices/{one.id}/confirm", {"back": "list"},
                     page="/ip/payment-notices")
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"].endswith("/ip/payment-notices")
    rejected = post(staff, f"/payment-notices/{two.id}/reject", {"reason": "查无此款", "back": "list"},
                    page="/ip/payment-notices")
    assert rejected.status_code == 302
    after = staff.get("/ip/payment-notices")
    assert after.status_code == 200
    assert "No transfers are waiting for confirmation." in visible(after)
    assert (_notice(app, "OURS-1").status, _notice(app, "OURS-2").status) == (NoticeStatus.CONFIRMED,
                                                                              NoticeStatus.REJECTED)
    assert _notice(app, "THEIRS-1").status == NoticeStatus.PENDING
    assert ledger_count(app, "payment_received") == 1


def test_my_licences_show_the_next_charge_the_trial_days_left_and_the_balance(app, deal, make_user):
    buyer_email = make_user(Role.ENTERPRISE_USER)
    trial = deal(TRY_FIRST, buyer=buyer_email)
    flat = deal(FLAT, buyer=buyer_email)
    move_to(app, date(2027, 1, 1))
    post(signed_in(app, flat.staff), f"{flat.url}/payments",
         {"amount": "10000", "reference": "ICBC-5", "received_on": "2027-01-01"}, page=flat.url)
    move_to(app, date(2027, 3, 25))
    buyer = signed_in(app, buyer_email)
    page = buyer.get("/my/licences")
    trial_row = _row(page, _licence(app, trial.licence_id).number)
    flat_row = _row(page, _licence(app, flat.licence_id).number)
    # the trial covers 2027-01-01 … 2027-03-31: seven days left on 2027-03-25, then the fee falls due
    # then charged, paid, balance owed and overdue (unpaid past the 30-day grace period)
    assert "On trial" in trial_row and "2027-04-01 · ¥60,000.00 7 ¥0.00 ¥0.00 ¥0.00 ¥0.00" in trial_row
    assert "2027-01-01 · ¥50,000.00 ¥60,000.00 ¥10,000.00 ¥50,000.00 ¥50,000.00" in flat_row


def test_the_money_columns_of_my_licences_take_the_same_queries_for_any_page(app, deal, make_user):
    buyer_email = make_user(Role.ENTERPRISE_USER)

    def money_queries() -> int:
        statements = []

        def count(conn, cursor, statement, *args):
            if any(table in statement for table in ("ledger_transaction", "ledger_leg", "licence_charge")):
                statements.append(statement)

        event.listen(Engine, "before_cursor_execute", count)
        try:
            assert buyer.get("/my/licences").status_code == 200
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return len(statements)

    for _ in range(2):
        deal(FLAT, buyer=buyer_email)
    move_to(app, date(2027, 1, 1))
    buyer = signed_in(app, buyer_email)
    few = money_queries()
    assert few > 0
    for _ in range(3):
        deal(FLAT, buyer=buyer_email)
    move_to(app, date(2027, 1, 2))
    assert money_queries() == few


def test_the_university_can_filter_overdue_licences(app, deal):
    late = deal(FLAT)
    move_to(app, date(2027, 1, 1), date(2027, 2, 15))
    assert _licence(app, late.licence_id).status == LicenceStatus.OVERDUE
    staff = signed_in(app, late.staff)
    form = staff.get("/ip/licences").get_data(as_text=True)
    assert '<option value="overdue"' in form
    number = _licence(app, late.licence_id).number
    assert number in visible(staff.get("/ip/licences?status=overdue"))
    assert number not in visible(staff.get("/ip/licences?status=active"))


def test_the_enterprise_stops_a_staged_licence_at_the_end_of_the_current_stage(app, deal, make_user):
    staged = deal(STAGED)
    flat = deal(FLAT, buyer=staged.buyer)
    move_to(app, date(2027, 1, 1))
    post(signed_in(app, staged.staff), f"{staged.url}/payments",
         {"amount": "10000", "reference": "ICBC-7", "received_on": "2027-01-01"}, page=staged.url)
    move_to(app, date(2027, 6, 1))
    buyer = signed_in(app, staged.buyer)
    offered = visible(buyer.get(staged.url))
    assert "Stop at the end of the current stage; nothing further will fall due." in offered
    assert "nothing further will fall due" not in visible(buyer.get(flat.url))

    unticked = post(buyer, f"{staged.url}/stop", {}, page=staged.url)
    assert unticked.status_code == 422
    assert "Tick the box to confirm that the licence stops." in visible(unticked)
    assert _licence(app, staged.licence_id).stops_on is None
    assert post(signed_in(app, staged.staff), f"{staged.url}/stop", {"confirm": "y"}).status_code == 403
    stranger = signed_in(app, make_user(Role.ENTERPRISE_USER))
    assert post(stranger, f"{staged.url}/stop", {"confirm": "y"}).status_code == 404
    not_staged = post(buyer, f"{flat.url}/stop", {"confirm": "y"}, page=flat.url)
    assert not_staged.status_code == 422
    assert _licence(app, flat.licence_id).stops_on is None

    stopped = post(buyer, f"{staged.url}/stop", {"confirm": "y"}, page=staged.url)
    assert stopped.status_code == 302
    assert _licence(app, staged.licence_id).stops_on == date(2027, 12, 31)
    text = visible(buyer.get(staged.url))
    assert "This licence stops on 2027-12-31" in text
    assert "Licence fee 2028-01-01 ¥20,000.00 ¥0.00 ¥0.00 Not owed" in text
    again = post(buyer, f"{staged.url}/stop", {"confirm": "y"}, page=staged.url)
    assert again.status_code == 422
    assert "This licence already stops on 2027-12-31." in visible(again)

    move_to(app, date(2028, 1, 1), date(2029, 1, 1))
    assert _licence(app, staged.licence_id).status == LicenceStatus.COMPLETED
    assert "Licence ended at a stage boundary" in visible(buyer.get(staged.url))
    # the staged licence's first stage and the flat fee; nothing fell due after the stop
    assert ledger_count(app, "charge_posted") == 2

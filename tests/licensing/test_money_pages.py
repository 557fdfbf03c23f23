"""The money of a licence through its pages: charges with what was applied to them, the ledger and the
history both parties see; notices of transfers (notify, confirm once, reject with a reason); waivers
and reversals by the university; and every refusal (422, nothing written)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan, instalment_plan
from marketplace.extensions import db
from marketplace.ledger.models import NoticeStatus, PaymentNotice
from marketplace.ledger.services import audit
from marketplace.licensing.models import LicenceCharge
from tests.licensing.money_helpers import (
    deal_factory,
    ledger_count,
    move_to,
    post,
    signed_in,
    transaction_ids,
    visible,
)

THREE_INSTALMENTS = instalment_plan(Money("90000.00"), 3, Duration.months(12), Duration.years(3))
FLAT = flat_plan(Money("60000.00"), Duration.years(3))


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


def _notices(app, licence_id):
    with app.app_context():
        return [(notice.reference, notice.status, notice.reason) for notice in db.session.scalars(
            select(PaymentNotice).where(PaymentNotice.licence_id == licence_id).order_by(PaymentNotice.id))]


def _notice_id(app, licence_id, reference):
    with app.app_context():
        return db.session.scalar(select(PaymentNotice.id).where(
            PaymentNotice.licence_id == licence_id, PaymentNotice.reference == reference))


def _charge_ids(app, licence_id):
    with app.app_context():
        return list(db.session.scalars(select(LicenceCharge.id).where(LicenceCharge.licence_id == licence_id)
                                       .order_by(LicenceCharge.due_date)))


def _notify(client, deal, amount="60000", reference="ICBC-9", paid_on="2027-01-01"):
    return post(client, f"{deal.url}/transfer-notices",
                {"amount": amount, "reference": reference, "paid_on": paid_on}, page=deal.url)


def test_both_parties_see_the_charges_how_payments_applied_the_ledger_and_the_history(app, deal):
    licence = deal(THREE_INSTALMENTS)
    move_to(app, date(2027, 1, 1), date(2028, 1, 1))
    staff = signed_in(app, licence.staff)
    paid = post(staff, f"{licence.url}/payments",
                {"amount": "40,000", "reference": "ICBC-1", "received_on": "2028-01-01"}, page=licence.url)
    assert paid.status_code == 302
    buyer = signed_in(app, licence.buyer)
    pages = [visible(client.get(licence.url)) for client in (staff, buyer)]
    for text in pages:
        assert "Balance owed: ¥20,000.00" in text
        # oldest first: the first instalment is paid, the second partly, the third not due yet
        assert "Licence fee 2027-01-01 ¥30,000.00 ¥30,000.00 ¥0.00 Paid" in text
        assert "Licence fee 2028-01-01 ¥30,000.00 ¥10,000.00 ¥20,000.00 Partly paid" in text
        assert "Licence fee 2029-01-01 ¥30,000.00 ¥0.00 ¥0.00 Not yet due" in text
        assert "Payment received · reference ICBC-1" in text
        assert "Licence fee (due 2027-01-01): ¥30,000.00" in text
        assert "Licence fee (due 2028-01-01): ¥10,000.00" in text
        for step in ("Licence taken", "Charge fell due", "Payment received · ¥40,000.00 · reference ICBC-1"):
            assert step in text
    assert "Waive" in pages[0] and "Reverse" in pages[0]
    assert "Waive" not in pages[1] and "Reverse" not in pages[1]
    assert "We sent a bank transfer" in pages[1] and "We sent a bank transfer" not in pages[0]


def test_the_enterprise_notifies_a_transfer_and_every_refusal_writes_nothing(app, deal):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    buyer = signed_in(app, licence.buyer)
    refusals = {
        "70000": "larger than what is owed",
        "-5": "Amounts cannot be negative.",
        "0": "The amount must be above zero.",
        "abc": "Enter an amount in yuan",
    }
    for amount, message in refusals.items():
        response = _notify(buyer, licence, amount=amount)
        assert response.status_code == 422, amount
        assert message in visible(response)
    future = _notify(buyer, licence, paid_on="2027-01-02")
    assert future.status_code == 422
    assert "This date is in the future; today is 2027-01-01." in visible(future)
    no_reference = _notify(buyer, licence, reference="")
    assert no_reference.status_code == 422
    assert _notices(app, licence.licence_id) == []

    sent = _notify(buyer, licence, amount="¥60,000.00")
    assert sent.status_code == 302
    assert "Waiting for the university to confirm" in visible(buyer.get(licence.url))
    again = _notify(buyer, licence, reference="icbc-9")  # the same reference, however written
    assert again.status_code == 422
    assert "This transfer reference was already notified." in visible(again)
    assert _notices(app, licence.licence_id) == [("ICBC-9", NoticeStatus.PENDING, "")]
    assert ledger_count(app, "payment_received") == 0


def test_a_second_confirmation_posts_nothing_and_says_so(app, deal):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    assert _notify(signed_in(app, licence.buyer), licence).status_code == 302
    notice_id = _notice_id(app, licence.licence_id, "ICBC-9")
    staff = signed_in(app, licence.staff)
    page = staff.get(licence.url)
    assert "Confirm: the money arrived" in visible(page)
    assert f'action="/payment-notices/{notice_id}/reject"' in page.get_data(as_text=True)
    first = post(staff, f"/payment-notices/{notice_id}/confirm", {}, page=licence.url)
    assert first.status_code == 302
    second = post(staff, f"/payment-notices/{notice_id}/confirm", {}, page=licence.url)  # the double click
    assert second.status_code == 302
    shown = staff.get(second.headers["Location"])
    assert shown.status_code == 200
    assert "This transfer was already confirmed; it is recorded once." in visible(shown)
    assert ledger_count(app, "payment_received") == 1
    assert _notices(app, licence.licence_id) == [("ICBC-9", NoticeStatus.CONFIRMED, "")]
    buyer_page = visible(signed_in(app, licence.buyer).get(licence.url))
    assert "Confirmed: the payment is recorded" in buyer_page
    assert "Balance owed: ¥0.00" in buyer_page
    assert "We sent a bank transfer" not in buyer_page  # nothing is owed: nothing to notify
    with app.app_context():
        assert audit() == []


def test_a_rejection_needs_a_reason_and_the_enterprise_sees_it(app, deal):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    assert _notify(signed_in(app, licence.buyer), licence).status_code == 302
    notice_id = _notice_id(app, licence.licence_id, "ICBC-9")
    staff = signed_in(app, licence.staff)
    for reason in ("", "   "):
        refused = post(staff, f"/payment-notices/{notice_id}/reject", {"reason": reason}, page=licence.url)
        assert refused.status_code == 422
        assert f'id="reject-reason-{notice_id}-error"' in refused.get_data(as_text=True)
    assert _notices(app, licence.licence_id) == [("ICBC-9", NoticeStatus.PENDING, "")]
    rejected = post(staff, f"/payment-notices/{notice_id}/reject", {"reason": "款项未到账"}, page=licence.url)
    assert rejected.status_code == 302
    assert "Rejected: 款项未到账" in visible(signed_in(app, licence.buyer).get(licence.url))
    late = post(staff, f"/payment-notices/{notice_id}/confirm", {}, page=licence.url)
    assert late.status_code == 302
    assert "This notice was already rejected." in visible(staff.get(late.headers["Location"]))
    assert ledger_count(app, "payment_received") == 0


def test_a_confirmation_the_ledger_refuses_leaves_the_notice_pending(app, deal):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    assert _notify(signed_in(app, licence.buyer), licence).status_code == 302
    staff = signed_in(app, licence.staff)
    direct = post(staff, f"{licence.url}/payments",
                  {"amount": "60000", "reference": "CASH-1", "received_on": "2027-01-01"}, page=licence.url)
    assert direct.status_code == 302
    notice_id = _notice_id(app, licence.licence_id, "ICBC-9")
    refused = post(staff, f"/payment-notices/{notice_id}/confirm", {}, page=licence.url)
    assert refused.status_code == 422
    assert "larger than what is owed" in visible(refused)
    assert _notices(app, licence.licence_id) == [("ICBC-9", NoticeStatus.PENDING, "")]
    assert ledger_count(app, "payment_received") == 1


def test_the_university_waives_what_is_left_of_a_charge_once(app, deal):
    licence = deal(THREE_INSTALMENTS)
    move_to(app, date(2027, 1, 1))
    first, second, _ = _charge_ids(app, licence.licence_id)
    staff = signed_in(app, licence.staff)
    not_due = post(staff, f"{licence.url}/charges/{second}/waive", {"reason": "减免"}, page=licence.url)
    assert not_due.status_code == 422
    assert "Only a charge that has fallen due can be waived." in visible(not_due)
    no_reason = post(staff, f"{licence.url}/charges/{first}/waive", {"reason": ""}, page=licence.url)
    assert no_reason.status_code == 422
    assert f'id="waive-reason-{first}-error"' in no_reason.get_data(as_text=True)
    post(staff, f"{licence.url}/payments",
         {"amount": "10000", "reference": "ICBC-2", "received_on": "2027-01-01"}, page=licence.url)
    waived = post(staff, f"{licence.url}/charges/{first}/waive", {"reason": "疫情减免"}, page=licence.url)
    assert waived.status_code == 302
    text = visible(staff.get(licence.url))
    assert "Licence fee 2027-01-01 ¥30,000.00 ¥30,000.00 ¥0.00 Paid" in text
    assert "Charge waived · ¥20,000.00 · reason: 疫情减免" in text
    assert "Balance owed: ¥0.00" in text
    twice = post(staff, f"{licence.url}/charges/{first}/waive", {"reason": "再次"}, page=licence.url)
    assert twice.status_code == 422
    assert "Nothing is left to waive on this charge." in visible(twice)
    assert ledger_count(app, "charge_waived") == 1
    with app.app_context():
        assert audit() == []


def test_the_university_reverses_a_payment_recorded_by_mistake_once(app, deal):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    staff = signed_in(app, licence.staff)
    post(staff, f"{licence.url}/payments",
         {"amount": "60000", "reference": "ICBC-3", "received_on": "2027-01-01"}, page=licence.url)
    [charge_tx] = transaction_ids(app, licence.licence_id, "charge_posted")
    [payment_tx] = transaction_ids(app, licence.licence_id, "payment_received")
    not_payment = post(staff, f"{licence.url}/payments/{charge_tx}/reverse", {"reason": "错"},
                       page=licence.url)
    assert not_payment.status_code == 422
    assert "Only a payment of this licence can be reversed." in visible(not_payment)
    no_reason = post(staff, f"{licence.url}/payments/{payment_tx}/reverse", {"reason": ""}, page=licence.url)
    assert no_reason.status_code == 422
    reversed_ = post(staff, f"{licence.url}/payments/{payment_tx}/reverse", {"reason": "重复录入"},
                     page=licence.url)
    assert reversed_.status_code == 302
    text = visible(staff.get(licence.url))
    assert "Balance owed: ¥60,000.00" in text
    assert "reversed" in text and "Payment reversed" in text
    assert "Licence fee 2027-01-01 ¥60,000.00 ¥0.00 ¥60,000.00 Open" in text
    twice = post(staff, f"{licence.url}/payments/{payment_tx}/reverse", {"reason": "再次"}, page=licence.url)
    assert twice.status_code == 422
    assert "This payment was already reversed." in visible(twice)
    assert ledger_count(app, "reversal") == 1
    with app.app_context():
        assert audit() == []


def test_the_enterprise_cannot_use_the_universitys_routes(app, deal):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    buyer = signed_in(app, licence.buyer)
    assert _notify(buyer, licence).status_code == 302
    notice_id = _notice_id(app, licence.licence_id, "ICBC-9")
    [charge_id] = _charge_ids(app, licence.licence_id)
    [charge_tx] = transaction_ids(app, licence.licence_id, "charge_posted")
    for url, data in ((f"/payment-notices/{notice_id}/confirm", {}),
                      (f"/payment-notices/{notice_id}/reject", {"reason": "x"}),
                      (f"{licence.url}/charges/{charge_id}/waive", {"reason": "x"}),
                      (f"{licence.url}/payments/{charge_tx}/reverse", {"reason": "x"})):
        assert post(buyer, url, data, page=licence.url).status_code == 403, url
    assert buyer.get("/ip/payment-notices").status_code == 403
    staff = signed_in(app, licence.staff)
    assert _notify(staff, licence, reference="STAFF-1").status_code == 403
    assert _notices(app, licence.licence_id) == [("ICBC-9", NoticeStatus.PENDING, "")]


def test_another_universitys_staff_find_nothing(app, deal, make_user, make_university):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    assert _notify(signed_in(app, licence.buyer), licence).status_code == 302
    notice_id = _notice_id(app, licence.licence_id, "ICBC-9")
    [charge_id] = _charge_ids(app, licence.licence_id)
    [charge_tx] = transaction_ids(app, licence.licence_id, "charge_posted")
    stranger = signed_in(app, make_user(Role.UNIVERSITY_STAFF, university_id=make_university()))
    for url, data in ((f"/payment-notices/{notice_id}/confirm", {}),
                      (f"/payment-notices/{notice_id}/reject", {"reason": "x"}),
                      (f"{licence.url}/charges/{charge_id}/waive", {"reason": "x"}),
                      (f"{licence.url}/payments/{charge_tx}/reverse", {"reason": "x"})):
        assert post(stranger, url, data).status_code == 404, url
    assert stranger.get(licence.url).status_code == 404
    assert "ICBC-9" not in visible(stranger.get("/ip/payment-notices"))
    # an object of another licence of one's own university, addressed through this licence: 404 too
    other = deal(FLAT, university_id=licence.university_id)
    move_to(app, date(2027, 1, 1))
    [other_charge] = _charge_ids(app, other.licence_id)
    [other_tx] = transaction_ids(app, other.licence_id, "charge_posted")
    staff = signed_in(app, licence.staff)
    assert post(staff, f"{licence.url}/charges/{other_charge}/waive", {"reason": "x"}).status_code == 404
    assert post(staff, f"{licence.url}/payments/{other_tx}/reverse", {"reason": "x"}).status_code == 404
    assert _notices(app, licence.licence_id) == [("ICBC-9", NoticeStatus.PENDING, "")]
    with app.app_context():
        assert db.session.scalar(select(func.sum(LicenceCharge.settled_fen))) == 0


def test_the_university_ends_a_suspended_licence_and_nothing_further_falls_due(app, deal):
    licence = deal(THREE_INSTALMENTS)
    move_to(app, date(2027, 1, 1), date(2027, 2, 1), date(2027, 4, 2))  # overdue, then suspended
    staff = signed_in(app, licence.staff)
    no_reason = post(staff, f"{licence.url}/terminate", {"reason": ""}, page=licence.url)
    assert no_reason.status_code == 422
    assert 'id="terminate-reason-error"' in no_reason.get_data(as_text=True)
    ended = post(staff, f"{licence.url}/terminate", {"reason": "长期欠费"}, page=licence.url)
    assert ended.status_code == 302
    text = visible(staff.get(licence.url))
    assert "Licence terminated · reason: 长期欠费" in text
    assert "Balance owed: ¥30,000.00" in text  # what fell due stays owed
    again = post(staff, f"{licence.url}/terminate", {"reason": "再次"}, page=licence.url)
    assert again.status_code == 422
    assert "Only an active, overdue or suspended licence can be terminated." in visible(again)
    move_to(app, date(2028, 1, 2))
    assert ledger_count(app, "charge_posted") == 1  # the later instalments never fall due
    buyer = signed_in(app, licence.buyer)
    assert post(buyer, f"{licence.url}/terminate", {"reason": "x"}, page=licence.url).status_code == 403
    with app.app_context():
        assert audit() == []

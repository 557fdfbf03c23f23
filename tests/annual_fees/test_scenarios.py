"""Annual fees driven by the clock through `run_due` and the IP centre's pages: a fee paid late with its
surcharge; a patent lapsing at the end of its late period, its declaration ending, a take refused and its
licences shown as affected; reminders written once; every refusal of the payment form."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.annual_fees.models import AnnualFeePayment
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.patent_fields import LegalStatus
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.licensing.models import Licence
from marketplace.licensing.services import take_licence
from marketplace.notifications.models import Notification
from marketplace.service_errors import ServiceError
from tests.annual_fees.conftest import NOW, user
from tests.helpers import login, page_text, post_form

DUE = date(2027, 3, 15)  # year 7's fee: ¥2,000.00, ¥1,700.00 while declared
LATE_END = date(2027, 9, 15)


def _fees(world) -> str:
    return f"/ip/patents/{world.patent_id}/annual-fees"


def _pay(client, world, year: int, paid_on: date, record: bool = True):
    button = {"record": "1"} if record else {"preview": "1"}
    return post_form(client, _fees(world) + "/pay", {"year": year, "paid_on": paid_on.isoformat(), **button},
                     page=_fees(world))


def _run(app, day: date):
    with app.app_context():
        report = run_due(day)
        db.session.commit()
        return report


def _payments(app, world) -> list[AnnualFeePayment]:
    with app.app_context():
        return list(db.session.scalars(select(AnnualFeePayment).where(
            AnnualFeePayment.patent_id == world.patent_id)))


def _fee_notices(app, world) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Notification.key).where(
            Notification.key.like(f"annual-fee:{world.patent_id}:%"))))


def test_a_fee_paid_two_months_and_three_days_late_carries_ten_percent(app, client, world, on_day):
    on_day(date(2027, 5, 18))
    login(client, world.staff)
    page = page_text(client.get(_fees(world)))
    assert "2027-03-15" in page and "2027-09-15" in page and "1,700.00" in page
    preview = _pay(client, world, 7, date(2027, 5, 18), record=False)
    assert preview.status_code == 200
    shown = page_text(preview)
    assert "1,700.00" in shown and "200.00" in shown and "1,900.00" in shown and "10%" in shown
    assert _payments(app, world) == []  # a preview records nothing
    assert _pay(client, world, 7, date(2027, 5, 18)).status_code == 302
    [payment] = _payments(app, world)
    assert (payment.year, payment.due_date, payment.paid_on) == (7, DUE, date(2027, 5, 18))
    assert (payment.fee_fen, payment.surcharge_fen, payment.reduced) == (170_000, 20_000, True)
    # paid: the late period ends without a lapse, and no more reminders for year 7
    assert _run(app, date(2027, 9, 16)).patents_lapsed == 0
    with app.app_context():
        assert db.session.get(Patent, world.patent_id).legal_status == LegalStatus.GRANTED
    assert _fee_notices(app, world) == []


def test_reminders_are_written_once_whatever_the_runs(app, world):
    assert _run(app, date(2027, 2, 13)).fee_reminders == 1  # 30 days before the due date
    assert _run(app, date(2027, 2, 13)).fee_reminders == 0
    assert _run(app, date(2027, 2, 20)).fee_reminders == 0
    assert _run(app, DUE).fee_reminders == 1  # the late period starts
    assert _run(app, date(2027, 8, 16)).fee_reminders == 1  # 30 days before it ends
    assert _run(app, date(2027, 8, 17)).fee_reminders == 0
    keys = _fee_notices(app, world)
    assert keys == sorted(f"annual-fee:{world.patent_id}:7:{which}" for which in ("upcoming", "late", "last"))
    with app.app_context():
        notices = db.session.scalars(select(Notification).where(Notification.key.in_(keys))).all()
        assert {notice.university_id for notice in notices} == {world.university_id}
        assert {notice.enterprise_id for notice in notices} == {None}


def test_a_patent_lapses_at_the_end_of_its_late_period_unpaid(app, client, world, licensed, on_day):
    assert _run(app, LATE_END).patents_lapsed == 0  # its last day: still payable
    report = _run(app, date(2027, 9, 16))
    assert report.patents_lapsed == 1
    assert _run(app, date(2027, 9, 16)).patents_lapsed == 0  # once
    with app.app_context():
        patent = db.session.get(Patent, world.patent_id)
        assert patent.legal_status == LegalStatus.LAPSED and patent.offer_kind == ""
        base = db.session.scalar(select(Declaration).where(Declaration.patent_id == world.patent_id))
        assert base.status == DeclarationStatus.WITHDRAWN
        assert base.withdrawal_reason == "专利权因未缴年费终止" and base.withdrawn_on == date(2027, 9, 16)
        licence = db.session.get(Licence, licensed)
        assert licence.status.value in ("active", "overdue", "suspended")  # granted licences run on
        with pytest.raises(ServiceError):
            take_licence(user(world.enterprise), patent, base.id, date(2027, 9, 16), date(2027, 9, 16), NOW)
    assert f"annual-fee:{world.patent_id}:7:lapsed" in _fee_notices(app, world)

    on_day(date(2027, 9, 16))
    login(client, world.enterprise)
    refused = client.get(f"/patents/{world.patent_id}/licence")
    assert refused.status_code == 302  # sent back to the patent page, told why
    enterprise_page = client.get(f"/licences/{licensed}").get_data(as_text=True)
    client = app.test_client()
    login(client, world.staff)
    staff_page = client.get(f"/licences/{licensed}").get_data(as_text=True)
    fee_page = page_text(client.get(_fees(world)))
    assert 'id="patent-lapsed"' in enterprise_page and 'id="patent-lapsed"' in staff_page
    assert f"/ip/patents/{world.patent_id}/annual-fees" not in enterprise_page
    assert f"/ip/patents/{world.patent_id}/annual-fees" in staff_page
    with app.app_context():
        number = db.session.get(Licence, licensed).number
    assert number in fee_page and 'id="lapsed-heading"' in fee_page
    # paying after the lapse is refused, and nothing is recorded
    assert _pay(client, world, 7, date(2027, 9, 1)).status_code == 422
    assert _payments(app, world) == []


def test_the_lapse_refusal_on_the_take_page_names_the_lapse(app, client, world, on_day):
    _run(app, date(2027, 9, 16))
    on_day(date(2027, 9, 16))
    login(client, world.enterprise)
    response = client.get(f"/patents/{world.patent_id}/licence", follow_redirects=True)
    with app.test_request_context():
        from marketplace.licensing.services import LAPSED
        assert str(LAPSED) in response.get_data(as_text=True)


def test_the_declaration_bar_follows_the_register(app, world, on_day):
    from marketplace.core.declaration_rules import DeclarationBar, declaration_bars
    from marketplace.declarations.services import patent_facts

    with app.app_context():
        patent = db.session.get(Patent, world.patent_id)
        assert DeclarationBar.FEES_OVERDUE not in declaration_bars(patent_facts(patent, DUE), DUE)
        day = date(2027, 3, 16)
        assert DeclarationBar.FEES_OVERDUE in declaration_bars(patent_facts(patent, day), day)


@pytest.mark.parametrize(("paid_on", "today"), [
    (date(2027, 5, 19), date(2027, 5, 18)),  # in the future
    (date(2027, 9, 16), date(2027, 9, 20)),  # after the late period (not yet lapsed by the job)
    (date(2023, 6, 19), date(2027, 5, 18)),  # before the grant
])
def test_impossible_payment_days_are_refused(app, client, world, on_day, paid_on, today):
    on_day(today)
    login(client, world.staff)
    for record in (False, True):
        response = _pay(client, world, 7, paid_on, record=record)
        assert response.status_code == 422
        assert 'class="invalid-feedback' in response.get_data(as_text=True)
    assert _payments(app, world) == []


def test_a_fee_is_recorded_once_and_untracked_years_refused(app, client, world, on_day):
    on_day(date(2027, 3, 1))
    login(client, world.staff)
    assert _pay(client, world, 7, date(2027, 3, 1)).status_code == 302
    assert _pay(client, world, 7, date(2027, 3, 1)).status_code == 422
    assert _pay(client, world, 6, date(2027, 3, 1)).status_code == 422  # due 2026-03-15: before tracking
    assert _pay(client, world, 3, date(2027, 3, 1)).status_code == 422  # the grant year: paid at grant
    assert _pay(client, world, 99, date(2027, 3, 1)).status_code == 422  # not a year of a patent
    [payment] = _payments(app, world)
    assert (payment.fee_fen, payment.surcharge_fen) == (170_000, 0)


def test_only_the_patents_ip_centre_reaches_its_fees(app, client, world, make_user, make_university):
    login(client, world.enterprise)
    assert client.get(_fees(world)).status_code == 403
    assert client.get("/ip/annual-fees").status_code == 403
    client = app.test_client()
    other = make_user(Role.UNIVERSITY_STAFF, university_id=make_university())
    login(client, other)
    assert client.get(_fees(world)).status_code == 403
    assert _pay(client, world, 7, date(2026, 11, 26)).status_code == 403
    assert _fees(world) not in client.get("/ip/annual-fees").get_data(as_text=True)
    assert _payments(app, world) == []


def test_the_universitys_list_shows_fees_due_within_90_days_and_late(app, client, world, on_day):
    login(client, world.staff)
    on_day(date(2026, 12, 14))  # 91 days before the due date
    assert _fees(world) not in client.get("/ip/annual-fees").get_data(as_text=True)
    on_day(date(2026, 12, 15))
    assert _fees(world) in client.get("/ip/annual-fees").get_data(as_text=True)
    on_day(date(2027, 6, 1))  # late
    assert "2027-09-15" in page_text(client.get("/ip/annual-fees"))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AnnualFeePayment)) == 0


def test_the_fee_page_is_linked_from_the_declaration_page(client, world):
    login(client, world.staff)
    assert f"/ip/patents/{world.patent_id}/annual-fees" in client.get(
        f"/ip/patents/{world.patent_id}/declaration").get_data(as_text=True)
    assert "/ip/annual-fees" in client.get("/ip/patents/").get_data(as_text=True)

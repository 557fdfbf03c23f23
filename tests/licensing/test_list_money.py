"""The money columns of the licence lists and their downloads — charged, paid, balance owed and overdue —
agree with the licence page: payments, a waiver, a reversed payment and the grace period, to the fen."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from marketplace.accounts.models import Role
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.extensions import db
from marketplace.licensing.models import Licence, LicenceCharge
from tests.licensing.money_helpers import deal_factory, move_to, post, signed_in, transaction_ids, visible
from tests.licensing.test_money_lists import _row

FLAT = flat_plan(Money("60000.00"), Duration.years(3))
TRY_FIRST = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE, FLAT)
# charged, paid, balance owed, overdue on 2027-02-15 (the fee fell due on 2027-01-01; 30 days' grace)
EXPECTED = {
    "owing": ("60000.00", "10000.00", "50000.00", "50000.00"),
    "waived": ("60000.00", "25000.50", "0.00", "0.00"),
    "reversed": ("60000.00", "12345.67", "47654.33", "47654.33"),
    "trial": ("0.00", "0.00", "0.00", "0.00"),
}


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


def _pay(staff, deal, amount, reference):
    response = post(staff, f"{deal.url}/payments",
                    {"amount": amount, "reference": reference, "received_on": "2027-01-01"}, page=deal.url)
    assert response.status_code == 302


@pytest.fixture
def deals(app, deal, make_user, make_university):
    buyer = make_user(Role.ENTERPRISE_USER)
    university_id = make_university()
    made = {name: deal(TRY_FIRST if name == "trial" else FLAT, buyer=buyer, university_id=university_id)
            for name in EXPECTED}
    move_to(app, date(2027, 1, 1))
    staff = signed_in(app, made["owing"].staff)
    _pay(staff, made["owing"], "10000", "ICBC-1")
    _pay(staff, made["waived"], "25,000.50", "ICBC-2")
    with app.app_context():
        charge_id = db.session.scalar(select(LicenceCharge.id).where(
            LicenceCharge.licence_id == made["waived"].licence_id, LicenceCharge.posted_on.is_not(None)))
    waived = post(staff, f"{made['waived'].url}/charges/{charge_id}/waive", {"reason": "协商减免"},
                  page=made["waived"].url)
    assert waived.status_code == 302
    _pay(staff, made["reversed"], "30000", "ICBC-3")
    _pay(staff, made["reversed"], "12345.67", "ICBC-4")
    mistaken = transaction_ids(app, made["reversed"].licence_id, "payment_received")[0]
    reversed_ = post(staff, f"{made['reversed'].url}/payments/{mistaken}/reverse", {"reason": "重复入账"},
                     page=made["reversed"].url)
    assert reversed_.status_code == 302
    move_to(app, date(2027, 2, 15))
    with app.app_context():
        numbers = {name: db.session.get(Licence, each.licence_id).number for name, each in made.items()}
    return made, numbers, staff, signed_in(app, buyer)


def _money_text(value: str) -> str:
    """An amount as the pages show it: ``47654.33`` → ``¥47,654.33``."""
    whole, fen = value.split(".")
    return f"¥{int(whole):,}.{fen}"


def test_both_lists_show_charged_paid_balance_and_overdue(app, deals):
    made, numbers, staff, buyer = deals
    for client, url in ((buyer, "/my/licences"), (staff, "/ip/licences")):
        page = client.get(url)
        assert page.status_code == 200
        text = visible(page)
        for heading in ("Charged", "Amount paid", "Balance owed", "Overdue amount"):
            assert heading in text
        for name, figures in EXPECTED.items():
            row = _row(page, numbers[name])
            cells = " ".join(_money_text(value) for value in figures)
            assert row.endswith(cells), (url, name, row)
    # the licence page's balance is the list's
    assert "Balance owed: ¥47,654.33" in visible(buyer.get(made["reversed"].url))


def test_the_downloads_carry_the_same_figures_as_numbers(app, deals):
    _made, numbers, staff, buyer = deals
    for client, url in ((buyer, "/my/licences"), (staff, "/ip/licences")):
        response = client.get(f"{url}?format=csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert rows[0][-4:] == ["已计费（元）", "已收款（元）", "欠款余额（元）", "逾期未付（元）"]
        by_number = {row[0]: row for row in rows[1:]}
        assert set(by_number) == set(numbers.values())
        for name, figures in EXPECTED.items():
            assert tuple(by_number[numbers[name]][-4:]) == figures

        workbook = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx").data))
        sheet_rows = list(workbook.active.iter_rows(values_only=True))
        assert sheet_rows[0][-4:] == ("已计费（元）", "已收款（元）", "欠款余额（元）", "逾期未付（元）")
        by_number = {row[0]: row for row in sheet_rows[1:]}
        for name, figures in EXPECTED.items():
            assert by_number[numbers[name]][-4:] == tuple(float(value) for value in figures)
            assert all(isinstance(cell, int | float) for cell in by_number[numbers[name]][-4:])

    filtered = staff.get("/ip/licences?format=xlsx&plan_kind=flat&status=overdue")
    sheet_rows = list(load_workbook(io.BytesIO(filtered.data)).active.iter_rows(values_only=True))[1:]
    assert {row[0]: row[-4:] for row in sheet_rows} == {
        numbers[name]: tuple(float(value) for value in EXPECTED[name]) for name in ("owing", "reversed")}


def test_the_money_columns_of_both_lists_take_the_same_queries_for_any_page(app, deal, make_user,
                                                                           make_university):
    buyer_email, university_id = make_user(Role.ENTERPRISE_USER), make_university()

    def money_queries(client, url) -> int:
        statements = []

        def count(conn, cursor, statement, *args):
            if any(table in statement for table in ("ledger_transaction", "ledger_leg", "licence_charge")):
                statements.append(statement)

        event.listen(Engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return len(statements)

    first = [deal(FLAT, buyer=buyer_email, university_id=university_id) for _ in range(2)]
    move_to(app, date(2027, 1, 1))
    clients = {"/my/licences": signed_in(app, buyer_email), "/ip/licences": signed_in(app, first[0].staff),
               "/ip/licences?format=csv": signed_in(app, first[0].staff)}
    few = {url: money_queries(client, url) for url, client in clients.items()}
    assert all(few.values())
    for _ in range(3):
        deal(FLAT, buyer=buyer_email, university_id=university_id)
    move_to(app, date(2027, 2, 15))
    assert {url: money_queries(client, url) for url, client in clients.items()} == few

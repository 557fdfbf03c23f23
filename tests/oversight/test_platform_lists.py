"""The administrators' platform-wide lists of patents, licences and payments: search, filters, pages,
money in yuan, CSV and XLSX downloads, a read-only licence page, and the refused roles."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from marketplace.accounts.models import Role, User
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.notices import confirm_notice, notify_transfer
from marketplace.ledger.payments import record_payment, reverse_payment
from marketplace.licensing.models import Licence
from tests.helpers import login
from tests.licensing.money_helpers import NOW, deal_factory, move_to, signed_in, visible

FLAT = flat_plan(Money("60000.00"), Duration.years(3))
TRY_FIRST = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE, FLAT)
START = date(2027, 1, 1)
# The money columns of every licence list (`licensing.money_columns`), as the pages head them.
MONEY_HEADINGS = ("Charged", "Amount paid", "Balance owed", "Overdue amount")
HEADINGS = ("已计费（元）", "已收款（元）", "欠款余额（元）", "逾期未付（元）")  # and in the downloads


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


def _pay(app, licence_id: int, amount: str, reference: str, day: date, *, notice: bool = False,
         reverse: bool = False) -> None:
    """A payment recorded by the university, or notified by the enterprise and confirmed; reversed when
    asked."""
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        if notice:
            buyer = db.session.scalar(select(User).where(User.enterprise_id == licence.enterprise_id))
            staff = db.session.scalar(select(User).where(User.university_id == licence.university_id))
            sent = notify_transfer(licence, buyer, Money(amount), reference, day, day)
            confirm_notice(sent, staff, day, NOW)
        else:
            record_payment(licence, Money(amount), reference, day, day)
        if reverse:
            row = db.session.scalar(select(LedgerTransaction).where(
                LedgerTransaction.licence_id == licence_id, LedgerTransaction.key.endswith(reference)))
            reverse_payment(licence, row.id, "录错了", day)
        db.session.commit()


@pytest.fixture
def world(app, deal, make_university, make_user):
    """Two universities: 内蒙古大学 licensed a flat 60,000 licence (paid 20,000 directly, 5,000 through a
    confirmed notice, 1,000 recorded by mistake and reversed); 内蒙古工业大学 a trial (nothing owed)."""
    first = make_university("内蒙古大学")
    second = make_university("内蒙古工业大学")
    paid = deal(FLAT, START, university_id=first)
    trial = deal(TRY_FIRST, START, university_id=second)
    move_to(app, START)
    _pay(app, paid.licence_id, "20000.00", "HX-001", date(2027, 1, 2))
    _pay(app, paid.licence_id, "5000.00", "N-0002", date(2027, 1, 3), notice=True)
    _pay(app, paid.licence_id, "1000.00", "WRONG-3", date(2027, 1, 4), reverse=True)
    move_to(app, date(2027, 3, 1))
    admin = signed_in(app, make_user(Role.ADMIN))
    with app.app_context():
        numbers = {licence.id: licence.number for licence in db.session.scalars(select(Licence))}
    return {"admin": admin, "paid": paid, "trial": trial, "first": first, "second": second,
            "paid_number": numbers[paid.licence_id], "trial_number": numbers[trial.licence_id]}


def _row(response, number: str) -> str:
    """The visible text of the table row of licence `number`."""
    return next(row for row in _rows(response) if number in row)


def _rows(response) -> list[str]:
    """The visible text of each row of the page's table."""
    body = response.get_data(as_text=True)
    tbody = body[body.index("<tbody>"):body.index("</tbody>")]
    return [visible_text for row in re.findall(r"<tr>.*?</tr>", tbody, flags=re.S)
            if (visible_text := " ".join(re.sub(r"<[^>]+>", " ", row).split()))]


def _csv(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _xlsx(response) -> list[tuple]:
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    return list(sheet.iter_rows(values_only=True))


# Licences --------------------------------------------------------------------------------------------


def test_licences_show_every_university_with_the_money_columns_of_every_licence_list(world):
    """Charged ¥60,000 (the flat fee, due 2027-01-01); paid ¥25,000 (20,000 + 5,000, the 1,000 reversed
    left out); balance owed ¥35,000; overdue ¥35,000: on 2027-03-01 the fee is still open past the 30 days'
    grace. The trial has nothing posted: all four are ¥0.00."""
    response = world["admin"].get("/admin/licences")
    assert response.status_code == 200
    assert all(heading in visible(response) for heading in MONEY_HEADINGS)
    rows = _rows(response)
    assert len(rows) == 2
    paid = next(row for row in rows if world["paid_number"] in row)
    assert "内蒙古大学" in paid
    assert paid.endswith("¥60,000.00 ¥25,000.00 ¥35,000.00 ¥35,000.00")
    trial = next(row for row in rows if world["trial_number"] in row)
    assert "内蒙古工业大学" in trial and "On trial" in trial
    assert trial.endswith("¥0.00 ¥0.00 ¥0.00 ¥0.00")
    assert f'href="/admin/licences/{world["paid"].licence_id}"' in response.get_data(as_text=True)


def test_a_fee_past_its_due_date_is_overdue_only_after_the_grace_period_as_on_the_university_list(
        app, deal, make_user):
    """Overdue is what is open past the grace period (`dunning_policy().grace_days` after the due date),
    the rule of every licence list, not merely past the due date: through the last day of grace the fee is
    in the balance owed and the licence is active; the day after, it is overdue and so is the licence. The
    administrator's row carries the same four figures as the university's own list."""
    licence = deal(FLAT, START)
    admin = signed_in(app, make_user(Role.ADMIN))
    staff = signed_in(app, licence.staff)
    last_day_of_grace = START + timedelta(days=app.config["LICENCE_GRACE_DAYS"])
    move_to(app, START, last_day_of_grace)
    with app.app_context():
        number = db.session.get(Licence, licence.licence_id).number
    within_grace = _rows(admin.get("/admin/licences"))[0]
    assert "Active" in within_grace and within_grace.endswith("¥60,000.00 ¥0.00 ¥60,000.00 ¥0.00")
    assert _row(staff.get("/ip/licences"), number).endswith("¥60,000.00 ¥0.00 ¥60,000.00 ¥0.00")
    assert "¥60,000.00 ¥0.00 ¥60,000.00 ¥0.00" in visible(admin.get(f"/admin/licences/{licence.licence_id}"))

    move_to(app, last_day_of_grace + timedelta(days=1))
    past_grace = _rows(admin.get("/admin/licences"))[0]
    assert "Overdue" in past_grace and past_grace.endswith("¥60,000.00 ¥0.00 ¥60,000.00 ¥60,000.00")
    assert _row(staff.get("/ip/licences"), number).endswith("¥60,000.00 ¥0.00 ¥60,000.00 ¥60,000.00")
    rows = _csv(admin.get("/admin/licences?format=csv"))
    assert rows[1][-4:] == ["60000.00", "0.00", "60000.00", "60000.00"]


def test_licences_filter_by_university_status_search_and_start_date(world):
    admin = world["admin"]
    by_university = _rows(admin.get(f"/admin/licences?university={world['second']}"))
    assert len(by_university) == 1 and world["trial_number"] in by_university[0]
    by_status = _rows(admin.get("/admin/licences?status=trial"))
    assert len(by_status) == 1 and world["trial_number"] in by_status[0]
    by_number = _rows(admin.get(f"/admin/licences?q={world['paid_number'].lower()}"))
    assert len(by_number) == 1 and world["paid_number"] in by_number[0]
    assert "No licences match." in visible(admin.get("/admin/licences?date_from=2027-01-02"))
    assert len(_rows(admin.get("/admin/licences?date_from=2027-01-01&date_to=2027-01-01"))) == 2


def test_a_bad_filter_value_is_ignored_and_said(world):
    response = world["admin"].get("/admin/licences?university=abc&status=nonsense&date_from=2027-13-45")
    assert response.status_code == 200
    assert len(_rows(response)) == 2
    assert "Not a valid choice" in visible(response)


def test_licences_download_as_csv_and_xlsx_with_the_money_columns_in_exact_yuan(world):
    """The downloads carry the list's four figures (charged, paid, balance owed, overdue past the grace
    period) under the headings of every licence list's download, as exact numbers."""
    admin = world["admin"]
    rows = _csv(admin.get(f"/admin/licences?format=csv&university={world['first']}"))
    assert rows[0][0] == "许可编号"
    assert rows[0][-4:] == list(HEADINGS)
    assert len(rows) == 2
    assert rows[1][0] == world["paid_number"]
    assert rows[1][3] == "内蒙古大学"
    assert rows[1][-4:] == ["60000.00", "25000.00", "35000.00", "35000.00"]
    sheet = _xlsx(admin.get("/admin/licences?format=xlsx"))
    assert len(sheet) == 3 and sheet[0][-4:] == HEADINGS
    line = next(row for row in sheet if row[0] == world["paid_number"])
    assert [Decimal(str(value)) for value in line[-4:]] == [Decimal(60000), Decimal(25000), Decimal(35000),
                                                            Decimal(35000)]


def test_the_licence_page_reads_the_licence_for_an_administrator(world):
    response = world["admin"].get(f"/admin/licences/{world['paid'].licence_id}")
    assert response.status_code == 200
    text = visible(response)
    assert world["paid_number"] in text and "内蒙古大学" in text
    assert " ".join(MONEY_HEADINGS) + " ¥60,000.00 ¥25,000.00 ¥35,000.00 ¥35,000.00" in text
    assert "HX-001" in text and "N-0002" in text and "WRONG-3" in text
    assert 'action="/licences/' not in response.get_data(as_text=True)  # read only: no party's forms
    assert world["admin"].get("/admin/licences/999999").status_code == 404


# Payments --------------------------------------------------------------------------------------------


def test_payments_list_every_payment_with_its_source_and_reversal(world):
    response = world["admin"].get("/admin/payments")
    rows = _rows(response)
    assert len(rows) == 3
    newest, notified, first = rows
    assert "2027-01-04" in newest and "WRONG-3" in newest and "¥1,000.00" in newest and "Reversed" in newest
    assert "N-0002" in notified and "¥5,000.00" in notified and "Transfer notice confirmed" in notified
    assert "HX-001" in first and "¥20,000.00" in first and "Recorded by the university" in first
    assert "Standing" in first
    assert "Total received, reversed payments left out: ¥25,000.00" in visible(response)


def test_payments_filter_by_status_search_dates_and_university(world):
    admin = world["admin"]
    reversed_only = _rows(admin.get("/admin/payments?status=reversed"))
    assert len(reversed_only) == 1 and "WRONG-3" in reversed_only[0]
    assert len(_rows(admin.get("/admin/payments?status=standing"))) == 2
    assert [row.split()[0] for row in _rows(admin.get("/admin/payments?q=hx-001"))] == ["2027-01-02"]
    in_range = _rows(admin.get("/admin/payments?date_from=2027-01-03&date_to=2027-01-03"))
    assert len(in_range) == 1 and "N-0002" in in_range[0]
    assert "No payments match." in visible(admin.get(f"/admin/payments?university={world['second']}"))


def test_payments_download_as_csv_and_xlsx(world):
    rows = _csv(world["admin"].get("/admin/payments?format=csv&status=standing"))
    assert rows[0] == ["到账日期", "许可编号", "专利名称", "高校", "被许可企业", "银行流水号", "金额（元）",
                       "来源", "已冲正"]
    assert [(row[0], row[5], row[6], row[7], row[8]) for row in rows[1:]] == [
        ("2027-01-03", "N-0002", "5000.00", "企业到账通知", "否"),
        ("2027-01-02", "HX-001", "20000.00", "高校登记", "否")]
    sheet = _xlsx(world["admin"].get("/admin/payments?format=xlsx"))
    assert len(sheet) == 4
    assert sheet[1][5] == "WRONG-3" and Decimal(str(sheet[1][6])) == Decimal(1000) and sheet[1][8] == "是"


def test_the_list_pages_cost_the_same_queries_whatever_their_length(app, world, deal):
    def statements() -> int:
        seen = []

        def count(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(Engine, "before_cursor_execute", count)
        try:
            assert world["admin"].get("/admin/payments").status_code == 200
            assert world["admin"].get("/admin/licences").status_code == 200
            assert world["admin"].get("/admin/patents").status_code == 200
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return len(seen)

    before = statements()
    for number in range(3):
        more = deal(FLAT, START)
        move_to(app, START)
        _pay(app, more.licence_id, "100.00", f"MORE-{number}", date(2027, 1, 2))
    app.config["FROZEN_TODAY"] = "2027-03-01"
    assert statements() == before


# Patents ---------------------------------------------------------------------------------------------


def test_patents_list_every_university_with_offer_and_licence_count(world):
    response = world["admin"].get("/admin/patents")
    rows = _rows(response)
    assert len(rows) == 2
    assert any("内蒙古大学" in row and "Flat fee" in row and row.endswith(" 1") for row in rows)
    assert any("内蒙古工业大学" in row and "Try first, pay later" in row for row in rows)
    assert "No patents match." in visible(world["admin"].get("/admin/patents?status=not_offered"))
    assert len(_rows(world["admin"].get(f"/admin/patents?university={world['first']}"))) == 1


def test_patents_download_as_csv_and_xlsx(world):
    rows = _csv(world["admin"].get(f"/admin/patents?format=csv&university={world['second']}"))
    assert rows[0][:3] == ["专利号", "专利名称", "高校"]
    assert len(rows) == 2 and rows[1][2] == "内蒙古工业大学" and rows[1][-1] == "否" and rows[1][-2] == "1"
    sheet = _xlsx(world["admin"].get("/admin/patents?format=xlsx&q=稀土"))
    assert len(sheet) == 3


# Access ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/patents", "/admin/licences", "/admin/payments",
                                 "/admin/licences?format=csv", "/admin/payments?format=xlsx"])
@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF, Role.ORGANISER])
def test_other_roles_are_refused(app, client, make_user, url, role):
    login(client, make_user(role))
    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/payments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_dashboard_links_to_the_lists(app, make_user):
    admin = signed_in(app, make_user(Role.ADMIN))
    body = admin.get("/dashboard").get_data(as_text=True)
    for url in ("/admin/patents", "/admin/licences", "/admin/payments"):
        assert f'href="{url}"' in body

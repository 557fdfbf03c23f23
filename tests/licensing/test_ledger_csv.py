"""The per-licence ledger CSV names every entry and account in words (in the interface language), with
an entry number to refer to: no internal code (a transaction kind, an account code, a posting key) is
left in it."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.core.ledger import TransactionKind
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing.models import Licence, LicenceCharge
from tests.licensing.money_helpers import deal_factory, move_to, post, signed_in, transaction_ids

FLAT = flat_plan(Money("60000.00"), Duration.years(3))
CODES = (*(kind.value for kind in TransactionKind), "receivable:", "revenue:", "cash:", "debit", "credit",
         "charge:licence", "payment:bank", "waiver:", "reversal:")


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


def _rows(client, deal) -> list[list[str]]:
    response = client.get(f"{deal.url}/ledger.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    for code in CODES:
        assert code not in text, code
    return list(csv.reader(io.StringIO(text)))


def test_the_ledger_csv_speaks_words_not_codes(app, deal):
    flat = deal(FLAT)
    move_to(app, date(2027, 1, 1))
    staff = signed_in(app, flat.staff)
    for amount, reference in (("30000", "ICBC-A"), ("20000", "ICBC-B")):
        paid = post(staff, f"{flat.url}/payments",
                    {"amount": amount, "reference": reference, "received_on": "2027-01-01"}, page=flat.url)
        assert paid.status_code == 302
    first = transaction_ids(app, flat.licence_id, "payment_received")[0]
    assert post(staff, f"{flat.url}/payments/{first}/reverse", {"reason": "重复入账"},
                page=flat.url).status_code == 302
    with app.app_context():
        licence = db.session.get(Licence, flat.licence_id)
        enterprise, university = licence.enterprise.name, licence.patent.university.name
        charge_id = db.session.scalar(select(LicenceCharge.id).where(LicenceCharge.licence_id == licence.id))
    assert post(staff, f"{flat.url}/charges/{charge_id}/waive", {"reason": "协商减免"},
                page=flat.url).status_code == 302
    with app.app_context():
        ids = list(db.session.scalars(select(LedgerTransaction.id).where(
            LedgerTransaction.licence_id == flat.licence_id).order_by(LedgerTransaction.id)))
    charge, pay_a, pay_b, reversal, waiver = (str(number) for number in ids)

    receivable = f"应收款 — {enterprise}"
    revenue, cash = f"许可收入 — {university}", f"已收款项 — {university}"
    fee = "许可使用费（2027-01-01 到期）"
    expected = [
        ["业务日期", "分录号", "类型", "摘要", "账户", "借/贷", "金额（元）", "币种"],
        ["2027-01-01", charge, "费用到期", fee, receivable, "借", "60000.00", "CNY"],
        ["2027-01-01", charge, "费用到期", fee, revenue, "贷", "60000.00", "CNY"],
        ["2027-01-01", pay_a, "已收到付款", "流水号 ICBC-A", cash, "借", "30000.00", "CNY"],
        ["2027-01-01", pay_a, "已收到付款", "流水号 ICBC-A", receivable, "贷", "30000.00", "CNY"],
        ["2027-01-01", pay_b, "已收到付款", "流水号 ICBC-B", cash, "借", "20000.00", "CNY"],
        ["2027-01-01", pay_b, "已收到付款", "流水号 ICBC-B", receivable, "贷", "20000.00", "CNY"],
        ["2027-01-01", reversal, "付款已冲正", f"冲正分录 {pay_a}", cash, "贷", "30000.00", "CNY"],
        ["2027-01-01", reversal, "付款已冲正", f"冲正分录 {pay_a}", receivable, "借", "30000.00", "CNY"],
        ["2027-01-01", waiver, "费用已减免", fee, revenue, "借", "40000.00", "CNY"],
        ["2027-01-01", waiver, "费用已减免", fee, receivable, "贷", "40000.00", "CNY"],
    ]
    buyer = signed_in(app, flat.buyer)
    buyer.get("/language/zh_CN")
    assert _rows(buyer, flat) == expected
    staff.get("/language/zh_CN")
    assert _rows(staff, flat) == expected  # the same for both parties

    staff.get("/language/en")  # the interface language
    english = _rows(staff, flat)
    assert english[1][2:6] == ["Charge fell due", "Licence fee (due 2027-01-01)",
                               f"Receivable — {enterprise}", "Debit"]
    assert english[7][3] == f"reverses entry {pay_a}"

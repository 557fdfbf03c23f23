"""CSV and XLSX exports for spreadsheets: the licence list (with its money columns) and one licence's
ledger.

Written by `marketplace.exports.csv_bytes` (UTF-8 with a BOM so that Excel shows the Chinese; text
that a spreadsheet would run as a formula is neutralised; amounts are Decimal, written as exact
decimal numbers, never floats)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import gettext as _

from marketplace.core.ledger import TransactionKind
from marketplace.core.money import Money
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes
from marketplace.ledger.labels import (
    account_label,
    account_names,
    payment_reference,
    side_label,
    transaction_label,
)
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.licensing.money_columns import DOWNLOAD_HEADINGS, MoneyColumns
from marketplace.licensing.money_labels import charge_what

LICENCE_COLUMNS = ("许可编号", "专利号", "专利名称", "被许可企业", "统一社会信用代码", "状态", "开始日期",
                   "结束日期", "试用截止", "备案截止", "备案日期", "备案号", *DOWNLOAD_HEADINGS)
LEDGER_COLUMNS = ("业务日期", "分录号", "类型", "摘要", "账户", "借/贷", "金额（元）", "币种")


def _licence_rows(licences: Iterable[Licence], status_labels: Mapping,
                  money: Mapping[int, MoneyColumns]) -> Iterable[tuple]:
    for lic in licences:
        figures = money.get(lic.id, MoneyColumns())
        yield (lic.number, lic.patent.patent_number, lic.patent.title, lic.enterprise.name,
               lic.enterprise.credit_code, str(status_labels[lic.status]), lic.start_date, lic.end_date,
               lic.trial_last_day, lic.filing_deadline, lic.filed_on, lic.filing_number, *figures.in_yuan())


def licences_csv(licences: Iterable[Licence], status_labels: Mapping,
                 money: Mapping[int, MoneyColumns]) -> bytes:
    """The licences, one row each, with their money columns (yuan)."""
    return csv_bytes(LICENCE_COLUMNS, _licence_rows(licences, status_labels, money))


def licences_xlsx(licences: Iterable[Licence], status_labels: Mapping,
                  money: Mapping[int, MoneyColumns]) -> bytes:
    """The same rows as `licences_csv`, as a workbook."""
    workbook, sheet = new_workbook()
    sheet.title = "许可"
    append_row(sheet, LICENCE_COLUMNS)
    for row in _licence_rows(licences, status_labels, money):
        append_row(sheet, row)
    return xlsx_bytes(workbook)


def _ledger_detail(row: LedgerTransaction, charges: Mapping[str, LicenceCharge],
                   numbers: Mapping[str, int]) -> str:
    """What one entry was about: the charge and its due date, the bank reference of a payment, the entry
    a reversal undoes."""
    prefix, _colon, rest = row.key.partition(":")
    if prefix in ("charge", "waiver") and rest in charges:
        charge = charges[rest]
        return _("%(charge)s (due %(day)s)", charge=charge_what(charge.kind), day=charge.due_date.isoformat())
    if row.kind == TransactionKind.PAYMENT_RECEIVED:
        return _("reference %(reference)s", reference=payment_reference(row.key))
    if row.kind == TransactionKind.REVERSAL and row.reverses in numbers:
        return _("reverses entry %(number)s", number=numbers[row.reverses])
    return ""


def ledger_csv(transactions: Iterable[LedgerTransaction], charges: Iterable[LicenceCharge]) -> bytes:
    """Every leg of the transactions, in posting order, in words: the entry's number, what it records
    and what it was about, the account by its owner's name, debit or credit."""
    rows = list(transactions)
    names = account_names({leg.account for row in rows for leg in row.legs})
    by_key = {charge.natural_key: charge for charge in charges}
    numbers = {row.key: row.id for row in rows}
    return csv_bytes(LEDGER_COLUMNS, (
        (row.business_date, row.id, transaction_label(row.kind), _ledger_detail(row, by_key, numbers),
         account_label(leg.account, names), side_label(leg.side),
         Money.from_fen(leg.amount_fen, leg.currency).amount, leg.currency)
        for row in rows for leg in row.legs
    ))

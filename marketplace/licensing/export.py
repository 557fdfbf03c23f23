"""CSV exports for spreadsheets: the licence list and one licence's ledger.

Written by `marketplace.exports.csv_bytes` (UTF-8 with a BOM so that Excel shows the Chinese; text
that a spreadsheet would run as a formula is neutralised; amounts are Decimal, written as exact
decimal numbers, never floats)."""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.core.money import Money
from marketplace.exports import csv_bytes
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing.models import Licence

LICENCE_COLUMNS = ("许可编号", "专利号", "专利名称", "被许可企业", "统一社会信用代码", "状态", "开始日期",
                   "结束日期", "试用截止", "备案截止", "备案日期", "备案号")
LEDGER_COLUMNS = ("业务日期", "交易键", "类型", "账户", "借/贷", "金额（元）", "币种")


def licences_csv(licences: Iterable[Licence], status_labels: dict) -> bytes:
    """The licences, one row each."""
    return csv_bytes(LICENCE_COLUMNS, (
        (lic.number, lic.patent.patent_number, lic.patent.title, lic.enterprise.name,
         lic.enterprise.credit_code, status_labels[lic.status], lic.start_date, lic.end_date,
         lic.trial_last_day, lic.filing_deadline, lic.filed_on, lic.filing_number)
        for lic in licences
    ))


def ledger_csv(transactions: Iterable[LedgerTransaction]) -> bytes:
    """Every leg of the transactions, in posting order."""
    return csv_bytes(LEDGER_COLUMNS, (
        (row.business_date, row.key, row.kind, leg.account, leg.side,
         Money.from_fen(leg.amount_fen, leg.currency).amount, leg.currency)
        for row in transactions for leg in row.legs
    ))

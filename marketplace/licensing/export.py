"""CSV exports for spreadsheets: the licence list and one licence's ledger (UTF-8 with a BOM so that
Excel shows the Chinese; amounts as exact decimal text, never floats)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from marketplace.core.money import Money
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing.models import Licence

LICENCE_COLUMNS = ("许可编号", "专利号", "专利名称", "被许可企业", "统一社会信用代码", "状态", "开始日期",
                   "结束日期", "试用截止", "备案截止", "备案日期", "备案号")
LEDGER_COLUMNS = ("业务日期", "交易键", "类型", "账户", "借/贷", "金额（元）", "币种")


def _csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def licences_csv(licences: Iterable[Licence], status_labels: dict) -> bytes:
    """The licences, one row each."""
    return _csv(LICENCE_COLUMNS, (
        (lic.number, lic.patent.patent_number, lic.patent.title, lic.enterprise.name,
         lic.enterprise.credit_code, str(status_labels[lic.status]), lic.start_date.isoformat(),
         lic.end_date.isoformat(), lic.trial_last_day.isoformat() if lic.trial_last_day else "",
         lic.filing_deadline.isoformat(), lic.filed_on.isoformat() if lic.filed_on else "",
         lic.filing_number)
        for lic in licences
    ))


def ledger_csv(transactions: Iterable[LedgerTransaction]) -> bytes:
    """Every leg of the transactions, in posting order."""
    return _csv(LEDGER_COLUMNS, (
        (row.business_date.isoformat(), row.key, str(row.kind), leg.account, str(leg.side),
         str(Money.from_fen(leg.amount_fen, leg.currency).amount), leg.currency)
        for row in transactions for leg in row.legs
    ))

"""The downloads of the platform-wide lists, as CSV or XLSX, written by `marketplace.exports` (every cell
made safe for spreadsheets; amounts are Decimal yuan from integer fen, never floats)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from marketplace.core.money import Money
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes
from marketplace.licensing.money_columns import DOWNLOAD_HEADINGS, MoneyColumns
from marketplace.oversight.queries import PaymentRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PATENT_COLUMNS = ("专利号", "专利名称", "高校", "专利类型", "法律状态", "行业", "申请日", "授权日", "届满日",
                  "许可方式", "固定费用（元）", "许可数", "已归档")
LICENCE_COLUMNS = ("许可编号", "专利号", "专利名称", "高校", "被许可企业", "统一社会信用代码", "状态",
                   "开始日期", "结束日期", *DOWNLOAD_HEADINGS)
PAYMENT_COLUMNS = ("到账日期", "许可编号", "专利名称", "高校", "被许可企业", "银行流水号", "金额（元）",
                   "来源", "已冲正")


def download(kind: str, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The rows as a CSV (`kind` "csv") or XLSX file (worksheet `title`)."""
    if kind == "csv":
        return csv_bytes(header, rows)
    workbook, sheet = new_workbook()
    sheet.title = title
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    return xlsx_bytes(workbook)


def patent_lines(patents, counts: dict[int, int], label: Callable[[object], dict[str, str]]):
    """One line per patent; `label(patent)` gives its type, status, industry and plan kind in words."""
    for patent in patents:
        words = label(patent)
        price = None if patent.offer_price_fen is None else _yuan(patent.offer_price_fen)
        yield (patent.patent_number, patent.title, patent.university.name, words["type"], words["status"],
               words["industry"], patent.filing_date, patent.grant_date, patent.expiry_date, words["offer"],
               price, counts.get(patent.id, 0), "是" if patent.archived else "否")


def licence_lines(licences, figures: dict[int, MoneyColumns], status_labels: dict):
    """One line per licence with its money columns (those of every licence list's download)."""
    for licence in licences:
        money = figures.get(licence.id, MoneyColumns())
        yield (licence.number, licence.patent.patent_number, licence.patent.title,
               licence.patent.university.name, licence.enterprise.name, licence.enterprise.credit_code,
               str(status_labels[licence.status]), licence.start_date, licence.end_date, *money.in_yuan())


def payment_lines(rows: Iterable[PaymentRow]):
    """One line per payment."""
    for row in rows:
        yield (row.transaction.business_date, row.licence.number, row.licence.patent.title,
               row.university.name if row.university else "", row.licence.enterprise.name, row.reference,
               row.amount.amount, "企业到账通知" if row.notice else "高校登记",
               "是" if row.reversed else "否")


def _yuan(fen: int):
    return Money.from_fen(fen).amount

"""The download of a zone's results, as CSV or XLSX, written by `marketplace.exports` (every cell made
safe for spreadsheets; amounts stay numbers, in yuan)."""

from __future__ import annotations

from marketplace.core.feedback import FeedbackReason
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes
from marketplace.zones.results import MONEY_FIGURES, FigureKey, ResultsRow, ZoneResults


def _header(labels: dict[FigureKey, str], reasons: dict[FeedbackReason, str], first: str) -> list[str]:
    return [first, *(labels[key] for key in FigureKey), *(reasons[reason] for reason in FeedbackReason)]


def _line(row: ResultsRow, total_label: str) -> list[object]:
    name = row.university.name if row.university is not None else total_label
    values = [row.money[key].amount if key in MONEY_FIGURES else row.counts[key] for key in FigureKey]
    return [name, *values, *(row.reasons[reason.value] for reason in FeedbackReason)]


def _lines(results: ZoneResults, total_label: str) -> list[list[object]]:
    return [_line(row, total_label) for row in [*results.rows, results.total]]


def results_csv(results: ZoneResults, labels, reasons, first: str, total_label: str) -> bytes:
    """The results, one line per university and the total, as CSV."""
    return csv_bytes(_header(labels, reasons, first), _lines(results, total_label))


def results_xlsx(results: ZoneResults, labels, reasons, first: str, total_label: str) -> bytes:
    """The results, one line per university and the total, as XLSX."""
    workbook, sheet = new_workbook()
    sheet.title = "专区成效"
    append_row(sheet, _header(labels, reasons, first))
    for line in _lines(results, total_label):
        append_row(sheet, line)
    return xlsx_bytes(workbook)

"""The download of the zones compared, as CSV or XLSX, written by `marketplace.exports` (every cell made
safe for spreadsheets; amounts stay numbers, in yuan)."""

from __future__ import annotations

from marketplace.dashboards.organiser import ZoneRow
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes
from marketplace.zones.results import MONEY_FIGURES, FigureKey


def _header(labels: dict[FigureKey, str], first: list[str]) -> list[str]:
    return [*first, *(labels[key] for key in FigureKey)]


def _lines(rows: list[ZoneRow], status_labels) -> list[list[object]]:
    return [[row.zone.title, str(status_labels[row.zone.status]), row.zone.opens_on.isoformat(),
             row.zone.closes_on.isoformat(),
             *(row.money[key].amount if key in MONEY_FIGURES else row.counts[key] for key in FigureKey)]
            for row in rows]


def zones_csv(rows: list[ZoneRow], labels: dict[FigureKey, str], first: list[str], status_labels) -> bytes:
    """One line per zone: its title, status, window and every figure."""
    return csv_bytes(_header(labels, first), _lines(rows, status_labels))


def zones_xlsx(rows: list[ZoneRow], labels: dict[FigureKey, str], first: list[str], status_labels) -> bytes:
    """The same as `zones_csv`, as a workbook."""
    workbook, sheet = new_workbook()
    sheet.title = "专区对比"
    append_row(sheet, _header(labels, first))
    for line in _lines(rows, status_labels):
        append_row(sheet, line)
    return xlsx_bytes(workbook)

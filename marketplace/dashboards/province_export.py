"""The province dashboard's tables as rows for a CSV or XLSX file, through the one export writer."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from marketplace.catalogue.labels import INDUSTRY_LABELS
from marketplace.core.money import Money
from marketplace.dashboards.province import Figure, ProvinceFigures, UniversityRow
from marketplace.dashboards.province_labels import FIGURE_LABELS, SERVED_BY_LABELS, month_label
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes

UNIVERSITY_FIGURES = (Figure.SERVED, Figure.SERVED_STRICT, Figure.PATENTS, Figure.OFFERS, Figure.REACHED,
                      Figure.MEETINGS_REQUESTED, Figure.MEETINGS_HELD, Figure.LICENCES, Figure.CONVERTED,
                      Figure.FILED, Figure.TRIALS, Figure.TRIALS_CONVERTED, Figure.CHARGED, Figure.COLLECTED,
                      Figure.OVERDUE, Figure.FILING_OVERDUE)


def _cell(value):
    return value.amount if isinstance(value, Money) else value


def _rate(row: UniversityRow):
    return row.trials.rate.quantize(Money("0.01").amount) if row.trials.rate is not None else ""


def universities_table(figures: ProvinceFigures) -> tuple[list, list[list]]:
    """One line per university and the province's total."""
    header = [_("University"), *(str(FIGURE_LABELS[key]) for key in UNIVERSITY_FIGURES),
              _("Trial conversion rate"), _("Reaches the target")]
    lines = [[row.name, *(_cell(row.figure(key)) for key in UNIVERSITY_FIGURES), _rate(row),
              _("Yes") if row.at_target else _("No")] for row in figures.rows]
    total = figures.total
    lines.append([_("Province total"), *(_cell(total.figure(key)) for key in UNIVERSITY_FIGURES),
                  _rate(total),
                  _("%(count)d of %(all)d universities", count=figures.at_target, all=figures.universities)])
    return header, lines


def months_table(figures: ProvinceFigures) -> tuple[list, list[list]]:
    """One line per month."""
    header = [_("Month"), _("Licences taken"), _("Fees charged"), _("Fees collected"),
              _("Enterprises served so far")]
    return header, [[month_label(m.month), m.licences, m.charged.amount, m.collected.amount,
                     m.served_cumulative] for m in figures.months]


def industries_table(figures: ProvinceFigures) -> tuple[list, list[list]]:
    """One line per industry with licences or enterprises served."""
    header = [_("Industry"), _("Licences taken"), _("Enterprises served")]
    return header, [[str(INDUSTRY_LABELS[row.industry]), row.licences, row.served]
                    for row in figures.industries]


TABLES = {"universities": universities_table, "months": months_table, "industries": industries_table}


def rows_table(rows: Iterable, figure: Figure) -> tuple[list, list[list]]:
    """The rows behind a figure."""
    header = [_("University"), _("Name"), _("Detail"), _("How"), _("Date"), _("Amount")]
    lines = []
    for row in rows:
        served = figure in (Figure.SERVED, Figure.SERVED_STRICT)
        how = str(SERVED_BY_LABELS.get(row.kind, "")) if served else ""
        lines.append([row.university, row.subject, row.detail or "", how,
                      row.day.isoformat() if hasattr(row.day, "isoformat") else (row.day or ""),
                      Money.from_fen(int(row.fen)).amount if row.fen is not None else ""])
    return header, lines


def as_csv(header: list, lines: list[list]) -> bytes:
    """A CSV file of the table."""
    return csv_bytes(header, lines)


def as_xlsx(header: list, lines: list[list]) -> bytes:
    """An XLSX file of the table."""
    workbook, sheet = new_workbook()
    append_row(sheet, header)
    for line in lines:
        append_row(sheet, line)
    return xlsx_bytes(workbook)

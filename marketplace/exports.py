"""The one writer of every CSV and XLSX file the marketplace hands out.

Every cell goes through `marketplace.core.spreadsheet_cells.cell_value`, so text that a
spreadsheet would run as a formula is written with a leading single quote, and numbers (int,
Decimal) stay numbers. CSV files are UTF-8 with a byte-order mark (so Excel shows the Chinese) and
CRLF line ends. Nothing else in the marketplace may call ``csv.writer`` or build an openpyxl
``Workbook`` to write a file (a test looks).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from marketplace.core.spreadsheet_cells import cell_text, cell_value

Row = Iterable[object]


def csv_bytes(header: Row, rows: Iterable[Row]) -> bytes:
    """A CSV file: the header, then the rows, every cell made safe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell_text(value) for value in header])
    writer.writerows([cell_text(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def new_workbook() -> tuple[Workbook, Worksheet]:
    """An empty workbook and its first worksheet, to be filled with `append_row`."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new Workbook always has one worksheet
    return workbook, sheet


def append_row(sheet: Worksheet, values: Row) -> None:
    """Append one row to a worksheet, every cell made safe.

    Text keeps no characters XML cannot hold (openpyxl would refuse the whole file), and since it
    is neutralised first, openpyxl never stores a text beginning with ``=`` as a formula.
    """
    safe = [cell_value(value) for value in values]
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                  for value in safe])


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The bytes of a workbook filled through `append_row`."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

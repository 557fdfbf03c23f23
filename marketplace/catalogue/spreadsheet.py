"""Reading the patent lists university IP centres upload (CSV or XLSX).

Pure file parsing: no web framework, no database. `read_spreadsheet` turns the bytes of an upload
into rows of stripped strings keyed by column; it refuses a file as a whole with a
`SpreadsheetError` whose `problem` the UI turns into a translated message. Checking the values of
each row (application numbers, dates, statuses ...) is the validators' job, not this module's.

Header cells are matched forgivingly: after NFKC folding, lower-casing and dropping white space,
asterisks and anything in parentheses, a header equals a column's Chinese name, English name or
key. The header is the first non-empty row; unknown header columns are ignored and reported.
Row numbers are those the user sees in Excel (header included), so messages can point at a line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from enum import StrEnum

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from marketplace.core.spreadsheet_cells import looks_like_formula

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# An xlsx is a zip: its parts may unpack to at most this many times `max_bytes` (guards against
# zip bombs; openpyxl keeps the shared strings in memory even in read-only mode).
UNPACKED_RATIO = 20

ZIP_SIGNATURE = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 20



class FileProblem(StrEnum):
    """Why an uploaded file was refused as a whole."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    NOT_XLSX = "not_xlsx"
    NOT_CSV = "not_csv"
    ENCODING = "encoding"
    NO_HEADER = "no_header"
    MISSING_COLUMNS = "missing_columns"
    NO_ROWS = "no_rows"
    TOO_MANY_ROWS = "too_many_rows"


class SpreadsheetError(ValueError):
    """A file that cannot be imported; `problem` says why, `detail` fills in the message.

    `detail` is the size limit for TOO_LARGE, the extension for UNSUPPORTED_TYPE, the missing
    columns' Chinese names joined by "、" for MISSING_COLUMNS, the row limit for TOO_MANY_ROWS,
    the row number for NOT_CSV when a record could not be read, and "" otherwise.
    """

    def __init__(self, problem: FileProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class Column:
    """One column of the import format: its key, its header names and a short format note."""

    key: str
    zh: str
    en: str
    required: bool
    hint: str


COLUMNS: tuple[Column, ...] = (
    Column("application_number", "申请号", "Application number", True,
           "如 202110123456.7，可带 ZL 或 CN 前缀和文献种类代码"),
    Column("title", "专利名称", "Title", True, "与专利证书上的名称一致"),
    Column("abstract", "摘要", "Abstract", False, "简述技术方案与效果"),
    Column("claims_summary", "主权项摘要", "Claims summary", False, "独立权利要求的要点"),
    Column("ipc_codes", "IPC分类号", "IPC codes", False,
           "多个分类号用“；”分隔，如 C22C 38/00；G06Q（可只填到小类）"),
    Column("inventors", "发明人", "Inventors", False, "多人用“；”分隔"),
    Column("patentees", "专利权人", "Patentees", True, "共有权利人用“；”分隔"),
    Column("filing_date", "申请日", "Filing date", True, "格式 YYYY-MM-DD，如 2021-03-15"),
    Column("grant_date", "授权公告日", "Grant date", False, "格式 YYYY-MM-DD，未授权可留空"),
    Column("legal_status", "法律状态", "Legal status", True,
           "填写当前法律状态，如 有效；保护期限已届满的填 期满终止"),
    Column("industry", "行业领域", "Industry", False, "所属行业或技术领域"),
    Column("trl", "技术成熟度", "TRL", False, "1–9 的整数"),
    Column("keywords", "关键词", "Keywords", False, "多个关键词用“；”分隔"),
    Column("title_en", "英文名称", "English title", False, "专利名称的英文译名，便于英文检索"),
    Column("abstract_en", "英文摘要", "English abstract", False, "摘要的英文译文"),
)

COLUMN_KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)

# The example row of the template; reading the template back gives exactly these values.
_STRIP = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\u200b\ufeff"
_PARENTHESISED = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number as Excel shows it, its values by column key, its formula cells."""

    number: int
    values: dict[str, str]
    formula_fields: frozenset[str]


@dataclass(frozen=True)
class ParsedSheet:
    """The data rows of an upload, what kind of file it was and which header cells went unused."""

    rows: tuple[SheetRow, ...]
    kind: str
    encoding: str | None
    ignored_headers: tuple[str, ...]


def clean_cell(raw: str) -> str:
    """Strip white space (full-width included) and invisible marks from both ends of a cell."""
    return raw.strip(_STRIP)


def normalise_header(raw: str) -> str:
    """Fold a header cell for matching: NFKC, no parenthesised text, no spaces or asterisks, lower case."""
    folded = _PARENTHESISED.sub("", unicodedata.normalize("NFKC", raw))
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "*\u200b\ufeff").lower()


_HEADER_NAMES: dict[str, str] = {
    normalise_header(name): column.key for column in COLUMNS for name in (column.zh, column.en, column.key)
}


def column_for_header(raw: str) -> str | None:
    """The key of the column a header cell names, or None when it names none."""
    return _HEADER_NAMES.get(normalise_header(raw))


# A record is (row number, cells); a cell is (stripped text, whether it held a formula).
_Cell = tuple[str, bool]
_Record = tuple[int, list[_Cell]]


def read_spreadsheet(
    filename: str, data: bytes, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> ParsedSheet:
    """Parse an uploaded patent list; raise SpreadsheetError when the file as a whole is unusable.

    The kind of file comes from the file name's extension (.xlsx or .csv); the first worksheet of
    a workbook is read. Completely empty rows are skipped without disturbing the row numbers.
    """
    if len(data) > max_bytes:
        raise SpreadsheetError(FileProblem.TOO_LARGE, str(max_bytes))
    if not data.removeprefix(UTF8_BOM).strip():
        raise SpreadsheetError(FileProblem.EMPTY)
    extension = _extension(filename)
    if extension == ".xlsx":
        return _collect(_xlsx_records(data, max_bytes), "xlsx", None, max_rows)
    if extension == ".csv":
        text, encoding = _decode_csv(data)
        return _collect(_csv_records(text), "csv", encoding, max_rows)
    raise SpreadsheetError(FileProblem.UNSUPPORTED_TYPE, extension)


def _extension(filename: str) -> str:
    """The lower-cased extension with its dot (".xlsx"), or "" when the name has none."""
    base = re.split(r"[\\/]", filename.strip())[-1]
    _, dot, suffix = base.rpartition(".")
    return f".{suffix.lower()}" if dot else ""


def _collect(records: Iterator[_Record], kind: str, encoding: str | None, max_rows: int) -> ParsedSheet:
    """Find the header among the records, map its columns and gather the data rows."""
    mapping: dict[int, str] | None = None
    ignored: tuple[str, ...] = ()
    rows: list[SheetRow] = []
    with closing(records):
        for number, cells in records:
            if not any(text for text, _ in cells):
                continue
            if mapping is None:
                mapping, ignored = _map_header([text for text, _ in cells])
                continue
            if len(rows) >= max_rows:
                raise SpreadsheetError(FileProblem.TOO_MANY_ROWS, str(max_rows))
            rows.append(_sheet_row(number, cells, mapping))
    if mapping is None:
        raise SpreadsheetError(FileProblem.NO_HEADER)
    if not rows:
        raise SpreadsheetError(FileProblem.NO_ROWS)
    return ParsedSheet(rows=tuple(rows), kind=kind, encoding=encoding, ignored_headers=ignored)


def _map_header(headers: list[str]) -> tuple[dict[int, str], tuple[str, ...]]:
    """Column positions by key, and the non-empty header cells that name no column (or a repeat)."""
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for position, header in enumerate(headers):
        if not header:
            continue
        key = column_for_header(header)
        if key is None or key in mapping.values():
            ignored.append(header)
        else:
            mapping[position] = key
    missing = [column.zh for column in COLUMNS if column.required and column.key not in mapping.values()]
    if missing:
        raise SpreadsheetError(FileProblem.MISSING_COLUMNS, "、".join(missing))
    return mapping, tuple(ignored)


def _sheet_row(number: int, cells: list[_Cell], mapping: dict[int, str]) -> SheetRow:
    """Build one data row from its cells."""
    values = dict.fromkeys(COLUMN_KEYS, "")
    formulas: set[str] = set()
    for position, key in mapping.items():
        if position < len(cells):
            text, is_formula = cells[position]
            values[key] = text
            if is_formula:
                formulas.add(key)
    return SheetRow(number=number, values=values, formula_fields=frozenset(formulas))


# --- xlsx ------------------------------------------------------------------------------------

# What a damaged or foreign file makes zipfile, the XML parser (ParseError is a SyntaxError) or
# openpyxl raise while opening or reading a workbook.
_BROKEN_WORKBOOK = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OSError,
    EOFError,
    SyntaxError,
    zlib.error,
)


def _xlsx_records(data: bytes, max_bytes: int) -> Iterator[_Record]:
    """The rows of the first worksheet, read at once.

    openpyxl warns about Excel features it drops on reading (data validation lists, conditional
    formatting of newer Excel versions). They do not affect the cell values, so those notes are
    ignored here on purpose rather than shown to the user.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        rows = list(_read_xlsx(data, max_bytes))
    yield from rows


def _read_xlsx(data: bytes, max_bytes: int) -> Iterator[_Record]:
    """The rows of the first worksheet, numbered as in Excel; NOT_XLSX for anything unreadable."""
    if not data.startswith(ZIP_SIGNATURE):
        raise SpreadsheetError(FileProblem.NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except _BROKEN_WORKBOOK as exc:
        raise SpreadsheetError(FileProblem.NOT_XLSX) from exc
    if unpacked > max_bytes * UNPACKED_RATIO:
        raise SpreadsheetError(FileProblem.TOO_LARGE, str(max_bytes))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except _BROKEN_WORKBOOK as exc:
        raise SpreadsheetError(FileProblem.NOT_XLSX) from exc
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The stored dimension is sometimes wrong (some exporters write "A1"); read every row.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except _BROKEN_WORKBOOK as exc:
                raise SpreadsheetError(FileProblem.NOT_XLSX) from exc
            number += 1
            yield number, [_xlsx_cell(cell) for cell in cells]
    finally:
        workbook.close()


def _xlsx_cell(cell: object) -> _Cell:
    """A cell's text as the user typed it (formulas as their text) and whether it is a formula."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        text = value if isinstance(value, str) else getattr(value, "text", None) or "="
        return clean_cell(text), True
    text = clean_cell(_xlsx_text(value))
    return text, isinstance(value, str) and looks_like_formula(text)


def _xlsx_text(value: object) -> str:
    """The text of a cell value: dates as YYYY-MM-DD, integral numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# --- csv -------------------------------------------------------------------------------------


def _decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM), else GB18030."""
    if b"\x00" in data:
        raise SpreadsheetError(FileProblem.NOT_CSV)
    if data.startswith(UTF8_BOM):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "gb18030")
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return text, "gb18030" if codec == "gb18030" else "utf-8"
    raise SpreadsheetError(FileProblem.ENCODING)


def _csv_records(text: str) -> Iterator[_Record]:
    """The records of a CSV text, numbered as Excel shows them (a quoted line break stays in its row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SpreadsheetError(FileProblem.NOT_CSV, str(number + 1)) from exc
        number += 1
        cells = [clean_cell(field) for field in fields]
        yield number, [(cell, looks_like_formula(cell)) for cell in cells]


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: csv.Sniffer's guess unless another one names more known headers."""
    sample = "".join(line for _, line in zip(range(SNIFF_LINES), io.StringIO(text, newline=""), strict=False))
    candidates: list[str] = []
    try:
        candidates.append(csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter)
    except csv.Error:
        pass
    candidates += [delimiter for delimiter in DELIMITERS if delimiter not in candidates]
    return max(candidates, key=lambda delimiter: _known_headers(sample, delimiter))


def _known_headers(sample: str, delimiter: str) -> int:
    """How many distinct columns the first non-empty record of the sample names when split so."""
    try:
        for fields in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            headers = [clean_cell(field) for field in fields]
            if any(headers):
                return len({column_for_header(header) for header in headers} - {None})
    except csv.Error:
        return 0
    return 0


# --- templates -------------------------------------------------------------------------------

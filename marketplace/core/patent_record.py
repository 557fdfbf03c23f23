"""Validating one spreadsheet row or form submission into a patent record.

Input is a mapping from field key to the text typed in that cell (a missing key is an empty cell).
Validation collects every problem of a row, as (field, code, offending value) triples the UI words
and translates; a row with any problem yields no record. Today's date is always a parameter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marketplace.core.application_number import (
    ApplicationNumber,
    ApplicationNumberProblem,
    InvalidApplicationNumber,
    parse_application_number,
)
from marketplace.core.ipc import IncompleteIpcCode, InvalidIpcCode, IpcCode, parse_ipc_list
from marketplace.core.patent_fields import Industry, LegalStatus, parse_industry, parse_legal_status
from marketplace.core.patent_term import expiry_date
from marketplace.core.spreadsheet_cells import looks_like_formula

FIELDS = (
    "application_number",
    "title",
    "abstract",
    "claims_summary",
    "ipc_codes",
    "inventors",
    "patentees",
    "filing_date",
    "grant_date",
    "legal_status",
    "industry",
    "trl",
    "keywords",
    "title_en",
    "abstract_en",
)
REQUIRED_FIELDS = frozenset({"application_number", "title", "patentees", "filing_date", "legal_status"})
MAX_LENGTHS = {
    "title": 200,
    "abstract": 5000,
    "claims_summary": 5000,
    "inventors": 500,
    "patentees": 500,
    "keywords": 300,
    "ipc_codes": 300,
    "title_en": 300,
    "abstract_en": 5000,
}
EARLIEST_FILING_DATE = date(1985, 4, 1)  # the first Patent Law of the PRC took effect
SHOWN_VALUE_LENGTH = 50
TRL_MIN, TRL_MAX = 1, 9

_LIST_SEPARATORS = re.compile(r"[;；,，、\n\r]")
_DATE_SEPARATED = re.compile(
    r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_DATE_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_DATE_CHINESE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?")
_TRL = re.compile(r"(?:TRL)?\s*([0-9]{1,2})(?:\.0+)?")


class RowProblemCode(StrEnum):
    """What is wrong with one field of a row."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    FORMULA = "formula"
    APPLICATION_NUMBER_FORMAT = "application_number_format"
    APPLICATION_NUMBER_TYPE = "application_number_type"
    APPLICATION_NUMBER_CHECK = "application_number_check"
    APPLICATION_NUMBER_KIND = "application_number_kind"
    IPC_FORMAT = "ipc_format"
    IPC_INCOMPLETE = "ipc_incomplete"
    DATE_FORMAT = "date_format"
    FILING_IN_FUTURE = "filing_in_future"
    GRANT_IN_FUTURE = "grant_in_future"
    GRANT_BEFORE_FILING = "grant_before_filing"
    FILING_BEFORE_1985 = "filing_before_1985"
    LEGAL_STATUS_UNKNOWN = "legal_status_unknown"
    IN_FORCE_AFTER_EXPIRY = "in_force_after_expiry"
    INDUSTRY_UNKNOWN = "industry_unknown"
    TRL_RANGE = "trl_range"
    DUPLICATE_IN_FILE = "duplicate_in_file"


_APPLICATION_NUMBER_CODES = {
    ApplicationNumberProblem.EMPTY: RowProblemCode.REQUIRED,
    ApplicationNumberProblem.FORMAT: RowProblemCode.APPLICATION_NUMBER_FORMAT,
    ApplicationNumberProblem.TYPE_DIGIT: RowProblemCode.APPLICATION_NUMBER_TYPE,
    ApplicationNumberProblem.CHECK_DIGIT: RowProblemCode.APPLICATION_NUMBER_CHECK,
    ApplicationNumberProblem.KIND_CODE: RowProblemCode.APPLICATION_NUMBER_KIND,
}


@dataclass(frozen=True)
class RowProblem:
    """One problem with one field; `value` is the offending input, cut to 50 characters."""

    field: str
    code: RowProblemCode
    value: str = ""


@dataclass(frozen=True)
class PatentRecord:
    """A validated patent, ready to be stored."""

    application: ApplicationNumber
    title: str
    abstract: str
    claims_summary: str
    ipc_codes: tuple[IpcCode, ...]
    inventors: tuple[str, ...]
    patentees: tuple[str, ...]
    filing_date: date
    grant_date: date | None
    legal_status: LegalStatus
    industry: Industry
    trl: int | None
    keywords: tuple[str, ...]
    title_en: str = ""
    abstract_en: str = ""

    @property
    def expiry(self) -> date:
        """The last day the patent is in force."""
        return expiry_date(self.application.patent_type, self.filing_date)


@dataclass(frozen=True)
class RowResult:
    """The outcome for one row of an upload: a record, or the problems that stopped it."""

    row_number: int
    record: PatentRecord | None
    problems: tuple[RowProblem, ...]


def parse_date(raw: str) -> date | None:
    """A calendar date from the ways spreadsheets write one, or None.

    Accepts ``2021-03-15``, ``2021/3/15``, ``2021.03.15``, ``20210315``, ``2021年3月15日`` and a
    datetime such as ``2021-03-15 00:00:00`` or ``2021-03-15T00:00:00`` (the date part is used).
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    separated = _DATE_SEPARATED.fullmatch(text)
    if separated is not None:
        parts = (separated.group(1), separated.group(3), separated.group(4))
    else:
        other = _DATE_COMPACT.fullmatch(text) or _DATE_CHINESE.fullmatch(text)
        if other is None:
            return None
        parts = (other.group(1), other.group(2), other.group(3))
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def parse_trl(raw: str) -> int | None:
    """A technology readiness level 1–9 from ``5``, ``5.0``, ``TRL5``, ``TRL 5`` (full-width too), or None."""
    text = unicodedata.normalize("NFKC", raw or "").strip().upper()
    match = _TRL.fullmatch(text)
    if match is None:
        return None
    level = int(match.group(1))
    return level if TRL_MIN <= level <= TRL_MAX else None


def split_list(raw: str) -> tuple[str, ...]:
    """Names or keywords from one cell: split on ; ； , ， 、 and new lines, trimmed, no blanks or repeats."""
    items: list[str] = []
    for piece in _LIST_SEPARATORS.split(raw or ""):
        item = piece.strip()
        if item and item not in items:
            items.append(item)
    return tuple(items)


def _name_key(name: str) -> str:
    """A name as compared with another: NFKC-folded, case-folded, without white space."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def names_patentee(patentees: Iterable[str], university_name: str) -> bool:
    """Whether one of the patentees is the university (its name, full-width or spaced alike).

    A patentee that contains the university's full name counts (``内蒙古大学（呼和浩特）``); another
    university whose name merely shares words (``内蒙古工业大学`` for ``内蒙古大学``) does not.
    """
    wanted = _name_key(university_name)
    return bool(wanted) and any(wanted in _name_key(patentee) for patentee in patentees)


class _Row:
    """The problems found so far in one row, and the cells still worth parsing."""

    def __init__(self, values: dict[str, str], formula_fields: frozenset[str]) -> None:
        self.problems: list[RowProblem] = []
        self.cells: dict[str, str] = {}
        for field in FIELDS:
            raw = (values.get(field) or "").strip()
            if field in formula_fields or looks_like_formula(raw):
                self.add(field, RowProblemCode.FORMULA, raw)
            elif not raw and field in REQUIRED_FIELDS:
                self.add(field, RowProblemCode.REQUIRED)
            elif len(raw) > MAX_LENGTHS.get(field, len(raw)):
                self.add(field, RowProblemCode.TOO_LONG, raw)
            else:
                self.cells[field] = raw

    def add(self, field: str, code: RowProblemCode, value: str = "") -> None:
        """Record a problem, keeping only the start of a long value."""
        self.problems.append(RowProblem(field, code, value[:SHOWN_VALUE_LENGTH]))

    def text(self, field: str) -> str:
        """The cell's text, or empty when it is empty or already has a problem."""
        return self.cells.get(field, "")


def _application(row: _Row) -> ApplicationNumber | None:
    raw = row.text("application_number")
    if not raw:
        return None
    try:
        return parse_application_number(raw)
    except InvalidApplicationNumber as refused:
        row.add("application_number", _APPLICATION_NUMBER_CODES[refused.problem], raw)
        return None


def _ipc_codes(row: _Row) -> tuple[IpcCode, ...]:
    try:
        return tuple(parse_ipc_list(row.text("ipc_codes")))
    except IncompleteIpcCode as refused:
        row.add("ipc_codes", RowProblemCode.IPC_INCOMPLETE, refused.code_text)
        return ()
    except InvalidIpcCode as refused:
        row.add("ipc_codes", RowProblemCode.IPC_FORMAT, refused.code_text)
        return ()


def _date(row: _Row, field: str) -> date | None:
    raw = row.text(field)
    if not raw:
        return None
    parsed = parse_date(raw)
    if parsed is None:
        row.add(field, RowProblemCode.DATE_FORMAT, raw)
    return parsed


def _filing_date(row: _Row, today: date) -> date | None:
    """The filing date, or None when it is missing, unreadable or out of range."""
    filing = _date(row, "filing_date")
    if filing is None:
        return None
    raw = row.text("filing_date")
    if filing < EARLIEST_FILING_DATE:
        row.add("filing_date", RowProblemCode.FILING_BEFORE_1985, raw)
        return None
    if filing > today:
        row.add("filing_date", RowProblemCode.FILING_IN_FUTURE, raw)
        return None
    return filing


def _grant_date(row: _Row, today: date, filing: date | None) -> date | None:
    grant = _date(row, "grant_date")
    if grant is None:
        return None
    raw = row.text("grant_date")
    if grant > today:
        row.add("grant_date", RowProblemCode.GRANT_IN_FUTURE, raw)
    elif filing is not None and grant < filing:
        row.add("grant_date", RowProblemCode.GRANT_BEFORE_FILING, raw)
    return grant


def _legal_status(row: _Row) -> LegalStatus | None:
    raw = row.text("legal_status")
    if not raw:
        return None
    status = parse_legal_status(raw)
    if status is None:
        row.add("legal_status", RowProblemCode.LEGAL_STATUS_UNKNOWN, raw)
    return status


def _check_in_force(row: _Row, application: ApplicationNumber | None, filing: date | None,
                    status: LegalStatus | None, today: date) -> None:
    """Refuse "in force" for a patent whose term (from its filing date) ended before today."""
    if application is None or filing is None or status != LegalStatus.GRANTED:
        return
    if expiry_date(application.patent_type, filing) < today:
        row.add("legal_status", RowProblemCode.IN_FORCE_AFTER_EXPIRY, row.text("legal_status"))


def _industry(row: _Row) -> Industry:
    raw = row.text("industry")
    if not raw:
        return Industry.OTHER
    industry = parse_industry(raw)
    if industry is None:
        row.add("industry", RowProblemCode.INDUSTRY_UNKNOWN, raw)
        return Industry.OTHER
    return industry


def _trl(row: _Row) -> int | None:
    raw = row.text("trl")
    if not raw:
        return None
    level = parse_trl(raw)
    if level is None:
        row.add("trl", RowProblemCode.TRL_RANGE, raw)
    return level


def _validate(
    values: dict[str, str], today: date, formula_fields: frozenset[str]
) -> tuple[PatentRecord | None, list[RowProblem], ApplicationNumber | None]:
    """Validate one row; also return its application number when that alone was valid."""
    row = _Row(values, formula_fields)
    application = _application(row)
    ipc_codes = _ipc_codes(row)
    inventors = split_list(row.text("inventors"))
    patentees = split_list(row.text("patentees"))
    if "patentees" in row.cells and not patentees:
        row.add("patentees", RowProblemCode.REQUIRED, row.text("patentees"))
    filing = _filing_date(row, today)
    grant = _grant_date(row, today, filing)
    status = _legal_status(row)
    _check_in_force(row, application, filing, status, today)
    industry = _industry(row)
    trl = _trl(row)
    keywords = split_list(row.text("keywords"))
    order = {field: index for index, field in enumerate(FIELDS)}
    problems = sorted(row.problems, key=lambda problem: order.get(problem.field, len(FIELDS)))
    if problems or application is None or filing is None or status is None:
        return None, problems, application
    record = PatentRecord(
        application=application,
        title=row.text("title"),
        abstract=row.text("abstract"),
        claims_summary=row.text("claims_summary"),
        ipc_codes=ipc_codes,
        inventors=inventors,
        patentees=patentees,
        filing_date=filing,
        grant_date=grant,
        legal_status=status,
        industry=industry,
        trl=trl,
        keywords=keywords,
        title_en=row.text("title_en"),
        abstract_en=row.text("abstract_en"),
    )
    return record, problems, application


def validate_record(
    values: dict[str, str], today: date, formula_fields: frozenset[str] = frozenset()
) -> tuple[PatentRecord | None, list[RowProblem]]:
    """Validate one row or form submission: the record, or None and every problem found.

    A field named in `formula_fields` (the cell held a spreadsheet formula) or whose value starts
    with a formula trigger (``=``, ``+``, ``-``, ``@``, tab or CR: see `spreadsheet_cells`) is
    refused as FORMULA and not parsed further. A patent recorded as in force (有效) whose term
    ended before `today` is refused (IN_FORCE_AFTER_EXPIRY): its status is expired (期满终止).
    Problems come in field order.
    """
    record, problems, _ = _validate(values, today, formula_fields)
    return record, problems


def validate_rows(rows: Iterable[tuple[int, dict[str, str], frozenset[str]]], today: date) -> list[RowResult]:
    """Validate every row of an upload, given as (row number, values, formula fields).

    Besides each row's own problems, a row whose application number repeats one from an earlier row
    of the same file gets DUPLICATE_IN_FILE on its application number.
    """
    results: list[RowResult] = []
    seen: set[str] = set()
    for row_number, values, formula_fields in rows:
        record, problems, application = _validate(values, today, formula_fields)
        if application is not None:
            if application.number in seen:
                raw = (values.get("application_number") or "").strip()[:SHOWN_VALUE_LENGTH]
                problems.insert(0, RowProblem("application_number", RowProblemCode.DUPLICATE_IN_FILE, raw))
                record = None
            seen.add(application.number)
        results.append(RowResult(row_number=row_number, record=record, problems=tuple(problems)))
    return results

"""Bulk import from CSV or XLSX: a dry-run preview of every row, then an all-or-nothing import.

Re-importing a file updates the patents it names (matched by application number) instead of
duplicating them. A number held by another university is refused. A row whose patentees do not
name the importing university is imported but flagged with a warning in the preview (stored with
the row's problems, marked ``"warning": true``; it does not count as an error).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.catalogue.labels import FILE_PROBLEM_MESSAGES
from marketplace.catalogue.models import ImportBatch, ImportRow, ImportStatus, Patent
from marketplace.catalogue.search import index_patents
from marketplace.catalogue.services import NUMBER_TAKEN, apply_record
from marketplace.catalogue.spreadsheet import SpreadsheetError, read_spreadsheet
from marketplace.core.application_number import InvalidApplicationNumber, parse_application_number
from marketplace.core.patent_record import (
    SHOWN_VALUE_LENGTH,
    PatentRecord,
    RowResult,
    names_patentee,
    validate_rows,
)
from marketplace.extensions import db
from marketplace.matching.store import refresh_for_patents
from marketplace.organisations.models import University
from marketplace.service_errors import ServiceError

OWNED_ELSEWHERE = "owned_elsewhere"  # a problem code known only here: it needs the database
# A warning, not a refusal: the row imports, but the preview asks the user to look at it.
PATENTEE_NOT_UNIVERSITY = "patentee_not_university"


def _canonical(raw: str) -> str | None:
    try:
        return parse_application_number(raw).number
    except InvalidApplicationNumber:
        return None


def _owners(numbers: set[str]) -> dict[str, int]:
    """university_id of each of these application numbers already in the catalogue."""
    owners: dict[str, int] = {}
    chunk = sorted(numbers)
    for start in range(0, len(chunk), 500):
        rows = db.session.execute(
            select(Patent.application_number, Patent.university_id)
            .where(Patent.application_number.in_(chunk[start : start + 500]))
        )
        owners.update({number: university for number, university in rows})
    return owners


def _problems(result: RowResult, owners: dict[str, int], university_id: int) -> list[dict]:
    problems = [{"field": p.field, "code": str(p.code), "value": p.value} for p in result.problems]
    if result.record is not None:
        owner = owners.get(result.record.application.number)
        if owner is not None and owner != university_id:
            problems.append({"field": "application_number", "code": OWNED_ELSEWHERE,
                             "value": result.record.application.number})
    return problems


def row_warnings(result: RowResult, university_name: str) -> list[dict]:
    """Warnings of a row that imports: patentees that do not name the importing university."""
    record = result.record
    if record is None or names_patentee(record.patentees, university_name):
        return []
    return [{"field": "patentees", "code": PATENTEE_NOT_UNIVERSITY, "warning": True,
             "value": "；".join(record.patentees)[:SHOWN_VALUE_LENGTH]}]


def check_rows(rows: list[tuple[int, dict[str, str], frozenset[str]]], today: date,
               university_id: int) -> list[tuple[RowResult, list[dict]]]:
    """Each row's result and its problems (errors only: warnings are added by `row_warnings`): the
    record's own rules, repeats within the rows, and numbers another university holds."""
    results = validate_rows(rows, today)
    numbers = {r.record.application.number for r in results if r.record is not None}
    owners = _owners(numbers)
    return [(result, _problems(result, owners, university_id)) for result in results]


def preview_import(user: User, filename: str, data: bytes, today: date) -> ImportBatch:
    """Read and check a spreadsheet; record every row and its problems. Writes no patent."""
    try:
        sheet = read_spreadsheet(filename, data)
    except SpreadsheetError as error:
        message = str(FILE_PROBLEM_MESSAGES[error.problem]) % {"detail": error.detail}
        raise ServiceError(message, field="file") from None
    rows = [(row.number, row.values, row.formula_fields) for row in sheet.rows]
    checked = check_rows(rows, today, user.university_id)
    university = db.session.get(University, user.university_id)
    university_name = university.name if university is not None else ""
    batch = ImportBatch(
        university_id=user.university_id, user_id=user.id, filename=filename[:200],
        kind=sheet.kind, encoding=sheet.encoding or "", sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(rows), error_row_count=sum(1 for _, problems in checked if problems),
        status=ImportStatus.PREVIEWED,
    )
    db.session.add(batch)
    db.session.flush()
    db.session.execute(insert(ImportRow), [
        {
            "batch_id": batch.id,
            "row_number": number,
            "application_number": values.get("application_number", "")[:40],
            "title": values.get("title", "")[:200],
            "values_json": json.dumps(values, ensure_ascii=False),
            "formula_fields": ",".join(sorted(formulas)),
            "problems_json": json.dumps(problems + row_warnings(result, university_name), ensure_ascii=False),
            "has_problems": bool(problems),
        }
        for (number, values, formulas), (result, problems) in zip(rows, checked, strict=True)
    ])
    return batch


def confirm_import(batch: ImportBatch, user: User, today: date, now: datetime) -> ImportBatch:
    """Import every row of a clean preview at once: create new patents, update known ones."""
    if batch.university_id != user.university_id:
        raise ServiceError(_l("This import belongs to another university."))
    if batch.status != ImportStatus.PREVIEWED:
        raise ServiceError(_l("This file has already been imported."))
    stored = db.session.execute(
        select(ImportRow.row_number, ImportRow.values_json, ImportRow.formula_fields)
        .where(ImportRow.batch_id == batch.id).order_by(ImportRow.row_number)
    ).all()
    rows = [(n, json.loads(v), frozenset(f.split(",")) - {""}) for n, v, f in stored]
    checked = check_rows(rows, today, batch.university_id)
    if any(problems for _, problems in checked):
        raise ServiceError(_l("The file has rows with errors. Correct them and upload it again."))

    touched, created = write_records(batch.university_id, [result.record for result, _ in checked], today)
    batch.created_count += created
    batch.updated_count += len(touched) - created
    batch.status = ImportStatus.IMPORTED
    batch.imported_at = now
    db.session.flush()
    return batch


def write_records(university_id: int, records: list[PatentRecord], today: date) -> tuple[list[Patent], int]:
    """Store checked records in the university's catalogue at once: a number it already holds is updated
    (its patent taken for change first), any other is created. Returns the patents in the records' order
    and how many were created. Another import writing one of the same new numbers at the same time is
    refused (NUMBER_TAKEN), not failed."""
    existing = {
        p.application_number: p
        for start in range(0, len(records), 500)
        for p in db.session.scalars(select(Patent).where(
            Patent.university_id == university_id,
            Patent.application_number.in_([r.application.number for r in records[start:start + 500]]),
        ).with_for_update().execution_options(populate_existing=True))
    }
    touched: list[Patent] = []
    created = 0
    try:
        with db.session.begin_nested():
            for record in records:
                patent = existing.get(record.application.number)
                if patent is None:
                    patent = Patent(university_id=university_id)
                    db.session.add(patent)
                    created += 1
                apply_record(patent, record)
                touched.append(patent)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(NUMBER_TAKEN, field="application_number") from None
    index_patents(touched)
    refresh_for_patents([p.id for p in touched if p.offer_kind], today)
    return touched, created


def batch_for_staff(batch_id: int, user: User) -> ImportBatch:
    """The import batch if it belongs to the user's university (404 otherwise)."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.university_id != user.university_id:
        abort(404)
    return batch

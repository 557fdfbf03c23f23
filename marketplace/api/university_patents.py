"""An IP centre's own patents over the API (scope `patents:write`): list, add, change and import, through
the catalogue's services and record rules, as the staff pages do."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import abort

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.blueprint import api_blueprint
from marketplace.api.paging import page_of, page_schema
from marketplace.api.patent_schemas import (
    ImportResultSchema,
    OwnPatentArgs,
    OwnPatentSchema,
    PatentChangeSchema,
    PatentImportSchema,
    PatentInputSchema,
    own_patent_data,
    record_input,
)
from marketplace.catalogue import services
from marketplace.catalogue.for_change import patent_for_change
from marketplace.catalogue.importing import check_rows, row_warnings, write_records
from marketplace.catalogue.labels import PROBLEM_MESSAGES
from marketplace.catalogue.preview import problem_message
from marketplace.clock import today
from marketplace.core import api_scopes
from marketplace.core.patent_record import validate_record
from marketplace.extensions import db
from marketplace.organisations.models import University

bp = api_blueprint("university_patents", "An IP centre's own patents: list, add, change, import.")
patents_write = guarded(api_scopes.PATENTS_WRITE, Role.UNIVERSITY_STAFF)


def _refuse(messages: dict[str, list[str]]) -> None:
    """422 with the refusals of the record rules, per field of the body."""
    abort(422, messages={"json": messages})


def _record(values: dict[str, str]):
    record, problems = validate_record(values, today())
    if problems:
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.field, []).append(str(PROBLEM_MESSAGES[problem.code]))
        _refuse(messages)
    return record


@bp.route("/university/patents")
@bp.doc(security=BEARER)
@patents_write
@bp.arguments(OwnPatentArgs, location="query")
@bp.response(200, page_schema(OwnPatentSchema))
def patents(args: dict[str, Any]):
    """The university's patents, newest change first, with the staff list's search and filters."""
    stmt = services.staff_patents_query(current_user.university_id, args["q"], args["archived"],
                                        args.get("legal_status", ""), args.get("offer_kind", ""))
    return page_of(stmt, args, own_patent_data)


@bp.route("/university/patents", methods=["POST"])
@bp.doc(security=BEARER)
@patents_write
@bp.arguments(PatentInputSchema, location="json")
@bp.response(201, OwnPatentSchema)
def create_patent(data: dict[str, Any]):
    """Add a patent to the university's catalogue; refused (422, per field) as the patent form refuses."""
    record = _record(record_input(data))
    return own_patent_data(services.create_patent(current_user.university_id, record))


@bp.route("/university/patents/<id:patent_id>", methods=["PATCH"])
@bp.doc(security=BEARER)
@patents_write
@bp.arguments(PatentChangeSchema, location="json")
@bp.response(200, OwnPatentSchema)
def change_patent(data: dict[str, Any], patent_id: int):
    """Change fields of one of the university's patents (404 for another's); the record is checked whole."""
    patent = patent_for_change(patent_id)
    if patent is None or patent.university_id != current_user.university_id:
        abort(404)
    record = _record(record_input(data, services.record_values(patent)))
    return own_patent_data(services.update_patent(patent, record, today()))


@bp.route("/university/patents/import", methods=["POST"])
@bp.doc(security=BEARER)
@patents_write
@bp.arguments(PatentImportSchema(many=True), location="json")
@bp.response(201, ImportResultSchema)
def import_patents(records: list[dict[str, Any]]):
    """Import up to 500 records at once, as a spreadsheet import does: all are written in one transaction
    (a number the university already has is updated), or none when any is refused (422, fields named
    "index.field")."""
    university_id = current_user.university_id
    rows = [(index, record_input(data), frozenset[str]()) for index, data in enumerate(records)]
    checked = check_rows(rows, today(), university_id)
    messages: dict[str, list[str]] = {}
    for index, (_, problems) in enumerate(checked):
        for problem in problems:
            text = str(problem_message(problem["code"]))
            messages.setdefault(f"{index}.{problem['field']}", []).append(text)
    if messages:
        _refuse(messages)
    results = [result for result, _ in checked]
    patents, created = write_records(university_id, [result.record for result in results], today())
    university = db.session.get(University, university_id)
    warnings = [{"index": index, "field": warning["field"], "message": str(problem_message(warning["code"]))}
                for index, result in enumerate(results)
                for warning in row_warnings(result, university.name if university else "")]
    return {"ids": [patent.id for patent in patents], "created": created, "updated": len(patents) - created,
            "warnings": warnings}

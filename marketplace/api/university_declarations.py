"""An IP centre's declarations over the API (scope `declarations:write`): a draft from a plan, publishing
with every legal bar checked, withdrawal with a reason, and the list of versions, through the declaration
services the declaration page uses. Each change takes the patent and the declaration for change first."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.blueprint import api_blueprint
from marketplace.api.declaration_schemas import (
    DeclarationArgs,
    DeclarationSchema,
    DraftInput,
    DraftSchema,
    WithdrawInput,
    declaration_data,
    plan_from_input,
)
from marketplace.api.paging import page_of, page_schema
from marketplace.catalogue.for_change import patent_for_change
from marketplace.clock import now, today
from marketplace.core import api_scopes
from marketplace.core.plan_validation import validate_plan
from marketplace.declarations import services
from marketplace.declarations.for_change import declaration_for_change
from marketplace.declarations.labels import PLAN_WARNING_MESSAGES
from marketplace.declarations.models import Declaration

bp = api_blueprint("university_declarations",
                   "An IP centre's open-licence declarations: drafts, publishing, withdrawal, versions.")
declarations_write = guarded(api_scopes.DECLARATIONS_WRITE, Role.UNIVERSITY_STAFF)


def _own_declaration(declaration_id: int) -> Declaration:
    """One of the university's declarations, taken for change (404 for another university's)."""
    declaration = declaration_for_change(declaration_id)
    if declaration is None or declaration.university_id != current_user.university_id:
        abort(404)
    return declaration


@bp.route("/university/declarations")
@bp.doc(security=BEARER)
@declarations_write
@bp.arguments(DeclarationArgs, location="query")
@bp.response(200, page_schema(DeclarationSchema))
def declarations(args: dict[str, Any]):
    """The declaration versions of the university's patents, newest first."""
    stmt = (select(Declaration).where(Declaration.university_id == current_user.university_id)
            .options(selectinload(Declaration.phases)).order_by(Declaration.id.desc()))
    if "status" in args:
        stmt = stmt.where(Declaration.status == args["status"])
    if "patent_id" in args:
        stmt = stmt.where(Declaration.patent_id == args["patent_id"])
    return page_of(stmt, args, declaration_data)


@bp.route("/university/patents/<id:patent_id>/declarations", methods=["POST"])
@bp.doc(security=BEARER)
@declarations_write
@bp.arguments(DraftInput, location="json")
@bp.response(201, DraftSchema, description="A new draft (the next version)")
@bp.alt_response(200, schema=DraftSchema, description="The patent's draft, changed")
def save_draft(data: dict[str, Any], patent_id: int):
    """Save the patent's draft from a plan (a new version, or the draft being prepared changed); refused
    (422, field "plan") when the plan breaks a rule or outlasts the patent."""
    patent = patent_for_change(patent_id)
    if patent is None or patent.university_id != current_user.university_id:
        abort(404)
    plan = plan_from_input(data["plan"])
    existed = services.draft_of(patent.id) is not None
    draft = services.save_draft(patent, current_user, plan, data["payment_method"], data["other_terms"],
                                today())
    body = {**declaration_data(draft),
            "warnings": [str(PLAN_WARNING_MESSAGES[code]) for code in validate_plan(plan).warnings]}
    return body, 200 if existed else 201


@bp.route("/declarations/<id:declaration_id>/publish", methods=["POST"])
@bp.doc(security=BEARER)
@declarations_write
@bp.response(200, DeclarationSchema)
def publish(declaration_id: int):
    """Publish a draft: every legal bar is checked now (422 with the reasons); the version in force until
    now is withdrawn in its favour."""
    return declaration_data(services.publish(_own_declaration(declaration_id), today(), now()))


@bp.route("/declarations/<id:declaration_id>/withdraw", methods=["POST"])
@bp.doc(security=BEARER)
@declarations_write
@bp.arguments(WithdrawInput, location="json")
@bp.response(200, DeclarationSchema)
def withdraw(data: dict[str, Any], declaration_id: int):
    """Withdraw published terms (or time-limited event terms) with the reason that is announced; licences
    already granted run on."""
    return declaration_data(services.withdraw(_own_declaration(declaration_id), data["reason"], today(),
                                              now()))

"""Downloads of declarations for CNIPA: a declaration's filled-in form (PDF) on the patent's declaration
page, and the university's published declarations as one spreadsheet (XLSX) on its patent list."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import select

from marketplace.catalogue.services import patent_for_staff
from marketplace.clock import today
from marketplace.declarations import services
from marketplace.declarations.documents import batch_xlsx, declaration_form
from marketplace.declarations.models import Declaration
from marketplace.declarations.views import bp, staff_required
from marketplace.edge.query import query_int
from marketplace.extensions import db

CHINESE = "zh_CN"  # the language of a submission to CNIPA
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
batch_bp = Blueprint("declaration_batch", __name__)


@bp.get("/form.pdf")
@staff_required
def form_pdf(patent_id: int):
    """The filled-in declaration form of a version of the patent's declaration (``?version=N``; by
    default the published version, else the draft); 404 when there is no such version."""
    patent = patent_for_staff(patent_id, current_user)
    version = query_int("version", maximum=100_000)
    if version is not None:
        declaration = db.session.scalar(select(Declaration).where(
            Declaration.patent_id == patent.id, Declaration.version == version))
    else:
        declaration = services.current_declaration(patent.id) or services.draft_of(patent.id)
    if declaration is None:
        abort(404)
    with force_locale(CHINESE):
        pdf = declaration_form(declaration)
    filename = f"declaration-{patent.application_number}-v{declaration.version}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@batch_bp.get("/ip/declarations.xlsx")
@staff_required
def batch():
    """The university's published declarations, one row each, for batch submission to CNIPA."""
    with force_locale(CHINESE):
        data = batch_xlsx(current_user.university_id)
    filename = f"declarations-{today().isoformat()}.xlsx"
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={filename}"})

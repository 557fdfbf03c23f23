"""IP-centre spreadsheet import: template download, upload, dry-run preview, confirm."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue import labels
from marketplace.catalogue.forms import ImportUploadForm
from marketplace.catalogue.importing import batch_for_staff, confirm_import, preview_import
from marketplace.catalogue.models import ImportBatch, ImportRow
from marketplace.catalogue.preview import describe_problems
from marketplace.catalogue.spreadsheet_template import template_csv, template_xlsx
from marketplace.clock import now, today
from marketplace.core.patent_fields import INDUSTRY_NAMES, LEGAL_STATUS_NAMES
from marketplace.edge.forms import ActionForm
from marketplace.forms_rendering import render_form
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("imports", __name__, url_prefix="/ip/imports")
staff_required = role_required(Role.UNIVERSITY_STAFF)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/template.xlsx")
@staff_required
def template_xlsx_file():
    """The Excel template with an example row and an instruction sheet."""
    accepted = {
        "legal_status": list(LEGAL_STATUS_NAMES.values()),
        "industry": list(INDUSTRY_NAMES.values()),
    }
    return Response(template_xlsx(accepted), mimetype=XLSX, headers={
        "Content-Disposition": "attachment; filename=patent-import-template.xlsx"})


@bp.route("/template.csv")
@staff_required
def template_csv_file():
    """The CSV template (UTF-8 with BOM, so Excel shows the Chinese headers)."""
    return Response(template_csv(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=patent-import-template.csv"})


@bp.route("/")
@staff_required
def index():
    """Earlier imports of the university, newest first."""
    page = paginate(
        select(ImportBatch).where(ImportBatch.university_id == current_user.university_id)
        .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
    )
    return render_template("catalogue/import_list.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def upload():
    """Upload a spreadsheet; nothing is imported before the preview is confirmed."""
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            batch = preview_import(current_user, upload.filename or "", upload.read(), today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            return redirect(url_for("imports.preview", batch_id=batch.id))
    return render_form("catalogue/import_upload.html", form)


@bp.route("/<id:batch_id>")
@staff_required
def preview(batch_id: int):
    """Every row of the file with its problems (or only the rows with problems)."""
    batch = batch_for_staff(batch_id, current_user)
    only_errors = request.args.get("errors") == "1"
    stmt = select(ImportRow).where(ImportRow.batch_id == batch.id).order_by(ImportRow.row_number)
    if only_errors:
        stmt = stmt.where(ImportRow.has_problems.is_(True))
    page = paginate(stmt)
    return render_template(
        "catalogue/import_preview.html", batch=batch, page=page, only_errors=only_errors,
        problems={row.id: describe_problems(row.problems_json) for row in page.items},
        labels=labels, confirm_form=ActionForm(),
    )


@bp.route("/<id:batch_id>/confirm", methods=["POST"])
@staff_required
def confirm(batch_id: int):
    """Import the whole checked file in one transaction."""
    batch = batch_for_staff(batch_id, current_user)
    try:
        confirm_import(batch, current_user, today(), now())
    except ServiceError as error:
        flash(str(error.message), "danger")
        return redirect(url_for("imports.preview", batch_id=batch.id)), 303
    flash(_("Imported: %(created)d new patents, %(updated)d updated.",
            created=batch.created_count, updated=batch.updated_count), "success")
    return redirect(url_for("patents_admin.index"))

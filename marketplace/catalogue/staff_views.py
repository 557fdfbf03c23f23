"""IP-centre pages for the university's own patents: list, create, edit, archive, attachments."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue import labels, services
from marketplace.catalogue.attachments import add_attachment, remove_attachment
from marketplace.catalogue.forms import ArchiveForm, AttachmentForm, PatentForm
from marketplace.catalogue.models import PatentAttachment
from marketplace.clock import today
from marketplace.edge.forms import ActionForm, flash_errors
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.organisations.forms import SearchForm
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("patents_admin", __name__, url_prefix="/ip/patents")
staff_required = role_required(Role.UNIVERSITY_STAFF)


@bp.route("/")
@staff_required
def index():
    """The university's patents (archived ones on their own tab), searchable, filtered by legal status
    (``?legal_status=``) and plan kind offered (``?offer=``), paginated."""
    search = SearchForm(formdata=request.args)
    archived = request.args.get("archived") == "1"
    legal_status = request.args.get("legal_status", "")
    legal_status = legal_status if legal_status in labels.STATUS_LABELS else ""
    offer = request.args.get("offer", "")
    offer = offer if offer in labels.PLAN_KIND_LABELS else ""
    page = paginate(services.staff_patents_query(current_user.university_id, search.text(),
                                                 archived, legal_status, offer))
    return render_template("catalogue/staff_list.html", page=page, search=search, archived=archived,
                           labels=labels, action_form=ActionForm(), legal_status=legal_status, offer=offer)


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    """Add one patent by hand."""
    form = PatentForm()
    if form.is_submitted() and form.validate_with(today()):
        try:
            patent = services.create_patent(current_user.university_id, form.record)
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Patent %(number)s added.", number=patent.application_number), "success")
            return redirect(url_for("patents_admin.edit", patent_id=patent.id))
    return render_form("catalogue/patent_form.html", form, patent=None)


@bp.route("/<id:patent_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(patent_id: int):
    """Edit a patent of one's own university; attachments are managed here too."""
    patent = services.patent_for_staff(patent_id, current_user)
    form = PatentForm(obj=patent)
    if form.is_submitted() and form.validate_with(today()):
        try:
            services.update_patent(patent, form.record, today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Patent %(number)s saved.", number=patent.application_number), "success")
            return redirect(url_for("patents_admin.edit", patent_id=patent.id))
    return render_form("catalogue/patent_form.html", form, patent=patent,
                       attachment_form=AttachmentForm(formdata=None), action_form=ActionForm())


@bp.route("/<id:patent_id>/archive", methods=["POST"])
@staff_required
def archive(patent_id: int):
    """Archive (hide from the public catalogue) or restore a patent."""
    patent = services.patent_for_staff(patent_id, current_user)
    form = ArchiveForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return index(), 422
    restore = form.restore.data == "1"
    services.set_archived(patent, not restore, today())
    flash(_("Patent restored to the catalogue.") if restore else _("Patent archived."), "success")
    return redirect(url_for("patents_admin.index", archived=None if restore else "1"))


@bp.route("/<id:patent_id>/attachments", methods=["POST"])
@staff_required
def upload_attachment(patent_id: int):
    """Attach a PDF or image."""
    patent = services.patent_for_staff(patent_id, current_user)
    attachment_form = AttachmentForm()
    if attachment_form.validate_on_submit():
        upload = attachment_form.file.data
        try:
            add_attachment(patent, upload.filename or "", upload.read())
        except ServiceError as error:
            show_on_form(attachment_form, error)
        else:
            flash(_("Attachment uploaded."), "success")
            return redirect(url_for("patents_admin.edit", patent_id=patent.id))
    return render_form("catalogue/patent_form.html", PatentForm(obj=patent, formdata=None), patent=patent,
                       attachment_form=attachment_form, action_form=ActionForm())


@bp.route("/<id:patent_id>/attachments/<id:attachment_id>/delete", methods=["POST"])
@staff_required
def delete_attachment(patent_id: int, attachment_id: int):
    """Remove an attachment."""
    patent = services.patent_for_staff(patent_id, current_user)
    attachment = db.session.get(PatentAttachment, attachment_id)
    if attachment is None or attachment.patent_id != patent.id:
        abort(404)
    remove_attachment(attachment)
    flash(_("Attachment removed."), "success")
    return redirect(url_for("patents_admin.edit", patent_id=patent.id))

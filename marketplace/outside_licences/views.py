"""An IP centre's register of licences granted outside the marketplace for one of its patents: the entries
(newest first, paged), the form to record one, and the form to record an early end."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.services import patent_for_staff
from marketplace.clock import today
from marketplace.core.input_text import parse_ascii_int
from marketplace.core.outside_licences import OutsideLicenceKind
from marketplace.edge.converters import MAX_ID
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.outside_licences import services
from marketplace.outside_licences.forms import EarlyEndForm, OutsideLicenceForm
from marketplace.outside_licences.labels import KIND_LABELS
from marketplace.outside_licences.models import OutsideLicence
from marketplace.outside_licences.register import entries_query
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("outside_licences", __name__, url_prefix="/ip/patents/<id:patent_id>/outside-licences")
staff_required = role_required(Role.UNIVERSITY_STAFF)
CHOICES_SHOWN = 200  # the early-end form lists at most this many live entries (a patent has a handful)


def _end_choices(patent_id: int) -> list[tuple[str, str]]:
    """The entries an early end can be recorded for: not ended early, not over before today."""
    day = today()
    entries = db.session.scalars(entries_query(patent_id).where(OutsideLicence.ends_on >= day)
                                 .limit(CHOICES_SHOWN))
    return [(str(entry.id), f"#{entry.id} {KIND_LABELS[entry.kind]} · {entry.licensee_name} · "
                            f"{entry.starts_on.isoformat()} – {entry.ends_on.isoformat()}")
            for entry in entries if entry.early_end is None and not entry.term().over(day)]


def _page(patent, form: OutsideLicenceForm, end_form: EarlyEndForm):
    end_form.licence.choices = _end_choices(patent.id)
    return render_form("outside_licences/register.html", form, end_form=end_form, patent=patent,
                       entries=paginate(entries_query(patent.id)), labels=KIND_LABELS,
                       declared=services.declaration_in_force(patent.id, today()), today=today())


@bp.route("", methods=["GET", "POST"])
@staff_required
def register(patent_id: int):
    """The patent's register of outside licences; a POST records one."""
    patent = patent_for_staff(patent_id, current_user)
    form = OutsideLicenceForm() if request.method == "POST" else OutsideLicenceForm(formdata=None)
    end_form = EarlyEndForm(formdata=None)
    if request.method != "POST" or not form.validate_on_submit():
        return _page(patent, form, end_form)
    entry = services.NewOutsideLicence(
        kind=OutsideLicenceKind(form.kind.data), licensee_name=form.licensee_name.data or "",
        starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        licensee_credit_code=form.licensee_credit_code.data or "",
        contract_number=form.contract_number.data or "")
    try:
        new = services.record_outside_licence(patent, current_user, entry, today())[1]
    except ServiceError as error:
        show_on_form(form, error)
        return _page(patent, form, end_form)
    if new:
        flash(_("The licence is recorded in the register."), "success")
    else:
        flash(_("This licence was already recorded."), "info")
    return redirect(url_for("outside_licences.register", patent_id=patent.id))


@bp.route("/end", methods=["POST"])
@staff_required
def end(patent_id: int):
    """Record that a licence of the register ended before its agreed last day (or was recorded by mistake)."""
    patent = patent_for_staff(patent_id, current_user)
    form = EarlyEndForm()
    if form.validate_on_submit():
        licence_id = parse_ascii_int(form.licence.data, 1, MAX_ID) or 0
        try:
            services.end_early(patent, current_user, licence_id, form.ended_on.data, form.reason.data or "",
                               today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("The early end is recorded; the entry stays in the register."), "success")
            return redirect(url_for("outside_licences.register", patent_id=patent.id))
    return _page(patent, OutsideLicenceForm(formdata=None), form)

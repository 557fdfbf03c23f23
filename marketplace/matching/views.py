"""The match pages: a need's ranked patents for its enterprise, the needs a university's patents fit for
its IP centre, and the feedback firms gave on the university's matches."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.labels import INDUSTRY_LABELS, PLAN_KIND_LABELS
from marketplace.clock import now
from marketplace.core.feedback import FeedbackReason
from marketplace.core.patent_fields import Industry
from marketplace.edge.query import query_int
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.matching import feedback, queries
from marketplace.matching.forms import DismissForm
from marketplace.matching.reason_text import reason_lines
from marketplace.matching.reasons import MatchReasons
from marketplace.needs.models import Need
from marketplace.organisations.models import University
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.zones.meeting_forms import FEEDBACK_LABELS

bp = Blueprint("matching", __name__)

UNIVERSITY_SIDE = (Role.UNIVERSITY_STAFF, Role.ADMIN)


def _reasons_of(match) -> list:
    return reason_lines(MatchReasons.from_json(match.reasons), match.patent.offer_kind)


# A need's ranked patents (its enterprise)

def _need_of_enterprise(need_id: int) -> Need:
    """The need, if the user's enterprise posted it (an administrator reads any); 404 otherwise."""
    need = db.session.get(Need, need_id)
    if need is None or (current_user.role != Role.ADMIN and need.enterprise_id != current_user.enterprise_id):
        abort(404)
    return need


def _matches_page(need: Need, failed: DismissForm | None = None, failed_patent: int | None = None):
    with_dismissed = request.args.get("dismissed") == "1"
    page = paginate(queries.matches_of_need(need.id, with_dismissed))
    form = failed or DismissForm(formdata=None)
    marks = queries.marks_of(need.id, [match.patent_id for match in page.items]) if with_dismissed else {}
    return render_form("matching/need_matches.html", form, need=need, page=page, reasons_of=_reasons_of,
                       marks=marks,
                       with_dismissed=with_dismissed, dismissed=queries.dismissed_count(need.id),
                       failed_patent=failed_patent, feedback_labels=FEEDBACK_LABELS,
                       plan_labels=PLAN_KIND_LABELS, may_dismiss=current_user.role == Role.ENTERPRISE_USER)


@bp.get("/needs/<id:need_id>/matches")
@role_required(*Role)
def need_matches(need_id: int):
    """The patents ranked for the need, best first, each with its reasons; ``?dismissed=1`` also shows
    the ones marked not relevant, with their reason. Only the need's enterprise and administrators read
    it: for anyone else the page does not exist (IP centres have their own page of fitting needs)."""
    return _matches_page(_need_of_enterprise(need_id))


def _reason(value: str | None) -> FeedbackReason | None:
    try:
        return FeedbackReason(value) if value else None
    except ValueError:
        return None


@bp.post("/needs/<id:need_id>/matches/<id:patent_id>/dismiss")
@role_required(Role.ENTERPRISE_USER)
def dismiss_match(need_id: int, patent_id: int):
    """The enterprise marks a matched patent not relevant, with a reason; marking it again changes the
    reason."""
    need = _need_of_enterprise(need_id)
    if feedback.stored_match(need.id, patent_id) is None:
        abort(404)
    form = DismissForm()
    if form.validate_on_submit():
        try:
            feedback.dismiss(current_user, need, patent_id, _reason(form.reason.data), form.text.data or "",
                             now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Marked not relevant; the university sees your reason, and the patent is hidden from "
                    "this list."), "success")
            return redirect(url_for("matching.need_matches", need_id=need.id))
    return _matches_page(need, form, patent_id)


# The needs a university's patents fit, and the feedback on them (its IP centre)

def _university() -> University | None:
    """The staff user's university; for an administrator, the one chosen with ``?university=`` (None until
    chosen). An unknown university is a 404."""
    if current_user.role == Role.UNIVERSITY_STAFF:
        return current_user.university
    chosen = query_int("university")
    if chosen is None:
        return None
    university = db.session.get(University, chosen)
    if university is None:
        abort(404)
    return university


def _universities() -> list[University]:
    if current_user.role != Role.ADMIN:
        return []
    return list(db.session.scalars(select(University).order_by(University.name)))


def _industry() -> Industry | None:
    try:
        return Industry(request.args.get("industry", ""))
    except ValueError:
        return None


@bp.get("/matching/needs")
@role_required(*UNIVERSITY_SIDE)
def fitting_needs():
    """The live needs the university's patents fit, best first, each with the fitting patents and their
    reasons; filtered by industry, region and patent."""
    university = _university()
    page = fits = None
    regions: list[str] = []
    patents: list[tuple[int, str]] = []
    industry, region, patent_id = _industry(), request.args.get("region", "")[:40], query_int("patent")
    if university is not None:
        regions = queries.regions_of_fitting_needs(university.id)
        patents = queries.matched_patents(university.id)
        region = region if region in regions else ""
        page = paginate(queries.fitting_needs(university.id, industry, region, patent_id))
        fits = queries.fits_of(university.id, [need.id for need in page.items], patent_id)
    return render_template("matching/fitting_needs.html", university=university, page=page, fits=fits or {},
                           universities=_universities(), regions=regions, patents=patents,
                           industry=industry, region=region, patent_id=patent_id,
                           industry_labels=INDUSTRY_LABELS, reasons_of=_reasons_of)


@bp.get("/matching/feedback")
@role_required(*UNIVERSITY_SIDE)
def feedback_summary():
    """Why firms marked the university's matches not relevant: counts by reason and per patent, and the
    words they gave, most recent first."""
    university = _university()
    context: dict = {}
    if university is not None:
        patents = paginate(queries.patent_counts(university.id))
        shown = [patent.id for patent in patents.items]
        context = {"counts": queries.reason_counts(university.id), "patents": patents,
                   "by_patent": queries.reasons_by_patent(university.id, shown),
                   "texts": paginate(queries.other_texts(university.id), "texts_page")}
    return render_template("matching/feedback.html", university=university, universities=_universities(),
                           labels=FEEDBACK_LABELS, **context)

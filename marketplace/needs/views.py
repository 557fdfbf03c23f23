"""The needs pages: the public list with search and facets, a need's page, posting and editing a need,
its status buttons, and the enterprise's own needs.

Reading follows `services.may_read` (404 when not allowed); changing is for users of the enterprise that
posted the need (another enterprise's need is a 404).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.labels import INDUSTRY_LABELS
from marketplace.clock import now
from marketplace.core.money import Money
from marketplace.core.need_state import NeedStatus, is_live, may_move
from marketplace.declarations.describe import money_text
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.needs import labels, queries, services
from marketplace.needs.filters import FACETS, NeedFilters
from marketplace.needs.for_change import need_for_change
from marketplace.needs.forms import NeedForm, NeedStatusForm
from marketplace.needs.models import Need
from marketplace.organisations.regions import REGIONS, region_label
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("needs", __name__)

enterprise_required = role_required(Role.ENTERPRISE_USER)
# The order of the status buttons on a need's page.
MOVES = (NeedStatus.IN_TALKS, NeedStatus.OPEN, NeedStatus.SOLVED, NeedStatus.CLOSED)


@bp.app_template_filter("need_budget")
def need_budget(need: Need) -> str:
    """The need's budget in words: ``¥50,000.00 – ¥300,000.00``, ``up to …``, ``from …``, or not stated."""
    low = money_text(Money.from_fen(need.budget_min_fen)) if need.budget_min_fen is not None else None
    high = money_text(Money.from_fen(need.budget_max_fen)) if need.budget_max_fen is not None else None
    if low and high:
        return f"{low} – {high}"
    if high:
        return _("up to %(amount)s", amount=high)
    if low:
        return _("from %(amount)s", amount=low)
    return _("Not stated")


def _readable(need_id: int) -> Need:
    need = db.session.get(Need, need_id)
    if need is None or not services.may_read(need, current_user):
        abort(404)
    return need


def _own(need_id: int) -> Need:
    need = db.session.get(Need, need_id)
    if need is None or not services.owns(need, current_user):
        abort(404)
    return need


def _own_for_change(need_id: int) -> Need:
    need = need_for_change(need_id)
    if need is None or not services.owns(need, current_user):
        abort(404)
    return need


def _facet_titles() -> list[tuple[str, str]]:
    titles = {"status": _("Status"), "industry": _("Industry"), "region": _("Region"),
              "plan_kind": _("Licence plan wanted"), "budget": _("Budget")}
    return [(facet, titles[facet]) for facet in FACETS]


@bp.route("/needs")
def index():
    """Open needs (and needs in talks) the visitor may read: search, facets with counts, pages."""
    filters = NeedFilters.from_args(request.args)
    result = queries.visible_needs(current_user, filters)
    return render_template("needs/list.html", result=result, filters=filters, facets=_facet_titles(),
                           labels=labels, industry_labels=INDUSTRY_LABELS)


def _detail_page(need: Need, status_form: NeedStatusForm | None = None, status: int = 200):
    owner = services.owns(need, current_user)
    moves = [target for target in MOVES if may_move(need.status, target)] if owner else []
    return render_template("needs/detail.html", need=need, owner=owner, moves=moves,
                           live=is_live(need.status), labels=labels, industry_labels=INDUSTRY_LABELS,
                           status_form=status_form or NeedStatusForm(formdata=None)), status


@bp.route("/needs/<id:need_id>")
def detail(need_id: int):
    """A need: the problem in the enterprise's words, budget, wanted plans, timeline, region, status; for
    its enterprise the edit and status buttons."""
    return _detail_page(_readable(need_id))


def _enterprise_region() -> str:
    """The enterprise's region in Chinese (what a need stores), or "" when it is outside Inner Mongolia."""
    code = current_user.enterprise.region if current_user.enterprise else ""
    if code not in REGIONS or code == "other":
        return ""
    with force_locale("zh_CN"):
        return region_label(code)


def _region_names() -> list[str]:
    with force_locale("zh_CN"):
        return [region_label(code) for code in REGIONS if code != "other"]


@bp.route("/needs/new", methods=["GET", "POST"])
@enterprise_required
def create():
    """Post a new need of the user's enterprise."""
    form = NeedForm()
    if not form.is_submitted():
        form.region.data = _enterprise_region()
    if form.validate_on_submit():
        try:
            need = services.create_need(current_user, form.details(), now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Your need “%(title)s” is posted.", title=need.title), "success")
            return redirect(url_for("needs.detail", need_id=need.id))
    return render_form("needs/form.html", form, need=None, regions=_region_names())


@bp.route("/needs/<id:need_id>/edit", methods=["GET", "POST"])
@enterprise_required
def edit(need_id: int):
    """Edit a need of one's enterprise while it is open or in talks."""
    need = _own(need_id)
    form = NeedForm()
    if not form.is_submitted():
        form.fill_from(need)
    if form.validate_on_submit():
        need = _own_for_change(need_id)
        try:
            services.update_need(need, form.details(), current_user, now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("The need is saved."), "success")
            return redirect(url_for("needs.detail", need_id=need.id))
    return render_form("needs/form.html", form, need=need, live=is_live(need.status),
                       regions=_region_names())


@bp.route("/needs/<id:need_id>/status", methods=["POST"])
@enterprise_required
def change_status(need_id: int):
    """Move a need of one's enterprise: in talks, open again, solved or closed."""
    need = _own(need_id)
    status_form = NeedStatusForm()
    if status_form.validate_on_submit():
        need = _own_for_change(need_id)
        target = NeedStatus(status_form.target.data)
        try:
            services.move_need(need, target, current_user, now())
        except ServiceError as error:
            flash(str(error.message), "danger")
        else:
            flash(str(labels.MOVE_DONE[target]), "success")
            return redirect(url_for("needs.detail", need_id=need.id))
    else:
        for errors in status_form.errors.values():
            for message in errors:
                flash(str(message), "danger")
    return _detail_page(need, status_form, 422)


@bp.route("/my/needs")
@enterprise_required
def mine():
    """The enterprise's needs of every status (or of one), with how many are in each, paginated."""
    raw = request.args.get("status") or ""
    status = NeedStatus(raw) if raw in set(NeedStatus) else None
    page = queries.enterprise_needs(current_user.enterprise_id, status)
    return render_template("needs/mine.html", page=page, status=status,
                           counts=queries.status_counts(current_user.enterprise_id), labels=labels,
                           industry_labels=INDUSTRY_LABELS)

"""Administrators manage users: list, create staff/organiser/admin accounts, approve, disable."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.accounts import services
from marketplace.accounts.access import admin_required
from marketplace.accounts.blueprint import admin_bp
from marketplace.accounts.forms import AccountStatusForm, CreateAccountForm
from marketplace.accounts.labels import ROLE_LABELS, STATUS_LABELS
from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.choices import select_choices
from marketplace.edge.forms import ActionForm, flash_errors
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.organisations.forms import SearchForm
from marketplace.organisations.services import university_choices
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form


def _enum_arg(name: str, enum_cls):
    value = request.args.get(name, "")
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


@admin_bp.route("/")
@admin_required
def index():
    """All users, newest first, searchable by name, e-mail or organisation, filterable by status and
    role."""
    status = _enum_arg("status", AccountStatus)
    role = _enum_arg("role", Role)
    search = SearchForm(formdata=request.args)
    stmt = services.users_page_query(status=status, role=role, search=search.text())
    page = paginate(stmt.options(joinedload(User.university), joinedload(User.enterprise)))
    return render_template(
        "accounts/admin_users.html", page=page, status=status, role=role, search=search,
        role_labels=ROLE_LABELS, status_labels=STATUS_LABELS, action_form=ActionForm(),
    )


@admin_bp.route("/<id:user_id>")
@admin_required
def detail(user_id: int):
    """One user: who, which organisation, the note sent with the application, dates, and the status
    changes an administrator may make."""
    user = db.session.get(User, user_id) or abort(404)
    return render_template("accounts/admin_user.html", user=user, role_labels=ROLE_LABELS,
                           status_labels=STATUS_LABELS, action_form=ActionForm())


@admin_bp.route("/new", methods=["GET", "POST"])
@admin_required
def create():
    """Create an active staff, organiser or administrator account."""
    form = CreateAccountForm()
    form.university_id.choices = select_choices([(0, "—"), *university_choices()])
    if form.validate_on_submit():
        try:
            user = services.create_account(
                form.person_details(), form.role.data, form.university_id.data or None
            )
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Account %(email)s created.", email=user.email), "success")
            return redirect(url_for("users_admin.index"))
    return render_form("accounts/admin_user_new.html", form)


@admin_bp.route("/<id:user_id>/status", methods=["POST"])
@admin_required
def set_status(user_id: int):
    """Approve, enable or disable an account."""
    # Taken for change: two administrators deciding at once are served one after the other.
    user = db.session.scalar(select(User).where(User.id == user_id).with_for_update()) or abort(404)
    form = AccountStatusForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return index(), 422
    status = AccountStatus(form.status.data)
    try:
        services.set_status(user, status, current_user)
    except ServiceError as error:
        flash(str(error.message), "danger")
    else:
        flash(_("%(email)s is now: %(status)s.", email=user.email, status=STATUS_LABELS[status]),
              "success")
    if form.back_to.data == "user":
        return redirect(url_for("users_admin.detail", user_id=user.id))
    return redirect(url_for("users_admin.index", status=form.back_status.data or None))

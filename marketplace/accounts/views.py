"""Self-service account pages: register, apply, log in, log out, profile, change password."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from marketplace.accounts import services
from marketplace.accounts.blueprint import bp
from marketplace.accounts.forms import (
    AccountApplicationForm,
    ChangePasswordForm,
    EnterpriseRegistrationForm,
    LoginForm,
)
from marketplace.accounts.sessions import continue_session, start_session
from marketplace.accounts.throttling import email_key
from marketplace.choices import select_choices
from marketplace.database import utcnow
from marketplace.extensions import limiter
from marketplace.forms_rendering import render_form
from marketplace.organisations.services import university_choices
from marketplace.safe_redirect import safe_next_url
from marketplace.service_errors import ServiceError, show_on_form


@bp.route("/register", methods=["GET", "POST"])
def register():
    """An enterprise registers itself and its first user."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = EnterpriseRegistrationForm()
    if form.validate_on_submit():
        try:
            user = services.register_enterprise(form.person_details(), form.enterprise_details())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            start_session(user)
            flash(_("Welcome! Your enterprise is registered."), "success")
            return redirect(url_for("main.dashboard"))
    return render_form("accounts/register.html", form)


def _with_universities(form):
    form.university_id.choices = select_choices([(0, "—"), *university_choices()])
    return form


@bp.route("/apply", methods=["GET", "POST"])
def apply():
    """University staff and organisers apply for an account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = _with_universities(AccountApplicationForm())
    if form.validate_on_submit():
        try:
            services.apply_for_account(
                form.person_details(), form.role.data, form.university_id.data or None,
                form.note.data or "",
            )
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Thank you. An administrator will review your application; "
                    "you can log in once it is approved."), "success")
            return redirect(url_for("accounts.login"))
    return render_form("accounts/apply.html", form)


def _login_account_key() -> str:
    """The throttling key of the account being tried: its address as accounts store it."""
    return email_key("login")


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_login_account_key,
               methods=["POST"], deduct_when=_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               deduct_when=_failed)
def login():
    """Log in with e-mail and password; failed attempts are throttled per account and address."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, utcnow())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            start_session(user, remember=bool(form.remember.data))
            flash(_("Logged in."), "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.dashboard"))
    return render_form("accounts/login.html", form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out everywhere (a POST with a CSRF token, so no link can log a user out): the user's session
    token changes, so this and every other session and remember-me cookie of the user end."""
    services.end_all_sessions(current_user._get_current_object())
    logout_user()
    flash(_("Logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/account")
@login_required
def profile():
    """Who am I: name, e-mail, role and organisation."""
    return render_template("accounts/profile.html")


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    form.account_email = current_user.email
    if form.validate_on_submit():
        try:
            user = current_user._get_current_object()
            services.change_password(user, form.current_password.data, form.new_password.data)
        except ServiceError as error:
            show_on_form(form, error)
        else:
            continue_session(user)  # every other session of the user has ended
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_form("accounts/change_password.html", form)

"""Password reset pages: ask for a link by e-mail, then choose a new password from the link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.accounts import password_reset
from marketplace.accounts.blueprint import bp
from marketplace.accounts.forms import PasswordResetForm, PasswordResetRequestForm
from marketplace.accounts.throttling import email_key
from marketplace.database import utcnow
from marketplace.extensions import limiter
from marketplace.forms_rendering import render_form
from marketplace.notifications.direct import send_after_response
from marketplace.service_errors import ServiceError, show_on_form


def _reset_account_key() -> str:
    """The throttling key of the address a link is asked for, as accounts store it."""
    return email_key("reset")


def _public_link(path: str) -> str:
    base = current_app.config.get("PUBLIC_URL") or request.url_root
    return base.rstrip("/") + path


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_ACCOUNT"], key_func=_reset_account_key,
               methods=["POST"])
@limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_ADDRESS"], methods=["POST"])
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not the address has an account, and
    the e-mail leaves after the answer, so neither the page nor its timing tells."""
    form = PasswordResetRequestForm()
    if not form.validate_on_submit():
        return render_form("accounts/forgot_password.html", form)
    flash(_("If an account uses this address, we have sent it a link to reset the password. "
            "The link works once, within %(minutes)d minutes.",
            minutes=current_app.config["PASSWORD_RESET_VALID_MINUTES"]), "info")
    response = redirect(url_for("accounts.login"))
    found = password_reset.reset_token_for(form.email.data, utcnow())
    if found is not None:
        user, token = found
        link = _public_link(url_for("accounts.reset_password", token=token))
        send_after_response(response, [user.email], *password_reset.reset_message(user.email, link))
    return response


def _private(response):
    """The page's address holds the token: keep it out of caches."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link; every session of the account ends."""
    now = utcnow()
    user = password_reset.user_for_reset_token(token, now)
    if user is None:
        return _private(current_app.make_response(
            (render_template("accounts/reset_link_invalid.html"), 400)))
    form = PasswordResetForm()
    form.account_email = user.email
    if form.validate_on_submit():
        try:
            password_reset.reset_password(token, form.password.data, now)
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Your password has been reset and every session of your account has ended. "
                    "Log in with the new password."), "success")
            return redirect(url_for("accounts.login"))
    return _private(current_app.make_response(render_form("accounts/reset_password.html", form)))

"""The account page's API tokens: list, make (the secret is shown once) and revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.api import tokens
from marketplace.api.token_forms import SCOPE_LABELS, TokenForm
from marketplace.clock import now
from marketplace.core import api_scopes
from marketplace.forms_rendering import render_form
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("api_tokens", __name__)


def _page(form: TokenForm, new_secret: str | None = None, status: int | None = None):
    page = paginate(tokens.tokens_of(current_user.id))
    rendered, code = render_form("api/tokens.html", form, page=page, new_secret=new_secret, now=now(),
                                 scope_labels=SCOPE_LABELS, decode=api_scopes.decode)
    return rendered, status or code


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def index():
    """The user's tokens, and the form to make one; a made token's secret is shown on this answer only."""
    form = TokenForm(current_user.role.value)
    if form.validate_on_submit():
        try:
            made = tokens.create_token(current_user, form.name.data, form.scopes.data or [], form.days.data,
                                       now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Token made. Copy it now: it is not shown again."), "success")
            return _page(TokenForm(current_user.role.value, formdata=None), made.secret)
    return _page(form)


@bp.route("/account/tokens/<id:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    """Revoke one of the user's tokens (at once: the next call with it is refused). The CSRF token is
    checked by CSRFProtect, as for every form."""
    try:
        revoked = tokens.revoke(current_user, token_id, now())
    except LookupError:
        abort(404)
    flash(_("Token revoked.") if revoked else _("This token was already revoked."),
          "success" if revoked else "info")
    return redirect(url_for("api_tokens.index"))

"""Starting a logged-in session in the browser: renewed at every log-in, so nothing planted before
it (session fixation) survives; the language chosen before logging in is kept."""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import login_user

from marketplace.accounts.models import User

KEPT_ACROSS_LOG_IN = ("lang",)


def start_session(user: User, remember: bool = False) -> None:
    """Clear the browser's session (keeping only its language) and log the user in."""
    kept = {key: session[key] for key in KEPT_ACROSS_LOG_IN if key in session}
    session.clear()
    session.update(kept)
    login_user(user, remember=remember)


def continue_session(user: User) -> None:
    """After the user's sessions were ended from this browser (a password change), log this browser
    in again with the new session token, renewing its remember-me cookie when it had one."""
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    start_session(user, remember=cookie in request.cookies)

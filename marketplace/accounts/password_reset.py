"""Password reset by e-mail: a signed, short-lived, single-use link; the new password ends every
session of the account.

Services flush and never commit; `now` is passed in. The answer to a request is the same whether or
not the address has an account: the caller sends a message only when a token comes back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.accounts.reset_tokens import make_token, read_token
from marketplace.accounts.services import end_all_sessions, find_user_by_email
from marketplace.extensions import db
from marketplace.service_errors import ServiceError

LINK_INVALID = _l("This password reset link is invalid, has expired or has already been used.")
MAIL_SUBJECT = _l("Reset your password on the patent open-licence marketplace")
MAIL_BODY = _l(
    "Someone (we hope you) asked to reset the password of the account %(email)s on the patent "
    "open-licence marketplace.\n\nTo choose a new password, open this link within %(minutes)d minutes; "
    "it works once:\n\n%(link)s\n\nIf you did not ask, ignore this message: your password stays as it is."
)


def valid_for() -> timedelta:
    """How long a reset link works (configured in minutes)."""
    return timedelta(minutes=current_app.config["PASSWORD_RESET_VALID_MINUTES"])


def reset_token_for(email: str, now: datetime) -> tuple[User, str] | None:
    """A reset token for the active account with this address, or None when there is none."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return None
    token = make_token(current_app.config["SECRET_KEY"], user.id, user.password_hash,
                       user.session_token, now)
    return user, token


def user_for_reset_token(token: str, now: datetime, lock: bool = False) -> User | None:
    """The active user a genuine, unexpired and unused token was made for; None otherwise. With
    `lock`, the user's row is locked first and read afresh, so two uses of one token at once cannot
    both find it unused."""
    claim = read_token(current_app.config["SECRET_KEY"], token, now, valid_for())
    if claim is None:
        return None
    if lock:
        user = db.session.get(User, claim.user_id, with_for_update=True, populate_existing=True)
    else:
        user = db.session.get(User, claim.user_id)
    if user is None or not user.is_active or not claim.matches(user.password_hash, user.session_token):
        return None
    return user


def reset_password(token: str, new_password: str, now: datetime) -> User:
    """Set the new password (already checked against the policy) and end every session of the user;
    the token dies with the change, even when used twice at once. ServiceError when it is no longer
    good."""
    user = user_for_reset_token(token, now, lock=True)
    if user is None:
        raise ServiceError(LINK_INVALID)
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    return user


def reset_message(email: str, link: str) -> tuple[str, str]:
    """Subject and text of the reset e-mail, in the current language."""
    minutes = current_app.config["PASSWORD_RESET_VALID_MINUTES"]
    return str(MAIL_SUBJECT), str(MAIL_BODY) % {"email": email, "minutes": minutes, "link": link}

"""Making, listing, revoking and checking API tokens.

A token reads `mpk_<secret>`; the database keeps its SHA-256 (the secret is 256 random bits, so a fast
hash is enough) and its first characters to recognise it in the list.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update

from marketplace.accounts.models import AccountStatus, User
from marketplace.api.token_models import ApiToken
from marketplace.core import api_scopes
from marketplace.database import begin_writing
from marketplace.extensions import db
from marketplace.service_errors import ServiceError

PREFIX = "mpk_"
LIFETIMES_DAYS = (30, 90, 180, 365)
# last_used_at is written at most this often, so a busy token does not write on every call
USE_STAMP_EVERY = timedelta(minutes=5)


def digest(secret: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: the secret is in here and nowhere else."""

    token: ApiToken
    secret: str


def create_token(user: User, name: str, scopes: list[str], days: int, now: datetime) -> NewToken:
    """Make a token for `user` with `scopes` (refused beyond the role) valid for `days` days."""
    if days not in LIFETIMES_DAYS:
        raise ServiceError(_l("Choose how long the token stays valid."), field="days")
    try:
        checked = api_scopes.checked_scopes(user.role.value, scopes)
    except api_scopes.ScopeTooWide as error:
        raise ServiceError(_l("Your role does not allow these scopes: %(scopes)s",
                              scopes=", ".join(error.scopes)), field="scopes") from error
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=digest(secret), prefix=secret[:10],
                     scopes=api_scopes.encode(checked), created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    return NewToken(token, secret)


def tokens_of(user_id: int) -> Select:
    """A user's tokens, newest first."""
    return select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())


def revoke(user: User, token_id: int, now: datetime) -> bool:
    """Revoke one of the user's own tokens (compare-and-set: revoking twice changes nothing);
    returns whether this call revoked it. Another user's token is not found."""
    owned = db.session.scalar(select(ApiToken.id).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if owned is None:
        raise LookupError(token_id)
    result = db.session.execute(update(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
                                .values(revoked_at=now))
    return result.rowcount == 1


class TokenRefused(Exception):
    """A presented token that does not authenticate: `reason` is unknown, expired, revoked or inactive."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def authenticate(secret: str, now: datetime, stamp: bool) -> tuple[User, ApiToken]:
    """The user and token a bearer secret stands for, or TokenRefused saying why. With `stamp` (a request
    that writes anyway) the token's last use is noted, at most every few minutes; such a request's
    transaction starts here as a writer (the rate limit may ask for the caller before the request's own
    start), so concurrent writers on SQLite queue instead of failing to upgrade a read."""
    if stamp:
        begin_writing(db.session)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None:
        raise TokenRefused("unknown")
    if token.revoked_at is not None:
        raise TokenRefused("revoked")
    if token.expires_at <= now:
        raise TokenRefused("expired")
    user = token.user
    if user.status != AccountStatus.ACTIVE:
        raise TokenRefused("inactive")
    if stamp and (token.last_used_at is None or now - token.last_used_at >= USE_STAMP_EVERY):
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return user, token

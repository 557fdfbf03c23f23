"""Signed password-reset tokens (itsdangerous): short-lived, and dead once used.

A token carries the user's id and a fingerprint of the user's password hash and session token,
signed with the secret key (its own salt) and stamped with the time it was made. It is refused when
the signature is wrong, when it is older than `max_age`, and when the fingerprint no longer matches:
setting the new password (or any later change of password or session) kills it, so it works once.
The clock is passed in, never read here.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer

SALT = "marketplace.password-reset"
MAX_TOKEN_LENGTH = 400  # far above a real token; longer input is refused unread


class _SignerAt(TimestampSigner):
    """A timestamp signer whose "now" is given rather than read from the clock."""

    def __init__(self, *args, now: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._now = int(now.timestamp())

    def get_timestamp(self) -> int:
        return self._now


def _serializer(secret_key: str, now: datetime) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT, signer=_SignerAt, signer_kwargs={"now": now})


def fingerprint(password_hash: str, session_token: str) -> str:
    """A short digest of what a reset changes, so a used token no longer matches."""
    return hashlib.sha256(f"{password_hash}\n{session_token}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ResetClaim:
    """What a valid token says: whose password, and the fingerprint it had then."""

    user_id: int
    fingerprint: str

    def matches(self, password_hash: str, session_token: str) -> bool:
        """True while the account has not changed since the token was made."""
        return hmac.compare_digest(self.fingerprint, fingerprint(password_hash, session_token))


def make_token(secret_key: str, user_id: int, password_hash: str, session_token: str,
               now: datetime) -> str:
    """A URL-safe token for this user, stamped with `now`."""
    payload = {"user": user_id, "fp": fingerprint(password_hash, session_token)}
    return _serializer(secret_key, now).dumps(payload)


def read_token(secret_key: str, token: str, now: datetime, max_age: timedelta) -> ResetClaim | None:
    """The claim of a genuine token made at most `max_age` before `now` (and not after it); None for
    a tampered, expired, future-dated or malformed one."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    try:
        payload = _serializer(secret_key, now).loads(token, max_age=int(max_age.total_seconds()))
    except BadData:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, digest = payload.get("user"), payload.get("fp")
    if type(user_id) is not int or not isinstance(digest, str):
        return None
    return ResetClaim(user_id, digest)

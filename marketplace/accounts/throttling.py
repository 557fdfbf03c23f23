"""Keys for throttling attempts per account: every spelling of an address is one key."""

from __future__ import annotations

from flask import request

from marketplace.core.text import normalise_email

_MAX_KEY_EMAIL = 254  # an address is never longer; longer input is junk and may share a key


def email_key(prefix: str) -> str:
    """`prefix:` and the submitted e-mail as accounts store it (normalised), made safe for any
    limiter storage (ASCII, bounded), so a full-width or upper-case spelling counts for the same
    account and hostile input cannot break the store."""
    email = normalise_email(request.form.get("email") or "")[:_MAX_KEY_EMAIL]
    return f"{prefix}:" + email.encode("unicode_escape").decode("ascii")

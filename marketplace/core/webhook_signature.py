"""Signing webhook deliveries: HMAC-SHA256 over the timestamp and the exact body bytes.

The signed message is ``f"{timestamp}."`` (the Unix time in seconds, as sent in the `Webhook-Timestamp`
header) followed by the body as sent; the signature is its lower-case hex digest, sent as
``Webhook-Signature: v1=<hex>``. A receiver recomputes it with the shared secret, compares in constant
time and refuses a timestamp too far from its own clock, so a captured delivery cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac

SCHEME = "v1"
DEFAULT_TOLERANCE_S = 300


def signed_message(timestamp: int, body: bytes) -> bytes:
    """The bytes the signature covers: ``b"<timestamp>." + body``."""
    return f"{int(timestamp)}.".encode() + body


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of `signed_message` keyed with the secret's UTF-8 bytes."""
    return hmac.new(secret.encode(), signed_message(timestamp, body), hashlib.sha256).hexdigest()


def header_value(secret: str, timestamp: int, body: bytes) -> str:
    """The `Webhook-Signature` header: ``v1=<hex>``."""
    return f"{SCHEME}={sign(secret, timestamp, body)}"


def verify(secret: str, timestamp: int | str, body: bytes, signature: str, now: int | float,
           tolerance_s: int = DEFAULT_TOLERANCE_S) -> bool:
    """Whether `signature` (hex, with or without the ``v1=`` prefix) signs `body` at `timestamp` with
    `secret`, and the timestamp lies within `tolerance_s` seconds of `now` (Unix seconds). Malformed
    input is simply not valid."""
    try:
        stamp = int(str(timestamp).strip())
    except ValueError:
        return False
    if abs(float(now) - stamp) > tolerance_s:
        return False
    given = signature.strip()
    if given.startswith(f"{SCHEME}="):
        given = given[len(SCHEME) + 1:]
    expected = sign(secret, stamp, body)
    return hmac.compare_digest(expected.encode(), given.lower().encode("ascii", "replace"))

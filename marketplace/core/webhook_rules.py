"""Rules of webhook delivery with no Flask in them: the event types, the retry schedule and which
partner addresses are allowed.

Retries back off exponentially: one minute after the first failed attempt, doubling after each, never
more than six hours apart; a delivery is given up (failed) after `DEFAULT_MAX_ATTEMPTS` attempts.
An address is https, or plain http only to this machine (a receiver under test or behind a local proxy).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from urllib.parse import urlsplit

EVENT_TYPES = (
    "licence.taken",
    "trial.converted",
    "payment.confirmed",
    "filing.recorded",
    "declaration.published",
    "declaration.withdrawn",
)

FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)
DEFAULT_MAX_ATTEMPTS = 12


def retry_delay(attempts: int, first: timedelta = FIRST_DELAY,
                longest: timedelta = LONGEST_DELAY) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt (1, 2, …): first × 2^(attempts−1),
    capped at `longest`."""
    if attempts < 1:
        raise ValueError("attempts start at 1")
    if attempts > 32:  # far past the cap; keeps the power small
        return longest
    return min(first * 2 ** (attempts - 1), longest)


class UrlProblem(ValueError):
    """Why a partner's address is refused: `problem` is "malformed", "scheme" or "plain_http"."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_partner_url(url: str) -> str:
    """The address, stripped, if deliveries may go there; UrlProblem otherwise."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port that is not a number or out of range
    except ValueError:
        raise UrlProblem("malformed") from None
    if parts.scheme not in ("https", "http"):
        raise UrlProblem("scheme")
    host = parts.hostname or ""
    if not host or parts.username is not None or parts.password is not None or parts.fragment \
            or any(ch.isspace() for ch in url):
        raise UrlProblem("malformed")
    if parts.scheme == "http" and not _is_loopback(host):
        raise UrlProblem("plain_http")
    return url

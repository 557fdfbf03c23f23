"""Sending one webhook over HTTP with the standard library.

`post_json(url, body, headers, timeout)` POSTs the bytes and returns the receiver's HTTP status; it
raises on a network error or a timeout. Redirects are not followed (a 3xx is an answer like any other
non-2xx: the attempt failed), so a body is never re-sent somewhere the administrator did not set up.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Mapping

Poster = Callable[[str, bytes, Mapping[str, str], float], int]

_READ_LIMIT = 64 * 1024  # what is read of a receiver's answer before the connection is closed


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913 - urllib's signature
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_json(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
    """POST `body` to `url` with `headers`; the HTTP status of the answer (raises when there is none)."""
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")  # noqa: S310 - checked address
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(_READ_LIMIT)
            return response.status
    except urllib.error.HTTPError as answer:
        answer.close()
        return answer.code

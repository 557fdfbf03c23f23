"""Helpers for driving the test client: CSRF tokens, form posts, logging in."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

PASSWORD = "Sample2026pass"

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/") -> str:
    """A CSRF token for the client's session, read from a page that renders a form."""
    for url in (page, "/login", "/"):
        match = _CSRF.search(client.get(url).get_data(as_text=True))
        if match:
            return match.group(1)
    raise AssertionError("no page rendered a CSRF token")


def post_form(client: FlaskClient, url: str, data: dict[str, Any], page: str | None = None):
    """POST a form with a valid CSRF token taken from `page` (default: the same URL)."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, page or url)})


def login(client: FlaskClient, email: str, password: str = PASSWORD):
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def page_text(response) -> str:
    """The response body as text, white space folded."""
    return " ".join(response.get_data(as_text=True).split())

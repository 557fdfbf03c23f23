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


def application_number(serial: int, year: int = 2021, type_digit: int = 1) -> str:
    """A valid post-2003 application number with its check digit."""
    from marketplace.core.application_number import check_digit

    digits = f"{year}{type_digit}{serial:07d}"
    return f"{digits}.{check_digit(digits)}"


def post_large(client: FlaskClient, url: str, data: dict[str, Any], page: str):
    """POST a form whose body the app may refuse unread (413), closing the spooled body afterwards.

    Werkzeug's test client spools large bodies to a temporary file that only reading closes.
    """
    from flask.testing import EnvironBuilder

    builder = EnvironBuilder(client.application, path=url, method="POST",
                             data={**data, "csrf_token": csrf_token(client, page)})
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()

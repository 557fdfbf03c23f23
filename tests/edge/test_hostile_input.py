"""No input gives a server error: the whole URL map, every role, hostile values everywhere.

The route list comes from `app.url_map`, so a new route is swept without editing this file. For each role
(anonymous, enterprise user, university staff, organiser, administrator) and each route and method:
- each URL variable in turn takes every hostile path value, the others naming a real row of the user;
- every known query argument, and every form field of every form class, takes each hostile value at once,
  as a GET query and as a POST body with a valid CSRF token (and as JSON for NUL and a lone surrogate).
Any response of 500 or more, or any exception, is collected; the test fails with the whole list.
"""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from marketplace.extensions import db
from tests.edge.sweep import build, encode, form_field_names, methods, rules
from tests.edge.world import ANONYMOUS, DEMO_PASSWORD, ROLE_USERS, bindings
from tests.helpers import csrf_token, login

BIG = "9" * 100_000  # in a body
# In a URL: twice gunicorn's request-line limit (4,094 bytes), past which the server refuses the request
# before the application sees it.
LONG = "9" * 8_000
SURROGATE = b"\xed\xa0\x80"  # U+D800 as UTF-8 would spell it: no valid text holds it
HOSTILE_PATH = ("0", "-1", "2147483648", "99999999999999999999", "²", "١٢", "1\x00", LONG, SURROGATE)
HOSTILE_VALUES = ("9" * 25, "²", "١٢", "-1", "2147483648", "a\x00b\u202e", BIG, SURROGATE)
QUERY_NAMES = ("page", "per_page", "university", "trl", "price", "q", "ipc", "patent_type", "industry",
               "legal_status", "plan_kind", "trial", "sort", "status", "role", "format", "trial_ending",
               "errors", "archived", "next", "licence_start", "annual_sales", "calculate",
               "declaration_id")
BIG_NAMES = ("page", "q", "reason", "title")  # the long value goes into these only (bodies stay < 500 kB)
JSON_VALUES = ("\x00", "\ud800")


def _query(names, value, *, in_url: bool = True) -> str:
    """`names` each set to `value`; the 100 kB value goes into a few names only, and into a URL at the
    length a URL can have."""
    if value == BIG:
        names, value = BIG_NAMES, LONG if in_url else BIG
    return "&".join(f"{name}={encode(value)}" for name in names)


class Sweep:
    """Sends the requests and collects what went wrong."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.token = csrf_token(client)
        self.tried = 0
        self.failures: list[str] = []

    def send(self, method: str, url: str, body: str | None = None, json_body: str | None = None) -> None:
        self.tried += 1
        try:
            if method == "GET":
                response = self.client.get(url)
            elif json_body is not None:
                response = self.client.post(url, data=json_body, content_type="application/json",
                                            headers={"X-CSRFToken": self.token})
            else:
                response = self.client.post(url, data=body,
                                            content_type="application/x-www-form-urlencoded")
            status = response.status_code
            response.close()
        except Exception as error:  # noqa: BLE001 - every exception is a finding
            self.failures.append(f"{method} {url[:120]} raised {type(error).__name__}: {str(error)[:200]}")
            return
        if status >= 500:
            self.failures.append(f"{method} {url[:120]} answered {status}")


def _sweep_role(app: Flask, client: FlaskClient, role) -> Sweep:
    email = ROLE_USERS[role]
    if email:
        login(client, email, DEMO_PASSWORD)
    with app.app_context():
        known = bindings(email)
    fields = form_field_names()
    sweep = Sweep(client)
    for rule in rules(app):
        names = frozenset(rule.arguments)
        assert names in known, f"{rule.rule}: say in tests/edge/world.py how to find rows for {sorted(names)}"
        first = (known[names] or [dict.fromkeys(names, 1)])[0]
        valid = {name: encode(value) for name, value in first.items()}
        for method in methods(rule):
            for name in sorted(names):
                for value in HOSTILE_PATH:
                    sweep.send(method, build(rule, {**valid, name: encode(value)}),
                               f"csrf_token={sweep.token}" if method == "POST" else None)
            url = build(rule, valid)
            for value in HOSTILE_VALUES:
                if method == "GET":
                    sweep.send("GET", f"{url}?{_query(QUERY_NAMES, value)}")
                else:
                    body = f"csrf_token={sweep.token}&{_query(fields, value, in_url=False)}"
                    sweep.send("POST", f"{url}?{_query(QUERY_NAMES[:3], value)}", body)
            if method == "POST":
                for value in JSON_VALUES:
                    sweep.send("POST", url, json_body=json.dumps(dict.fromkeys(fields, value)))
    with app.app_context():
        db.session.remove()
    return sweep


@pytest.mark.parametrize("role", list(ROLE_USERS), ids=str)
def test_no_input_gives_a_server_error(app, client, demo_world, role):
    sweep = _sweep_role(app, client, role)
    print(f"\nhostile sweep as {role if role == ANONYMOUS else role.value}: {sweep.tried} requests over "
          f"{len(rules(app))} routes, {len(sweep.failures)} failures")
    assert sweep.failures == [], "\n".join(sweep.failures[:60])

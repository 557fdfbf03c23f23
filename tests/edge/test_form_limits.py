"""Every text field of every POST form has a server-side length limit, and an over-long value is refused
with a 422, the message beside the field, and nothing written.

The forms are discovered, not listed: the anonymous visitor and the active demo users open every GET
route of the URL map, with its variables bound to rows the user can reach (the first ROWS_PER_ROUTE of
them), and every ``<form method="post">`` on those pages is collected. A role's users are taken in the
demo's order (its users with the most varied rows first) until one of them shows no form not seen
before. Every POST route of the URL map must be found in some page's form (so a new POST route is swept,
or this test says it could not find its form). Then for each text field: post its ``maxlength`` + 1
characters and 100,000 characters, the other fields as the page filled them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from marketplace.demo import data
from marketplace.extensions import db
from tests.access.fingerprint import changed_tables, fingerprint, watching_writes
from tests.edge.html_forms import Form, post_forms
from tests.edge.sweep import build, encode, rules
from tests.edge.world import DEMO_PASSWORD, bindings
from tests.helpers import login

SKIP_GET = {"static", "bootstrap.static", "main.set_language"}  # files; a language switch
LONG = 100_000
JSON_API = "/api/"  # JSON bodies, not forms: their schemas bound them (tests/api, test_hostile_input)
# Rows a user opens per GET route: the demo world's rows of one kind in different states come first in
# `bindings`, and every form found opening them all was found among a user's first five of a route.
ROWS_PER_ROUTE = 8


@dataclass
class Found:
    endpoint: str
    client: FlaskClient
    page: str
    form: Form


def _users() -> list[tuple[str | None, str | None]]:
    """(email, role) of the anonymous visitor and of every active demo user, in the demo's order."""
    return [(None, None)] + [(f"{local}@{data.EMAIL_DOMAIN}", role.value)
                             for local, _name, role, status, _org in data.USERS if status.value == "active"]


def _discover(app: Flask) -> dict[tuple, Found]:
    adapter = app.url_map.bind("localhost")
    found: dict[tuple, Found] = {}
    pages = 0
    saturated: set[str | None] = set()  # roles whose last user showed no form not seen before
    for email, role in _users():
        if role in saturated:
            continue
        client = app.test_client()
        if email:
            login(client, email, DEMO_PASSWORD)
        before = len(found)
        with app.app_context():
            known = bindings(email)
            db.session.remove()
        for rule in rules(app):
            if "GET" not in rule.methods or rule.endpoint in SKIP_GET:
                continue
            for values in known[frozenset(rule.arguments)][:ROWS_PER_ROUTE]:
                url = build(rule, {name: encode(value) for name, value in values.items()})
                pages += 1
                response = client.get(url)
                if response.status_code != 200 or response.mimetype != "text/html":
                    response.close()
                    continue
                for form in post_forms(response.get_data(as_text=True), url):
                    endpoint, _ = adapter.match(form.action.split("?")[0], method="POST")
                    key = (endpoint, tuple(sorted(field.name for field in form.fields)))
                    found.setdefault(key, Found(endpoint, client, url, form))
        if len(found) == before:
            saturated.add(role)
    print(f"\nform discovery: {pages} pages opened")
    return found


def _fingerprint() -> dict[str, tuple[int, str]]:
    """Every table's row count and rows' digest (`tests.access.fingerprint`)."""
    return fingerprint(db.session.connection())


def _post(found: Found, data: dict[str, str]):
    return found.client.post(found.form.action, data=data)


def _problems(response, found: Found, field) -> list[str]:
    """What is wrong with the answer to an over-long value in `field`."""
    if response.status_code != 422:
        return [f"answered {response.status_code}"]
    html = response.get_data(as_text=True)
    if field.type == "hidden":  # nothing to stand beside: the refusal shows above the form or the page
        return [] if "alert-danger" in html or "invalid-feedback" in html else ["no message on the page"]
    shown = [form for form in post_forms(html, found.form.action)
             if form.action == found.form.action and form.field(field.name)]
    refused = shown[0].field(field.name) if shown else None
    if refused is None or not refused.invalid or str(field.maxlength) not in refused.feedback:
        return ["no message beside the field"]
    return []


def test_every_text_field_refuses_an_over_long_value(app, demo_world):
    found = _discover(app)
    post_endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                      if "POST" in rule.methods and not rule.rule.startswith(JSON_API)}
    missing = post_endpoints - {item.endpoint for item in found.values()}
    assert missing == set(), f"no page showed a form for {sorted(missing)}: give tests/edge/world.py the rows"
    with app.app_context():
        before = _fingerprint()
        db.session.remove()
    failures: list[str] = []
    tried = 0
    fields_seen: set[tuple[str, str]] = set()
    for item in found.values():
        for field in item.form.fields:
            if not field.is_text or field.name.rsplit("-", 1)[-1] == "csrf_token":
                continue
            fields_seen.add((item.endpoint, field.name))
            where = f"{item.endpoint} ({item.page}) field {field.name!r}"
            if field.type != "hidden" and field.maxlength is None:
                failures.append(f"{where}: no length limit")
                continue
            lengths = sorted({(field.maxlength or 0) + 1, LONG})
            for length in lengths:
                tried += 1
                with watching_writes() as writes:
                    response = _post(item, {**item.form.values(), field.name: "x" * length})
                failures.extend(f"{where}: {length} characters: {problem}"
                                for problem in _problems(response, item, field))
                if not writes:  # no INSERT, UPDATE or DELETE was sent: nothing can have changed
                    continue
                with app.app_context():
                    after = _fingerprint()
                    db.session.remove()
                if after != before:
                    failures.append(f"{where}: {length} characters changed the database: "
                                    f"{changed_tables(before, after)}")
                    before = after
    routes = len({endpoint for endpoint, _ in fields_seen})
    print(f"\nover-long sweep: {len(found)} forms on {routes} POST routes, {len(fields_seen)} text fields, "
          f"{tried} posts, {len(failures)} failures")
    assert failures == [], "\n".join(failures)

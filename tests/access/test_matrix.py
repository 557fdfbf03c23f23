"""The access matrix: every route of the URL map, pages and API, for eight actors, with owner A's ids.

TABLE (tests/access/table.py) says, per endpoint and method, what each actor gets when the route names
owner A's objects. A route missing from the table, or a method of it, fails
`test_every_route_is_in_the_table`. A write (POST, PUT, PATCH, DELETE) by an actor owning nothing of A's
(anonymous, enterprise B, staff of university B, organiser B), and any write answered 400 or more, must
leave the database exactly as it was (unless MAY_WRITE says why not): its fingerprint (row count and row
hash of every table) is compared with the world's as built. The API routes are driven twice: with the
actor's bearer token, and with their browser session as the site's scripts call them.
"""

from __future__ import annotations

import pytest
from flask import Flask

from tests.access.actors import ACTORS, ANON, ENT_B, ORG_B, STAFF_A, STAFF_B
from tests.access.fingerprint import changed_tables, fingerprint, watching_writes
from tests.access.requests import is_api, send
from tests.access.table import B_ACTORS, EXCLUDED, MAY_WRITE, OPEN, TABLE

REFUSED = {401, 403, 404}
OUTSIDERS = {ANON, ENT_B, STAFF_B, ORG_B}  # none of them owns anything of A's
_RULES: dict = {}


def _rules_of_url_map() -> dict:
    """The rules at collection time, from an application of its own (no database is opened)."""
    from config import TestingConfig
    from marketplace import create_app

    return {rule.endpoint: rule
            for rule in create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://").url_map.iter_rules()}


def _rules(app: Flask) -> dict:
    """The URL map's rule per endpoint (each endpoint has one)."""
    if not _RULES:
        for rule in app.url_map.iter_rules():
            assert rule.endpoint not in _RULES, f"{rule.endpoint} has several rules: name one in the matrix"
            _RULES[rule.endpoint] = rule
    return _RULES


def test_every_route_is_in_the_table(app):
    rules = _rules(app)
    assert set(rules) - EXCLUDED - TABLE.keys() == set(), "routes missing from the access matrix"
    assert TABLE.keys() - set(rules) == set(), "matrix entries for routes that do not exist"
    for endpoint, rule in rules.items():
        if endpoint not in EXCLUDED:
            served = rule.methods - {"HEAD", "OPTIONS"}
            assert set(TABLE[endpoint]) == served, f"{endpoint}: the matrix must name {sorted(served)}"


def test_the_table_names_every_actor(app):
    for endpoint, methods in TABLE.items():
        for method, expected in methods.items():
            assert set(expected) == set(ACTORS), (endpoint, method)


def id_bearing(rule) -> bool:
    """Whether the route names a row by its id (a code, a file name or a reset link is no row's id)."""
    return any(name.endswith("_id") for name in rule.arguments)


def test_b_actors_are_refused_on_a_s_objects_unless_the_table_says_why(app):
    rules = _rules(app)
    open_to_b = {endpoint for endpoint, methods in TABLE.items() if id_bearing(rules[endpoint])
                 for expected in methods.values() if any(expected[b] not in (403, 404) for b in B_ACTORS)}
    assert open_to_b - OPEN.keys() == set(), "id-bearing routes open to B actors without a reason in OPEN"
    assert OPEN.keys() - open_to_b == set(), "OPEN names routes that refuse the B actors"


# Routes naming a parent and a child: staff of university B pair their own licence or patent with A's
# charge, payment, attachment or event terms. The child is not the parent's: 404, and nothing changes.
MIXED = {
    "licensing.waive_charge": ("licence_id", "charge_id"),
    "licensing.reverse_payment": ("licence_id", "transaction_id"),
    "patents_admin.delete_attachment": ("patent_id", "attachment_id"),
    "event_terms.end": ("patent_id", "declaration_id"),
}


def test_mixed_covers_every_route_with_a_parent_and_a_child(app):
    staff_pairs = {endpoint for endpoint, rule in _rules(app).items()
                   if endpoint in TABLE and len(rule.arguments) == 2 and id_bearing(rule)
                   and any(TABLE[endpoint][method][STAFF_A] not in REFUSED for method in TABLE[endpoint])
                   and "POST" in TABLE[endpoint]}
    assert staff_pairs == MIXED.keys()


CASES = [(endpoint, method, actor) for endpoint in sorted(TABLE) for method in sorted(TABLE[endpoint])
         for actor in ACTORS]


@pytest.mark.parametrize(("endpoint", "method", "actor"), CASES,
                         ids=[f"{e}-{m}-{a.replace(' ', '_')}" for e, m, a in CASES])
def test_access(app, matrix, demo_world, endpoint, method, actor):
    rule = _rules(app)[endpoint]
    expected = TABLE[endpoint][method][actor]
    with watching_writes() as writes:
        response = send(app, matrix, rule, method, actor)
    watched = actor in OUTSIDERS or response.status_code >= 400
    changes = []
    if method != "GET" and watched and (endpoint, method, actor) not in MAY_WRITE and writes:
        changes = changed_tables(matrix.before, fingerprint(matrix.connection))
    assert response.status_code == expected, (endpoint, method, actor)
    assert changes == [], f"{endpoint} {method} by {actor} changed the database: {changes}"


_API = {endpoint for endpoint, rule in _rules_of_url_map().items() if is_api(rule)}
SESSION_CASES = [(endpoint, method, actor) for endpoint, method, actor in CASES if endpoint in _API]


@pytest.mark.parametrize(("endpoint", "method", "actor"), SESSION_CASES,
                         ids=[f"{e}-{m}-{a.replace(' ', '_')}" for e, m, a in SESSION_CASES])
def test_api_by_session(app, matrix, demo_world, endpoint, method, actor):
    """The API called as a browser calls it (session cookie, CSRF header) answers as with a token."""
    with watching_writes() as writes:
        response = send(app, matrix, _rules(app)[endpoint], method, actor, via="session")
    assert response.status_code == TABLE[endpoint][method][actor], (endpoint, method, actor)
    if method != "GET" and (actor in OUTSIDERS or response.status_code >= 400) \
            and (endpoint, method, actor) not in MAY_WRITE and writes:
        assert changed_tables(matrix.before, fingerprint(matrix.connection)) == []


@pytest.mark.parametrize("endpoint", sorted(MIXED))
def test_b_s_parent_with_a_s_child(app, matrix, demo_world, endpoint):
    rule = _rules(app)[endpoint]
    parent, child = MIXED[endpoint]
    values = {parent: matrix.b_parents[parent], child: matrix.owner_a[frozenset(rule.arguments)][child]}
    response = send(app, matrix, rule, "POST", STAFF_B, values)
    assert response.status_code == 404, endpoint
    assert changed_tables(matrix.before, fingerprint(matrix.connection)) == []

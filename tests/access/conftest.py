"""Fixtures of the access matrix: the edge sweeps' demo world, built once per module, plus what the matrix
adds to it once (the second organiser, an API token and a logged-in session per actor, the bodies of the
forms owner A's pages show, and the database's fingerprint as built).

Every case then runs inside a savepoint of the world's transaction (`demo_world`), with a fresh test client
carrying the actor's session cookie: no case sees what another case wrote or flashed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import Connection

from marketplace.accounts.models import User
from marketplace.api.tokens import create_token
from marketplace.core import api_scopes
from marketplace.extensions import db
from tests.access.actors import ACTORS, ANON, EMAILS, add_organiser_b
from tests.access.fingerprint import fingerprint
from tests.access.owner_a import b_parents, give_a_s_zone_a_banner, owner_a_bindings
from tests.edge.conftest import _built_world, _today_and_attachments, _world_tests_last, demo_world
from tests.edge.world import DEMO_PASSWORD
from tests.helpers import csrf_token, login

__all__ = ["_built_world", "_world_tests_last", "demo_world"]

MADE_AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@dataclass
class Matrix:
    """What every case of the matrix reads: the world's connection, owner A's URL values, university B's
    own licence and patent, each actor's session cookie, CSRF token and bearer header, form bodies by path,
    and the fingerprint as built."""

    connection: Connection
    owner_a: dict
    b_parents: dict[str, int]
    cookies: dict[str, str | None] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)
    bearer: dict[str, dict[str, str]] = field(default_factory=dict)
    forms: dict[str, dict[str, str]] = field(default_factory=dict)
    before: dict = field(default_factory=dict)

    def client(self, app: Flask, actor: str):
        """A new test client logged in as the actor (anonymous: no cookie)."""
        client = app.test_client()
        if self.cookies.get(actor):
            client.set_cookie("session", self.cookies[actor], domain="localhost")
        return client


def _tokens() -> dict[str, dict[str, str]]:
    """A bearer header per actor, with every scope the actor's role allows."""
    headers = {ANON: {}}
    for actor in ACTORS[1:]:
        person = db.session.scalars(select(User).where(User.email == EMAILS[actor])).one()
        scopes = list(api_scopes.allowed_scopes(person.role.value))
        made = create_token(person, "访问矩阵", scopes, 365, MADE_AT)
        headers[actor] = {"Authorization": f"Bearer {made.secret}"}
    return headers


@pytest.fixture(scope="module")
def matrix(app: Flask, _built_world) -> Matrix:
    """The world's additions, made once per module inside the world's transaction."""
    from tests.access.harvest import harvest_forms

    connection, attachments = _built_world
    saved = _today_and_attachments(app, attachments)
    with app.app_context():
        engine = db.engines[None]
        db.engines[None] = connection
    try:
        with app.app_context():
            add_organiser_b()
            give_a_s_zone_a_banner()
            bearer = _tokens()
            db.session.commit()
            found = Matrix(connection, owner_a_bindings(), b_parents(), bearer=bearer)
            db.session.remove()
        for actor in ACTORS:
            client = app.test_client()
            if EMAILS[actor]:
                login(client, EMAILS[actor], DEMO_PASSWORD)
            found.csrf[actor] = csrf_token(client)
            cookie = client.get_cookie("session", domain="localhost")
            found.cookies[actor] = cookie.value if cookie else None
        found.forms = harvest_forms(app, found)
        with app.app_context():
            db.session.remove()
        found.before = fingerprint(connection)
    finally:
        with app.app_context():
            db.engines[None] = engine
        app.config.update(saved)
    return found

"""Fixtures of the edge sweeps: the demo world on its day, built once per module.

Seeding the world takes longer than most tests, so a module builds it once, on a connection of its own
inside a transaction rolled back after the module. Each test using it runs inside a savepoint of that
transaction, rolled back after the test: every test starts from the world exactly as built, whatever
the test before it wrote. The world's transaction holds SQLite's write lock until the module ends, so in
a module the tests using the world come after the others (a test that breaks this fails at once).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.engine import Connection

from marketplace.extensions import db
from tests.edge.world import DEMO_DAY, build_world


def _today_and_attachments(app: Flask, attachments: str) -> dict:
    """Set the demo's day and the attachment folder; the settings they replace."""
    saved = {key: app.config.get(key) for key in ("FROZEN_TODAY", "ATTACHMENT_DIR")}
    app.config.update(FROZEN_TODAY=DEMO_DAY.isoformat(), ATTACHMENT_DIR=attachments)
    return saved


_modules_with_a_world: set[str] = set()


@pytest.fixture(autouse=True)
def _world_tests_last(request) -> None:
    """A test without the world must not run after its module built it: it would wait on the lock."""
    if "demo_world" not in request.fixturenames and request.module.__name__ in _modules_with_a_world:
        pytest.fail(f"{request.node.name} runs after a test using demo_world in its module: move it up")


@pytest.fixture(scope="module")
def _built_world(request, app: Flask, tmp_path_factory) -> Iterator[tuple[Connection, str]]:
    """A connection holding the world in an open transaction, and the folder of its attachment."""
    attachments = str(tmp_path_factory.mktemp("attachments"))
    saved = _today_and_attachments(app, attachments)
    with app.app_context():
        engine = db.engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        db.engines[None] = connection
        try:
            build_world()
        finally:
            db.session.remove()
            db.engines[None] = engine
            app.config.update(saved)
    _modules_with_a_world.add(request.module.__name__)
    try:
        yield connection, attachments
    finally:
        _modules_with_a_world.discard(request.module.__name__)
        transaction.rollback()
        connection.close()


@pytest.fixture
def demo_world(app: Flask, _isolated, _built_world) -> Iterator[None]:
    """The demo data with a draft, an attachment and an import batch; today is the demo's day."""
    connection, attachments = _built_world
    saved = _today_and_attachments(app, attachments)
    with app.app_context():
        engines = db.engines
        test_connection = engines[None]
        savepoint = connection.begin_nested()
        engines[None] = connection
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
            savepoint.rollback()
            engines[None] = test_connection
        app.config.update(saved)

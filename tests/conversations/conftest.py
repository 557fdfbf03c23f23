"""Fixtures of the conversation tests: the world on 2026-11-26, before the zone's session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketplace.extensions import db
from tests.conversations.world import ConversationWorld, build_conversation_world


@pytest.fixture
def world(app) -> Iterator[ConversationWorld]:
    # The day after the world's NOW: a request's clock (the frozen day at the wall clock's time of day) is
    # then always later than what the world wrote at NOW, whatever the time of day the suite runs.
    app.config["FROZEN_TODAY"] = "2026-11-27"
    with app.app_context():
        built = build_conversation_world()
        db.session.commit()
    yield built
    app.config.pop("FROZEN_TODAY", None)

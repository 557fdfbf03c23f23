"""Fixtures of the edge sweeps: the demo world on its day."""

from __future__ import annotations

import pytest

from tests.edge.world import DEMO_DAY, build_world


@pytest.fixture
def demo_world(app, tmp_path):
    """The demo data with a draft, an attachment and an import batch; today is the demo's day."""
    saved = {key: app.config.get(key) for key in ("FROZEN_TODAY", "ATTACHMENT_DIR")}
    app.config.update(FROZEN_TODAY=DEMO_DAY.isoformat(), ATTACHMENT_DIR=str(tmp_path))
    with app.app_context():
        build_world()
    yield
    app.config.update(saved)

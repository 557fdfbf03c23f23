"""Fixtures of the royalty tests: `take` (from the ledger tests) and the frozen web date."""

from datetime import date

import pytest

from tests.ledger.conftest import take  # noqa: F401 - the fixture, re-exported


@pytest.fixture
def at(app):
    """at(day): the web layer's today (`FROZEN_TODAY`) is `day` until the test ends."""

    def do(day: date) -> None:
        app.config["FROZEN_TODAY"] = day.isoformat()

    yield do
    app.config.pop("FROZEN_TODAY", None)

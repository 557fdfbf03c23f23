"""The ledger tests' `take` fixture, for notification tests."""

from tests.ledger.conftest import take  # noqa: F401 - a fixture

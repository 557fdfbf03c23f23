"""Fixtures of the dispute tests: `take` (from the ledger tests) and the frozen web date (`at`)."""

from tests.ledger.conftest import take  # noqa: F401 - the fixture, re-exported
from tests.royalties.conftest import at  # noqa: F401 - the fixture, re-exported

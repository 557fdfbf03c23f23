"""Price guidance's figures: median (half rounding up to a whole fen or millionth) and range; IPC
subclasses."""

import pytest

from marketplace.core.price_guidance import Spread, ipc_subclass, spread


@pytest.mark.parametrize(("values", "expected"), [
    ([], None),
    ([5_000_000], Spread(5_000_000, 5_000_000, 5_000_000, 1)),
    ([3, 1, 2], Spread(2, 1, 3, 3)),
    ([1, 2], Spread(2, 1, 2, 2)),  # 1.5 rounds half up
    ([1_000_000, 20_000_000, 5_000_000, 2_000_000], Spread(3_500_000, 1_000_000, 20_000_000, 4)),
    ([35_000, 35_001], Spread(35_001, 35_000, 35_001, 2)),
])
def test_spread(values, expected):
    assert spread(values) == expected


@pytest.mark.parametrize(("code", "subclass"), [
    ("C22C 38/00", "C22C"), ("h01m 8/10", "H01M"), ("C22", ""), ("", ""), ("12AB", ""),
])
def test_ipc_subclass(code, subclass):
    assert ipc_subclass(code) == subclass

"""Values kept per application for a short time: a store under `app.extensions`, each entry dropped after
its seconds, the least recently used first when the store is full. The catalogue's counts and pages and
the public pages' fragments are kept here."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app


def remembered(store: str, key: Hashable, compute: Callable[[], Any], seconds: float, entries: int) -> Any:
    """`compute()`, kept in the application's `store` under `key` for `seconds`; at most `entries` kept,
    the least recently used going first."""
    cache: OrderedDict = current_app.extensions.setdefault(store, OrderedDict())
    now = time.monotonic()
    hit = cache.get(key)
    if hit is not None and now - hit[0] < seconds:
        cache.move_to_end(key)
        return hit[1]
    value = compute()
    cache[key] = (now, value)
    cache.move_to_end(key)
    while len(cache) > entries:
        cache.popitem(last=False)
    return value

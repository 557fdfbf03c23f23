"""Values kept per application for a short time: a store under `app.extensions`, each entry dropped after
its seconds, the least recently used first when the store is full. The catalogue's counts and pages,
the public pages' fragments and whole public pages are kept here."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app


def remembered(store: str, key: Hashable, compute: Callable[[], Any], seconds: float, entries: int) -> Any:
    """`compute()`, kept in the application's `store` under `key` for `seconds`; at most `entries` kept,
    the least recently used going first."""
    cache: OrderedDict = _stores().setdefault(store, OrderedDict())
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


def _stores() -> dict[str, OrderedDict]:
    return current_app.extensions.setdefault("app_memory", {})


def store_keys(store: str) -> list[Hashable]:
    """The keys `store` holds now, the least recently used first."""
    return list(_stores().get(store, ()))


def forget_everything() -> None:
    """Drop every kept value of the application (a test starts from nothing remembered)."""
    _stores().clear()

"""Options for select fields, in the form WTForms 3.3+ expects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import SelectChoice


def select_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """SelectChoice objects from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]

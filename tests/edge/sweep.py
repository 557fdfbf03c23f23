"""Walking the URL map: every route, with its variables bound to real rows or to hostile values."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from flask import Flask
from flask_wtf import FlaskForm
from werkzeug.routing import Rule

_VARIABLE = re.compile(r"<(?:[a-zA-Z_][a-zA-Z0-9_]*(?:\([^)]*\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>")
LAST = ("accounts.logout",)  # logging out ends the sweep's session, so it goes last


def rules(app: Flask) -> list[Rule]:
    """Every rule of the URL map, the ones that end the session last."""
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.endpoint in LAST, rule.rule))


def methods(rule: Rule) -> list[str]:
    return [method for method in ("GET", "POST") if method in rule.methods]


def build(rule: Rule, values: dict[str, str]) -> str:
    """The rule's path with each variable replaced by its (already URL-encoded) value."""
    return _VARIABLE.sub(lambda match: values[match.group(1)], rule.rule)


@lru_cache(maxsize=256)
def encode(value) -> str:
    """A value as it goes into a URL or a form body; `bytes` are sent as they are (percent-encoded).
    Remembered: the sweeps encode the same hostile values thousands of times."""
    if isinstance(value, bytes):
        return "".join(f"%{byte:02X}" for byte in value)
    return quote(str(value), safe="")


def form_field_names() -> list[str]:
    """The field names of every form class of the application."""
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        names.update(name for name in dir(cls) if hasattr(getattr(cls, name, None), "field_class"))
    return sorted(names)

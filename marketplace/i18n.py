"""Language selection: Chinese by default, English when the user switches to it."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import current_app, has_request_context, session


def select_locale() -> str:
    """The session's chosen language, else the default (zh_CN); outside requests the default."""
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def selected_locale() -> Locale:
    """`select_locale` as the parsed Babel locale Flask-Babel asks for on every request, parsed once
    per name (parsing looks the name up among every locale Babel knows)."""
    return _parsed(select_locale())


@lru_cache(maxsize=16)
def _parsed(name: str) -> Locale:
    return Locale.parse(name)


def html_lang(locale: str) -> str:
    """The value of <html lang> for a Babel locale name."""
    return locale.replace("_", "-")

"""Language selection: Chinese by default, English when the user switches to it."""

from __future__ import annotations

from flask import current_app, has_request_context, session


def select_locale() -> str:
    """The session's chosen language, else the default (zh_CN); outside requests the default."""
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def html_lang(locale: str) -> str:
    """The value of <html lang> for a Babel locale name."""
    return locale.replace("_", "-")

"""Language selection: Chinese by default, English when the user switches to it."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import current_app, g, has_app_context, has_request_context, session
from flask_babel import get_locale, get_translations


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


def _translations():
    """The translations of the locale in effect, looked up once per locale per request: a page asks for
    some fifty strings, and Flask-Babel finds the locale and its catalogue again for each. The locale
    object in effect is part of the check, so `force_locale` and `refresh` are followed."""
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    remembered = g.get("page_translations")
    if remembered is not None and remembered[0] is locale:
        return remembered[1]
    translations = get_translations()
    g.page_translations = (locale, translations)
    return translations


def install_template_gettext(app) -> None:
    """Templates' `_`, `gettext`, `ngettext` and `pgettext` through `_translations` (Flask-Babel installs
    the same callables, each looking the catalogue up afresh)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )

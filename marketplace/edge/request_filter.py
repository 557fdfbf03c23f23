"""One input filter for every form and query value: the request's argument and form dictionaries are
built clean.

Werkzeug builds ``request.args``, ``request.form`` and ``request.files`` with the request class's
`parameter_storage_class`; this one removes control characters (NUL and the other C0 characters except
tab, CR and LF; see `core.input_text`) from every key and text value as the dictionary is made, and
refuses a lone surrogate with a 400. Views, forms and CSRF checks therefore only ever see clean text,
and PostgreSQL never a NUL byte.
"""

from __future__ import annotations

from flask import Request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import BadRequest

from marketplace.core.input_text import has_lone_surrogate, strip_controls

UNREADABLE_MESSAGE = _l("The request contains characters that are not text. Nothing was saved.")


class UnreadableInput(BadRequest):
    """A form or query value that is not well-formed text (a lone surrogate)."""

    description = UNREADABLE_MESSAGE


def clean_text(value: str) -> str:
    """`value` without control characters; UnreadableInput if it holds a lone surrogate."""
    if has_lone_surrogate(value):
        raise UnreadableInput()
    return strip_controls(value)


def _clean(value):
    return clean_text(value) if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict):
    """An immutable multi-dict whose keys and text values are filtered by `clean_text`."""

    def __init__(self, mapping=None) -> None:
        raw = MultiDict(mapping) if mapping is not None else MultiDict()
        super().__init__([(_clean(key), _clean(value)) for key, value in raw.items(multi=True)])


class FilteredRequest(Request):
    """The application's request: its args, form and files are `CleanMultiDict`s."""

    parameter_storage_class = CleanMultiDict

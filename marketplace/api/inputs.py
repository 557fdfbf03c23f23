"""Input of the API's write endpoints: text cleaned as the site's forms clean it, and service refusals
named by the body's field names."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from marshmallow import ValidationError, fields

from marketplace.core.input_text import has_lone_surrogate, strip_controls
from marketplace.service_errors import ServiceError


class CleanString(fields.String):
    """Text without control characters (tab, CR and LF kept), as the site's forms receive it; a lone
    surrogate is refused. Validators see the cleaned text."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if has_lone_surrogate(text):
            raise ValidationError(_("The request contains characters that are not text. Nothing was saved."))
        return strip_controls(text)


@contextmanager
def body_fields(**names: str) -> Iterator[None]:
    """Within the block, a ServiceError about a form field `form_name` names the body's field instead
    (`body_fields(period="period_start")`)."""
    try:
        yield
    except ServiceError as error:
        if error.field in names:
            error.field = names[error.field]
        raise

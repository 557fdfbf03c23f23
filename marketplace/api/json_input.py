"""The base of the API's request-body schemas: JSON text cleaned as the site's forms are.

Form and query values pass the request filter (`edge.request_filter`); a JSON body does not, so every
body schema cleans its own strings the same way before loading: control characters are removed and a
lone surrogate is refused (422). Keys a schema does not know are ignored, so a client may send back an
object as the API printed it (with its read-only fields).
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, pre_load

from marketplace.core.input_text import has_lone_surrogate, strip_controls
from marketplace.edge.request_filter import UNREADABLE_MESSAGE


def clean_json(value: Any) -> Any:
    """`value` with every string (keys too) filtered; ValidationError for a lone surrogate."""
    if isinstance(value, str):
        if has_lone_surrogate(value):
            raise ValidationError(str(UNREADABLE_MESSAGE))
        return strip_controls(value)
    if isinstance(value, dict):
        return {clean_json(key): clean_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    return value


class JsonInput(Schema):
    """A request body: strings cleaned, unknown keys ignored."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _clean(self, data: Any, **kwargs) -> Any:
        return clean_json(data)

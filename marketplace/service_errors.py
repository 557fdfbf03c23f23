"""The error services raise when a request breaks a rule that spans records or money.

Views show it next to the named form field (or above the form when no field is named).
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refused request: `message` is shown to the user, `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def show_on_form(form, error: ServiceError) -> None:
    """Attach a service error to a WTForms form so the template renders it beside the field."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)

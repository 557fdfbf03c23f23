"""The base of every form: text filtered once, and data that cannot be read before validation.

`MarketplaceForm` is the only subclass of Flask-WTF's `FlaskForm` in the application (a test holds every
form to it). It adds two things to every field of every form:

- Request data reaches the form through the request filter (`request_filter`); a JSON body, which
  Flask-WTF turns into a multi-dict of its own, is filtered here the same way.
- Single-line text fields (every `StringField` that is not a text area or a password) get tab, CR and
  LF turned into spaces; the request filter has already removed every other control character.
- A form bound to the request's data (a submitted POST form, or a GET form built from
  ``request.args``) refuses to give up a field's `data` until `validate()` has run: reading it earlier
  raises `UnvalidatedFormRead`. A view that forgot ``validate_on_submit()`` fails loudly in every test
  that posts to it, instead of storing a reason of a million characters.

`ActionForm` is the form of a button that carries only the CSRF token (publish, discard, log out).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.csrf.core import CSRFTokenField

from marketplace.core.input_text import parse_ascii_int, single_line
from marketplace.edge.converters import MAX_ID
from marketplace.edge.request_filter import CleanMultiDict

STALE_PAGE = _l("This page is out of date; reload it and try again.")


class UnvalidatedFormRead(RuntimeError):
    """A view read submitted form data before validating the form."""


class _DataGuard:
    """Whether the fields of one form may be read: not while bound to request data and unvalidated."""

    def __init__(self) -> None:
        self.bound = False
        self.armed = False
        self.validated = False

    @property
    def locked(self) -> bool:
        return self.armed and self.bound and not self.validated


class _GuardedData:
    """Placed before a field's own class: `data` is refused while the form's guard is locked."""

    @property
    def data(self):
        guard = self.__dict__.get("_data_guard")
        if guard is not None and guard.locked:
            raise UnvalidatedFormRead(
                f"the field {self.name!r} was read before its form was validated")  # type: ignore[attr-defined]
        return self.__dict__.get("_guarded_data")

    @data.setter
    def data(self, value) -> None:
        self.__dict__["_guarded_data"] = value


_GUARDED_CLASSES: dict[type, type] = {}


def _guarded_class(field_class: type) -> type:
    if field_class not in _GUARDED_CLASSES:
        _GUARDED_CLASSES[field_class] = type(field_class.__name__, (_GuardedData, field_class), {})
    return _GUARDED_CLASSES[field_class]


def _guard(field, guard: _DataGuard) -> None:
    if isinstance(field, CSRFTokenField) or isinstance(getattr(type(field), "data", None), property):
        return  # the CSRF token is checked before every view; composite fields have their own data
    value = field.__dict__.pop("data", None)
    field.__class__ = _guarded_class(type(field))
    field.__dict__["_data_guard"] = guard
    field.__dict__["_guarded_data"] = value


def _is_single_line(field) -> bool:
    return isinstance(field, StringField) and not isinstance(field, TextAreaField | PasswordField)


def _one_line(value):
    return single_line(value) if isinstance(value, str) else value


class MarketplaceForm(FlaskForm):
    """A Flask-WTF form whose submitted data is filtered and must be validated before it is read."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            _guard(field, _guard_of(form))
            return field

        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if wrapped is not None and type(wrapped) is ImmutableMultiDict:
                wrapped = CleanMultiDict(wrapped)  # a JSON body: Flask-WTF builds a plain multi-dict
            _guard_of(form).bound = wrapped is not None
            return wrapped

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _guard_of(self).armed = True

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs) -> None:
        """Process as WTForms does, with single-line fields put on one line."""
        guard = _guard_of(self)
        armed, guard.armed = guard.armed, False
        filters = {name: list(extra) for name, extra in (extra_filters or {}).items()}
        for name, field in self._fields.items():
            if _is_single_line(field):
                filters.setdefault(name, []).append(_one_line)
        try:
            super().process(formdata, obj, data, extra_filters=filters, **kwargs)
        finally:
            guard.armed = armed

    def validate(self, extra_validators=None) -> bool:
        """Validate the fields (after which their data may be read)."""
        _guard_of(self).validated = True
        return super().validate(extra_validators)


def _guard_of(form) -> _DataGuard:
    guard = form.__dict__.get("_data_guard")
    if guard is None:
        guard = form.__dict__["_data_guard"] = _DataGuard()
    return guard


class ActionForm(MarketplaceForm):
    """A button's form: only the CSRF token."""


class IdField(HiddenField):
    """A row id carried in a hidden field: ASCII digits within the id range, else an error."""

    def process_formdata(self, valuelist) -> None:
        if valuelist:
            self.data = parse_ascii_int(valuelist[0], 1, MAX_ID)
            if self.data is None:
                raise ValueError(str(STALE_PAGE))

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


def flash_errors(form: MarketplaceForm) -> None:
    """Flash the errors of a form whose fields are hidden (a button's form), so the refusal is seen."""
    from flask import flash

    for errors in (form.form_errors, *form.errors.values()):
        for error in errors:
            if isinstance(error, str):
                flash(error, "danger")

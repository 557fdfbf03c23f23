"""Forms for registration, log-in, passwords and the administration of users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length, Optional, ValidationError

from marketplace.accounts.labels import PASSWORD_MESSAGES, ROLE_LABELS
from marketplace.accounts.models import AccountStatus, Role
from marketplace.accounts.services import PersonDetails
from marketplace.choices import select_choices
from marketplace.core.password_policy import MAX_LENGTH, password_problems
from marketplace.core.text import normalise_email
from marketplace.edge.forms import MarketplaceForm
from marketplace.organisations.forms import EnterpriseFields


def _email_field() -> StringField:
    return StringField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))],
        filters=[normalise_email],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


def _new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
        description=_l("At least 10 characters, with letters and digits."),
        render_kw={"autocomplete": "new-password"},
    )


def _confirm_field(other: str) -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH),
                    EqualTo(other, message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordPolicyMixin:
    """Checks `password_field` against the password policy and the account's e-mail: the form's
    `email` field when it has one, else `account_email` (set by the view for an existing account)."""

    password_field = "password"  # noqa: S105 - a field name
    account_email = ""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)  # type: ignore[misc]
        field = getattr(self, self.password_field)
        email_field = getattr(self, "email", None)
        email = (email_field.data or "") if email_field is not None else self.account_email
        problems = password_problems(field.data or "", email)
        if problems:
            field.errors = [*field.errors, *(str(PASSWORD_MESSAGES[p]) for p in problems)]
            return False
        return ok


class PersonFields(MarketplaceForm):
    """Who is registering: e-mail, name and a new password."""

    email = _email_field()
    name = StringField(
        _l("Your name"), validators=[DataRequired(), Length(max=50)],
        render_kw={"autocomplete": "name"},
    )
    password = _new_password_field(_l("Password"))
    confirm = _confirm_field("password")

    def person_details(self) -> PersonDetails:
        return PersonDetails(email=self.email.data, name=self.name.data, password=self.password.data)


class EnterpriseRegistrationForm(PasswordPolicyMixin, PersonFields, EnterpriseFields):
    """Self-registration of an enterprise and its first user."""

    submit = SubmitField(_l("Register"))


APPLY_ROLES = select_choices(
    (role, ROLE_LABELS[role]) for role in (Role.UNIVERSITY_STAFF, Role.ORGANISER)
)


class AccountApplicationForm(PasswordPolicyMixin, PersonFields):
    """University staff and organisers apply for an account; an administrator approves it."""

    role = SelectField(_l("I am"), choices=APPLY_ROLES, coerce=Role, validators=[DataRequired()])
    university_id = SelectField(
        _l("University"), coerce=int, validators=[Optional()],
        description=_l("Required for university staff."),
    )
    note = TextAreaField(
        _l("Note for the administrator"), validators=[Optional(), Length(max=200)],
        description=_l("Your department and position help the administrator approve you quickly."),
    )
    submit = SubmitField(_l("Apply"))

    def validate_university_id(self, field) -> None:
        if self.role.data == Role.UNIVERSITY_STAFF and not field.data:
            raise ValidationError(str(_l("Choose the university you work for.")))


class LoginForm(MarketplaceForm):
    """E-mail and password."""

    email = _email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this computer"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(PasswordPolicyMixin, MarketplaceForm):
    """Change one's own password."""

    password_field = "new_password"  # noqa: S105 - a field name

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field(_l("New password"))
    confirm = _confirm_field("new_password")
    submit = SubmitField(_l("Change password"))


CREATE_ROLES = select_choices(
    (role, ROLE_LABELS[role]) for role in (Role.UNIVERSITY_STAFF, Role.ORGANISER, Role.ADMIN)
)


class CreateAccountForm(PasswordPolicyMixin, PersonFields):
    """An administrator creates a staff, organiser or administrator account."""

    role = SelectField(_l("Role"), choices=CREATE_ROLES, coerce=Role, validators=[DataRequired()])
    university_id = SelectField(
        _l("University"), coerce=int, validators=[Optional()],
        description=_l("Required for university staff."),
    )
    submit = SubmitField(_l("Create account"))

    validate_university_id = AccountApplicationForm.validate_university_id


class PasswordResetRequestForm(MarketplaceForm):
    """Ask for a password reset link by e-mail."""

    email = _email_field()
    submit = SubmitField(_l("Send me a link"))


class PasswordResetForm(PasswordPolicyMixin, MarketplaceForm):
    """Choose a new password from a reset link."""

    password = _new_password_field(_l("New password"))
    confirm = _confirm_field("password")
    submit = SubmitField(_l("Set the new password"))


_STATUSES = tuple(status.value for status in AccountStatus)
_CHOOSE_STATUS = _l("Choose a status for the account.")


class AccountStatusForm(MarketplaceForm):
    """An administrator approves, enables or disables an account; `back_status` is the list's filter,
    `back_to` says the form came from the user's page."""

    status = HiddenField(validators=[AnyOf(_STATUSES, message=_CHOOSE_STATUS)])
    back_status = HiddenField(validators=[Optional(), AnyOf(_STATUSES, message=_CHOOSE_STATUS)])
    # "user" when the form was sent from the user's own page, which the answer returns to.
    back_to = HiddenField(validators=[Optional(), AnyOf(["user"], message=_CHOOSE_STATUS)])

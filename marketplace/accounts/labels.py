"""Display names for account enums."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import AccountStatus, Role
from marketplace.core.password_policy import MAX_LENGTH, MIN_LENGTH, PasswordProblem

ROLE_LABELS = {
    Role.UNIVERSITY_STAFF: _l("University IP centre staff"),
    Role.ENTERPRISE_USER: _l("Enterprise user"),
    Role.ORGANISER: _l("Event organiser"),
    Role.ADMIN: _l("Administrator"),
}

STATUS_LABELS = {
    AccountStatus.PENDING: _l("Awaiting approval"),
    AccountStatus.ACTIVE: _l("Active"),
    AccountStatus.DISABLED: _l("Disabled"),
}

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("Use at least %(n)d characters.", n=MIN_LENGTH),
    PasswordProblem.TOO_LONG: _l("Use at most %(n)d characters.", n=MAX_LENGTH),
    PasswordProblem.NEEDS_LETTER_AND_DIGIT: _l("Use both letters and digits."),
    PasswordProblem.TOO_COMMON: _l("This password is among the most guessed ones; choose another."),
    PasswordProblem.CONTAINS_EMAIL: _l("Do not use your e-mail address in the password."),
}

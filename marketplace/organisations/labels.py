"""Display names for organisation enums."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.credit_code import CreditCodeProblem
from marketplace.organisations.models import SizeClass

SIZE_LABELS = {
    SizeClass.LARGE: _l("Large enterprise"),
    SizeClass.MEDIUM: _l("Medium enterprise"),
    SizeClass.SMALL: _l("Small enterprise"),
    SizeClass.MICRO: _l("Micro enterprise"),
}

CREDIT_CODE_MESSAGES = {
    CreditCodeProblem.LENGTH: _l("A unified social credit code has exactly 18 characters."),
    CreditCodeProblem.CHARACTERS: _l(
        "A unified social credit code uses digits and capital letters except I, O, Z, S and V."
    ),
    CreditCodeProblem.CHECK: _l(
        "The check character (the last one) does not match: please check the code for typos."
    ),
}

"""Words for the register of outside licences: the kinds, and the refusals the core reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.outside_licences import EndProblem, OutsideLicenceKind, TermProblem

KIND_LABELS = {
    OutsideLicenceKind.ORDINARY: _l("Ordinary licence"),
    OutsideLicenceKind.EXCLUSIVE: _l("Exclusive licence"),
    OutsideLicenceKind.SOLE: _l("Sole licence"),
}

TERM_MESSAGES = {
    TermProblem.START_BEFORE_FILING: _l(
        "The patent was filed on %(day)s; a licence cannot start before that."),
    TermProblem.END_AFTER_EXPIRY: _l("The patent expires on %(day)s; a licence cannot run past that."),
    TermProblem.END_BEFORE_START: _l("The last day is before the first day (%(day)s)."),
}

END_MESSAGES = {
    EndProblem.AFTER_TODAY: _l("This date is in the future; today is %(day)s."),
    EndProblem.AFTER_LAST_DAY: _l(
        "The licence's agreed last day is %(day)s; an early end cannot be after it."),
    EndProblem.BEFORE_START: _l("An early end cannot be before %(day)s (the licence's first day, or today "
                                "for a licence not yet begun)."),
}

REFUSED_WHILE_DECLARED = _l(
    "An exclusive or sole licence cannot be granted while an open-licence declaration is in force "
    "(Patent Law art. 51); withdraw the declaration first, or record an ordinary licence.")

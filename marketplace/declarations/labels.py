"""Messages for the legal bars and plan problems the domain core reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.core.declaration_rules import DeclarationBar, DeclarationStatus
from marketplace.core.plan_validation import PlanProblem, PlanWarning

BAR_MESSAGES = {
    DeclarationBar.NOT_IN_FORCE: _l("Only a granted patent in force can be declared open for licence."),
    DeclarationBar.EXPIRED: _l("The patent's term has ended."),
    DeclarationBar.EXCLUSIVE_LICENCE: _l(
        "An exclusive or sole licence is still in its term; no open licence can be declared until it ends."
    ),
    DeclarationBar.PLEDGED: _l("The patent is pledged and the pledgee has not consented."),
    DeclarationBar.FEES_OVERDUE: _l("Annual fees are unpaid; pay them before declaring."),
    DeclarationBar.SUSPENDED: _l(
        "The patent is suspended for an ownership dispute or a court preservation order."
    ),
    DeclarationBar.CO_OWNER_CONSENT: _l("The patent is co-owned: every co-owner's consent must be recorded."),
    DeclarationBar.EVALUATION_REPORT: _l(
        "Utility models and designs need a patent evaluation report on file before declaring."
    ),
}

STATUS_LABELS = {
    DeclarationStatus.DRAFT: _l("Draft"),
    DeclarationStatus.PUBLISHED: _l("Published"),
    DeclarationStatus.EVENT: _l("Event terms"),
    DeclarationStatus.WITHDRAWN: _l("Withdrawn"),
}

PLAN_PROBLEM_MESSAGES = {
    PlanProblem.NO_PHASES: _l("The plan has no phases."),
    PlanProblem.TRIAL_LAST: _l("A trial cannot be the last phase: say what follows it."),
    PlanProblem.TRIAL_NOT_FIRST: _l("A trial can only be the first phase."),
    PlanProblem.DURATION_NOT_POSITIVE: _l("Every phase must last at least one day."),
    PlanProblem.OPEN_PHASE_NOT_LAST: _l("Only the last phase may run to the end of the licence."),
    PlanProblem.FEE_NEGATIVE: _l("Fees cannot be negative."),
    PlanProblem.FEE_MISSING: _l("A paid phase needs a fee above zero (use a free plan for no fee)."),
    PlanProblem.ROYALTY_RATE_MISSING: _l("A royalty phase needs a rate."),
    PlanProblem.ROYALTY_RATE_NOT_POSITIVE: _l("The royalty rate must be above zero."),
    PlanProblem.ROYALTY_RATE_TOO_HIGH: _l("The royalty rate may be at most 20 percent of net sales."),
    PlanProblem.ROYALTY_PERIOD_MISSING: _l("Say whether royalties are reported each quarter or each year."),
    PlanProblem.MINIMUM_NEGATIVE: _l("The annual minimum cannot be negative."),
    PlanProblem.TERM_NOT_POSITIVE: _l("The licence term must be at least one day."),
    PlanProblem.PHASES_LONGER_THAN_TERM: _l("The phases last longer than the licence term."),
    PlanProblem.TRIAL_END_MISSING: _l("Say what happens when the trial ends without a decision."),
    PlanProblem.CONVERSION_INVALID: _l("A trial converts to a flat, staged or royalty plan."),
    PlanProblem.FREE_WITH_FEE: _l("A free plan has no fees."),
    PlanProblem.KIND_MISMATCH: _l("The phases do not fit the chosen kind of plan."),
    PlanProblem.MILESTONE_FIRST_PHASE: _l("The first stage starts with the licence: it cannot wait for a "
                                          "milestone."),
    PlanProblem.MILESTONE_KIND: _l("Only a paid stage or a royalty phase can fall due at a milestone."),
    PlanProblem.MILESTONE_WITHOUT_FEE: _l("A stage that falls due at a milestone needs a fee above zero."),
    PlanProblem.MILESTONE_NAME: _l("Name the milestone in one line of at most 60 characters."),
}

PLAN_WARNING_MESSAGES = {
    PlanWarning.FIXED_FEE_ABOVE_20M: _l(
        "The fixed fee is above RMB 20,000,000, more than CNIPA's guidance expects for open licences."
    ),
}

CHARGE_LABELS = {
    "trial_fee": _l("Trial fee"),
    "fixed": _l("Licence fee"),
    "entry_fee": _l("Entry fee"),
    "royalty": _l("Estimated royalty"),
    "minimum_true_up": _l("Annual minimum true-up"),
}

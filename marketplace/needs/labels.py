"""Display names of a need's statuses, visibility, timeline, wanted plan kinds and budget bands."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.core.need_budget import BudgetBand
from marketplace.core.need_state import NeedStatus, NeedTimeline, NeedVisibility
from marketplace.core.pricing import PlanKind

STATUS_LABELS = {
    NeedStatus.OPEN: _l("Open for answers"),
    NeedStatus.IN_TALKS: _l("In talks"),
    NeedStatus.SOLVED: _l("Solved"),
    NeedStatus.CLOSED: _l("Closed"),
}

STATUS_STYLES = {
    NeedStatus.OPEN: "success",
    NeedStatus.IN_TALKS: "info",
    NeedStatus.SOLVED: "primary",
    NeedStatus.CLOSED: "secondary",
}

VISIBILITY_LABELS = {
    NeedVisibility.PUBLIC: _l("Public: everyone can read it"),
    NeedVisibility.UNIVERSITIES: _l("Universities only: IP centres and administrators"),
}

TIMELINE_LABELS = {
    NeedTimeline.WITHIN_3_MONTHS: _l("Within 3 months"),
    NeedTimeline.WITHIN_6_MONTHS: _l("Within 6 months"),
    NeedTimeline.WITHIN_1_YEAR: _l("Within a year"),
    NeedTimeline.LONGER: _l("More than a year"),
}

# The plan kinds an enterprise may ask for (a free plan is not something one asks a university for).
WANTED_PLAN_KINDS = (PlanKind.FLAT, PlanKind.STAGED, PlanKind.TRY_FIRST, PlanKind.ROYALTY)
WANTED_PLAN_LABELS = {kind.value: PLAN_KIND_LABELS[kind.value] for kind in WANTED_PLAN_KINDS}
ANY_PLAN = "any"
PLAN_FACET_LABELS = {**WANTED_PLAN_LABELS, ANY_PLAN: _l("Any plan")}

BUDGET_BAND_LABELS = {
    BudgetBand.NOT_STATED: _l("Budget not stated"),
    BudgetBand.UP_TO_10_WAN: _l("Up to ¥100,000"),
    BudgetBand.UP_TO_50_WAN: _l("¥100,000 – ¥500,000"),
    BudgetBand.UP_TO_100_WAN: _l("¥500,000 – ¥1,000,000"),
    BudgetBand.ABOVE_100_WAN: _l("Above ¥1,000,000"),
}

# What each status button says, by the status it moves the need to.
MOVE_LABELS = {
    NeedStatus.OPEN: _l("Reopen (the talks ended)"),
    NeedStatus.IN_TALKS: _l("Mark as in talks"),
    NeedStatus.SOLVED: _l("Mark as solved"),
    NeedStatus.CLOSED: _l("Close the need"),
}

MOVE_DONE = {
    NeedStatus.OPEN: _l("The need is open again."),
    NeedStatus.IN_TALKS: _l("The need is marked as in talks."),
    NeedStatus.SOLVED: _l("The need is marked as solved."),
    NeedStatus.CLOSED: _l("The need is closed."),
}

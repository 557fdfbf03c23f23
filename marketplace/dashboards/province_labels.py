"""Words for the province dashboard's figures."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.dashboards.province import Figure
from marketplace.policy.served import ServedBy

FIGURE_LABELS = {
    Figure.SERVED: _l("Enterprises served"),
    Figure.SERVED_STRICT: _l("Enterprises served by licence"),
    Figure.PATENTS: _l("Patents published"),
    Figure.OFFERS: _l("Patents on offer"),
    Figure.REACHED: _l("Enterprises reached"),
    Figure.MEETINGS_REQUESTED: _l("Meetings requested"),
    Figure.MEETINGS_HELD: _l("Meetings held"),
    Figure.LICENCES: _l("Licences taken"),
    Figure.CONVERTED: _l("Converted or paid"),
    Figure.FILED: _l("备案 recorded"),
    Figure.TRIALS: _l("Trials taken"),
    Figure.TRIALS_CONVERTED: _l("Trials converted"),
    Figure.CHARGED: _l("Fees charged"),
    Figure.COLLECTED: _l("Fees collected"),
    Figure.OVERDUE: _l("Fees overdue"),
    Figure.FILING_OVERDUE: _l("备案 overdue"),
}

SERVED_BY_LABELS = {
    ServedBy.LICENCE.value: _l("Licence taken"),
    ServedBy.MEETING.value: _l("Meeting held"),
    ServedBy.ANSWER.value: _l("Answer accepted"),
}


def month_label(number: int) -> str:
    """A month's short name (一月 …)."""
    return _("Month %(number)d", number=number)
